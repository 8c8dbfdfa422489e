'use strict';
// Arbitrary values in every argument: each call returns or throws an Error, and the process
// never aborts in the native addon.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const fc = require('fast-check');

const { PACKAGE_DIR } = require('./helpers');

const { sign, verify, decode, DocumentServer } = require(PACKAGE_DIR);

const NUM_RUNS = Number(process.env.ROBUSTNESS_RUNS || 300);

const TOKEN = sign({ key: 'doc-1', status: 2 }, 'secret');

/** Runs `fn` and fails the test if it throws anything other than an Error. */
function returnsOrThrowsError(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error, `threw a non-Error: ${String(err)}`);
  }
}

// Strings that look like tokens, so that calls get past the first checks.
const tokenLike = fc.oneof(
  fc.string(),
  fc.constant(TOKEN),
  fc
    .tuple(fc.nat(TOKEN.length - 1), fc.string({ maxLength: 3 }))
    .map(([index, text]) => TOKEN.slice(0, index) + text + TOKEN.slice(index + 1)),
  fc.array(fc.base64String(), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
);
const anyValue = fc.oneof(
  fc.anything(),
  tokenLike,
  fc.uint8Array().map((bytes) => Buffer.from(bytes)),
);

test('sign with arbitrary arguments', () => {
  fc.assert(
    fc.property(anyValue, anyValue, anyValue, (payload, secret, options) => {
      returnsOrThrowsError(() => sign(payload, secret, options));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('verify and decode with arbitrary arguments', () => {
  fc.assert(
    fc.property(fc.oneof(tokenLike, anyValue), anyValue, anyValue, (token, secret, options) => {
      returnsOrThrowsError(() => verify(token, secret, options));
      returnsOrThrowsError(() => verify(token, 'secret', options));
      returnsOrThrowsError(() => decode(token, options));
    }),
    { numRuns: NUM_RUNS },
  );
});

test('DocumentServer with arbitrary arguments', () => {
  const ds = new DocumentServer({ secret: 'secret' });
  fc.assert(
    fc.property(anyValue, anyValue, tokenLike, (body, headers, token) => {
      returnsOrThrowsError(() => new DocumentServer(body));
      returnsOrThrowsError(() => ds.signConfig(body));
      returnsOrThrowsError(() => ds.signMethod(body));
      returnsOrThrowsError(() => ds.signRequest(body, headers));
      returnsOrThrowsError(() => ds.verifyCallback(body, headers));
      returnsOrThrowsError(() =>
        ds.verifyCallback({ token }, { authorization: `Bearer ${token}` }),
      );
      returnsOrThrowsError(() => ds.verifyDownload(token, headers));
    }),
    { numRuns: NUM_RUNS },
  );
});
