'use strict';
// Differential tests against jsonwebtoken 9.0.2 on generated payloads, options, secrets and
// tampered tokens: the same tokens, the same accept or reject, the same error class and
// message, the same claims. Inputs where onlyoffice-jwt is deliberately stricter (listed in
// README.md) are kept out of generation, or only checked for rejection.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const fc = require('fast-check');
const jsonwebtoken = require('jsonwebtoken');

const { PACKAGE_DIR } = require('./helpers');

const ours = require(PACKAGE_DIR);

const NUM_RUNS = Number(process.env.DIFFERENTIAL_RUNS || 400);
const HMAC = ['HS256', 'HS384', 'HS512'];
const CLAIM_VALUES = ['a', 'b', 'ds', 'host', ''];

/** Runs `fn` with Date.now fixed at `nowMs`. */
function atTime(nowMs, fn) {
  const realNow = Date.now;
  Date.now = () => nowMs;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

/** Returns the result of `fn`, or the observable parts of the error it throws. */
function outcome(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    return {
      ok: false,
      name: err.name,
      message: err.message,
      expiredAt: err.expiredAt?.getTime(),
      date: err.date?.getTime(),
    };
  }
}

function sameOutcome(ourResult, theirResult, context) {
  const label = JSON.stringify(context, (key, value) =>
    value instanceof RegExp ? String(value) : value,
  );
  if (ourResult.ok && theirResult.ok) {
    assert.deepEqual(ourResult.value, theirResult.value, label);
    return;
  }
  assert.equal(
    ourResult.ok,
    theirResult.ok,
    `${label}\nours: ${JSON.stringify(ourResult)}\njsonwebtoken: ${JSON.stringify(theirResult)}`,
  );
  const { ok: _ours, ...ourError } = ourResult;
  const { ok: _theirs, ...theirError } = theirResult;
  assert.deepEqual(ourError, theirError, label);
}

// Secrets: ASCII and Unicode text, lone surrogates (both sides use U+FFFD for them), raw bytes.
const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));
const secretArb = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
  fc.string({ unit: loneSurrogate, minLength: 1, maxLength: 4 }),
  fc.uint8Array({ minLength: 1, maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
);

// NumericDate values within the years 1 to 9999, which the core requires.
const secondsArb = fc.integer({ min: 0, max: 4_000_000_000 });
const nowArb = fc.integer({ min: 1_000_000_000, max: 2_000_000_000 });

// Payload members: Unicode text without lone surrogates (the core rejects their escapes),
// and no names of Object.prototype members (jsonwebtoken throws a TypeError for those).
const payloadArb = fc
  .record(
    {
      members: fc.dictionary(
        fc.string({ maxLength: 8 }).filter((name) => !(name in Object.prototype)),
        fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }),
        { maxKeys: 6 },
      ),
      iat: secondsArb,
      exp: secondsArb,
      nbf: secondsArb,
      aud: fc.oneof(
        fc.constantFrom(...CLAIM_VALUES),
        fc.array(fc.constantFrom(...CLAIM_VALUES), { maxLength: 3 }),
      ),
      iss: fc.constantFrom(...CLAIM_VALUES),
      sub: fc.constantFrom(...CLAIM_VALUES),
      nonce: fc.constantFrom(...CLAIM_VALUES),
    },
    { requiredKeys: ['members'] },
  )
  .map(({ members, ...claims }) => ({ ...members, ...claims }));

const timespanArb = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000_000 }),
  fc.constantFrom('5m', '2h', '1d', '10s', '1.5h', '7 days', '100', '1y', 'abc', ''),
);

// Header values are ASCII: jws writes the header as Latin-1, the core as UTF-8.
const headerArb = fc.record(
  {
    kid: fc.string({ maxLength: 10 }),
    cty: fc.string({ maxLength: 10 }),
    alg: fc.constantFrom(...HMAC),
    typ: fc.constantFrom('JWT', 'JOSE'),
  },
  { requiredKeys: [] },
);

const signOptionsArb = fc.record(
  {
    algorithm: fc.constantFrom(...HMAC),
    expiresIn: timespanArb,
    notBefore: timespanArb,
    audience: fc.oneof(
      fc.constantFrom(...CLAIM_VALUES),
      fc.array(fc.constantFrom(...CLAIM_VALUES), { maxLength: 3 }),
    ),
    issuer: fc.constantFrom(...CLAIM_VALUES),
    subject: fc.constantFrom(...CLAIM_VALUES),
    jwtid: fc.constantFrom(...CLAIM_VALUES),
    keyid: fc.string({ maxLength: 10 }),
    header: headerArb,
    noTimestamp: fc.boolean(),
    mutatePayload: fc.boolean(),
  },
  { requiredKeys: [] },
);

test('sign matches jsonwebtoken byte for byte', () => {
  fc.assert(
    fc.property(
      payloadArb,
      secretArb,
      signOptionsArb,
      nowArb,
      (payload, secret, options, nowSeconds) => {
        const nowMs = nowSeconds * 1000 + 123;
        const ourPayload = structuredClone(payload);
        const theirPayload = structuredClone(payload);
        const ourResult = atTime(nowMs, () =>
          outcome(() => ours.sign(ourPayload, secret, options)),
        );
        const theirResult = atTime(nowMs, () =>
          outcome(() => jsonwebtoken.sign(theirPayload, secret, options)),
        );
        sameOutcome(ourResult, theirResult, { payload, options });
        assert.deepEqual(ourPayload, theirPayload, 'the payload after signing (mutatePayload)');
      },
    ),
    { numRuns: NUM_RUNS },
  );
});

// The calls connectors make most, which take a shorter path than the general one: an object
// payload, a string secret, and no options or only `algorithm` and `expiresIn`.
const commonPayloadArb = fc
  .record(
    {
      members: fc.dictionary(
        fc.string({ maxLength: 8 }).filter((name) => !(name in Object.prototype)),
        fc.jsonValue({ maxDepth: 2, stringUnit: 'grapheme' }),
        { maxKeys: 5 },
      ),
      iat: fc.oneof(secondsArb, fc.constantFrom(0, undefined, 1.5, '1700000000', NaN)),
      exp: fc.oneof(secondsArb, fc.constantFrom(undefined, Infinity)),
      nbf: secondsArb,
    },
    { requiredKeys: ['members'] },
  )
  .map(({ members, ...claims }) => ({ ...claims, ...members }));
const commonOptionsArb = fc.oneof(
  fc.constant(undefined),
  fc.record(
    { algorithm: fc.constantFrom(...HMAC, 'hs256'), expiresIn: timespanArb },
    { requiredKeys: [] },
  ),
);

test('sign common calls match jsonwebtoken', () => {
  fc.assert(
    fc.property(
      commonPayloadArb,
      fc.string({ minLength: 1, maxLength: 40 }),
      commonOptionsArb,
      nowArb,
      (payload, secret, options, nowSeconds) => {
        const nowMs = nowSeconds * 1000 + 123;
        const ourResult = atTime(nowMs, () => outcome(() => ours.sign(payload, secret, options)));
        const theirResult = atTime(nowMs, () =>
          outcome(() => jsonwebtoken.sign(payload, secret, options)),
        );
        const infinite = [payload.iat, payload.exp, payload.nbf].some(
          (value) => typeof value === 'number' && !Number.isFinite(value),
        );
        // jsonwebtoken signs a NaN or Infinity time claim as null where this package throws,
        // as the README lists.
        if (infinite && !ourResult.ok && theirResult.ok) return;
        sameOutcome(ourResult, theirResult, { payload, options });
      },
    ),
    { numRuns: NUM_RUNS },
  );
});

test('sign unusual payload objects match jsonwebtoken', () => {
  const withHiddenIat = Object.defineProperty({ key: 'k' }, 'iat', { value: 5, enumerable: false });
  const inherited = Object.assign(Object.create({ iat: 7 }), { key: 'k' });
  const cases = [
    {},
    { iat: undefined, key: 'k' },
    { key: 'k', toJSON: () => ({ replaced: true }) },
    Object.assign(Object.create(null), { key: 'k' }),
    withHiddenIat,
    inherited,
    { exp: 1700000300, key: 'k' },
  ];
  for (const payload of cases) {
    for (const options of [undefined, { expiresIn: 60 }, { algorithm: 'HS384', expiresIn: '5m' }]) {
      const ourResult = atTime(1700000000123, () =>
        outcome(() => ours.sign(payload, 's', options)),
      );
      const theirResult = atTime(1700000000123, () =>
        outcome(() => jsonwebtoken.sign(payload, 's', options)),
      );
      sameOutcome(ourResult, theirResult, { payload, options });
    }
  }
});

test('sign string, Buffer payloads and encodings', () => {
  const bodyArb = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({ unit: fc.oneof(fc.constant('a'), loneSurrogate), maxLength: 10 }),
    fc.uint8Array({ maxLength: 30 }).map((bytes) => Buffer.from(bytes)),
    payloadArb,
  );
  const encodingArb = fc.constantFrom(
    undefined,
    'utf8',
    'latin1',
    'ascii',
    'utf16le',
    'base64',
    'hex',
  );
  fc.assert(
    fc.property(
      bodyArb,
      secretArb,
      encodingArb,
      fc.constantFrom(...HMAC),
      nowArb,
      (payload, secret, encoding, algorithm, nowSeconds) => {
        const options = encoding === undefined ? { algorithm } : { algorithm, encoding };
        const ourResult = atTime(nowSeconds * 1000, () =>
          outcome(() => ours.sign(payload, secret, options)),
        );
        const theirResult = atTime(nowSeconds * 1000, () =>
          outcome(() => jsonwebtoken.sign(payload, secret, options)),
        );
        sameOutcome(ourResult, theirResult, { payload: String(payload), options });
      },
    ),
    { numRuns: NUM_RUNS },
  );
});

// Token changes an attacker or a broken proxy could make.
const MUTATIONS = {
  none: (token) => token,
  flipSignature: (token, index) =>
    flipChar(token, token.lastIndexOf('.') + 1 + (index % signatureLength(token))),
  flipPayload: (token, index) =>
    flipChar(token, token.indexOf('.') + 1 + (index % payloadLength(token))),
  flipHeader: (token, index) => flipChar(token, index % token.indexOf('.')),
  padSignature: (token) => `${token}=`,
  dropSignature: (token) => token.slice(0, token.lastIndexOf('.') + 1),
  dropSegment: (token) => token.slice(0, token.lastIndexOf('.')),
  secretAsToken: () => '0123456789abcdef0123456789abcdef',
  truncate: (token, index) => token.slice(0, Math.max(1, token.length - 1 - (index % 5))),
  whitespace: (token) => ` ${token}`,
  headerAlgNone: (token) =>
    `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}${token.slice(token.indexOf('.'))}`,
};

function signatureLength(token) {
  return Math.max(1, token.length - token.lastIndexOf('.') - 1);
}

function payloadLength(token) {
  return Math.max(1, token.lastIndexOf('.') - token.indexOf('.') - 1);
}

function flipChar(token, index) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const current = token[index];
  if (current === undefined || current === '.') return token;
  const replacement = alphabet[(alphabet.indexOf(current) + 17) % alphabet.length];
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

/**
 * Returns true when the token has a fault jsonwebtoken tolerates and the core rejects:
 * a header or payload segment that is not canonical base64url, not UTF-8, or not a JSON
 * object, or a signature segment with nonzero unused bits.
 */
function strictlyInvalid(token) {
  const segments = token.split('.');
  if (segments.length !== 3) return false;
  for (const segment of segments.slice(0, 2)) {
    const bytes = Buffer.from(segment, 'base64url');
    if (bytes.toString('base64url') !== segment) return true;
    try {
      const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Returns an arbitrary that yields a value in about one case out of `1 + absentWeight`, else undefined. */
function sometimes(arbitrary, absentWeight = 3) {
  return fc.oneof(
    { weight: absentWeight, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary },
  );
}

/** Builds a record arbitrary whose undefined members are left out. */
function optionsOf(model) {
  return fc
    .record(model)
    .map((record) =>
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)),
    );
}

const verifyOptionsArb = optionsOf({
  algorithms: sometimes(fc.subarray([...HMAC, 'RS256'])),
  clockOffset: sometimes(fc.integer({ min: -2000, max: 2000 }), 1),
  clockTolerance: sometimes(fc.integer({ min: 0, max: 1000 })),
  audience: sometimes(
    fc.oneof(
      fc.constantFrom(...CLAIM_VALUES),
      fc.constantFrom(/^d/, /s$/, /^h/),
      fc.array(fc.oneof(fc.constantFrom(...CLAIM_VALUES), fc.constantFrom(/^d/, /b/)), {
        maxLength: 3,
      }),
    ),
  ),
  issuer: sometimes(
    fc.oneof(
      fc.constantFrom(...CLAIM_VALUES),
      fc.array(fc.constantFrom(...CLAIM_VALUES), { maxLength: 3 }),
    ),
  ),
  subject: sometimes(fc.constantFrom(...CLAIM_VALUES)),
  jwtid: sometimes(fc.constantFrom(...CLAIM_VALUES)),
  nonce: sometimes(fc.constantFrom('a', 'b', 'ds')),
  maxAge: sometimes(
    fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('1h', '2d', '30s', 'abc')),
  ),
  ignoreExpiration: sometimes(fc.boolean()),
  ignoreNotBefore: sometimes(fc.boolean()),
  complete: sometimes(fc.boolean(), 1),
});

// Lifetimes around the verification time, so that tokens expire or not by a small margin.
const signForVerifyArb = optionsOf({
  algorithm: sometimes(fc.constantFrom(...HMAC), 1),
  expiresIn: sometimes(fc.integer({ min: -3000, max: 3000 }), 1),
  notBefore: sometimes(fc.integer({ min: -3000, max: 3000 })),
  keyid: sometimes(fc.string({ maxLength: 10 })),
  jwtid: sometimes(fc.constantFrom(...CLAIM_VALUES)),
  noTimestamp: sometimes(fc.boolean()),
});

const mutationArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant('none') },
  { weight: 4, arbitrary: fc.constantFrom(...Object.keys(MUTATIONS)) },
);

test('verify generated and tampered tokens', () => {
  fc.assert(
    fc.property(
      payloadArb,
      secretArb,
      sometimes(secretArb, 5),
      signForVerifyArb,
      verifyOptionsArb,
      nowArb,
      mutationArb,
      fc.nat(),
      (payload, secret, otherSecret, signOptions, verifyOptions, nowSeconds, mutation, index) => {
        const { exp: _exp, nbf: _nbf, jti: _jti, ...claims } = payload;

        const signed = atTime(nowSeconds * 1000, () =>
          outcome(() => jsonwebtoken.sign(claims, secret, signOptions)),
        );
        fc.pre(signed.ok);
        const token = MUTATIONS[mutation](signed.value, index);
        const { clockOffset, ...options } = verifyOptions;
        if (clockOffset !== undefined) options.clockTimestamp = nowSeconds + clockOffset;
        const key = otherSecret ?? secret;

        const ourResult = atTime(nowSeconds * 1000, () =>
          outcome(() => ours.verify(token, key, options)),
        );
        const theirResult = atTime(nowSeconds * 1000, () =>
          outcome(() => jsonwebtoken.verify(token, key, options)),
        );
        if (strictlyInvalid(token)) {
          assert.equal(ourResult.ok, false, `stricter input must be rejected: ${token}`);
          return;
        }
        sameOutcome(ourResult, theirResult, { claims, signOptions, options, mutation, token });
      },
    ),
    { numRuns: NUM_RUNS * 2 },
  );
});

test('decode tokens jsonwebtoken signed', () => {
  fc.assert(
    fc.property(
      payloadArb,
      secretArb,
      headerArb,
      fc.boolean(),
      (payload, secret, header, complete) => {
        const token = jsonwebtoken.sign(payload, secret, { header });
        assert.deepEqual(
          ours.decode(token, { complete }),
          jsonwebtoken.decode(token, { complete }),
        );
      },
    ),
    { numRuns: NUM_RUNS },
  );
});
