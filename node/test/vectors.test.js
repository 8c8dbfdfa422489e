'use strict';
// Runs every shared vector in tests/vectors/*.json through the public Node API (and the
// native sign for the exact-bytes sign vectors).

const assert = require('node:assert/strict');
const path = require('node:path');
const { describe, test } = require('node:test');

const jsonwebtoken = require('jsonwebtoken');

const { PACKAGE_DIR, vectorFiles, vectorSecret, vectorText, throwsCode } = require('./helpers');

const { DocumentServer, verify } = require(PACKAGE_DIR);
const { ALGORITHM_BITS } = require(path.join(PACKAGE_DIR, 'lib', 'algorithms'));
const native = require(path.join(PACKAGE_DIR, 'lib', 'native'));

// Options of the shared format that the jsonwebtoken-compatible verify has no equivalent for,
// with the reason why the vectors that turn them on are skipped.
const UNSUPPORTED_VERIFY_OPTIONS = {
  verify_iat:
    'verify_iat (reject an iat in the future) does not apply: jsonwebtoken 9 reads iat only ' +
    'for maxAge and never rejects a future iat, and this verify matches it',
};

/** Returns the options of the jsonwebtoken-compatible verify for a verify vector. */
function verifyOptions(vector) {
  const options = {
    algorithms: vector.algorithms,
    clockTimestamp: vector.now,
    clockTolerance: vector.leeway ?? 0,
    complete: true,
  };
  if (vector.require) options.requiredClaims = vector.require;
  return options;
}

function runVerify(vector) {
  const options = verifyOptions(vector);
  const token = vectorText(vector.token);
  const call = () => verify(token, vectorSecret(vector.secret), options);
  if (vector.expect.error) {
    throwsCode(call, vector.expect.error);
    return;
  }
  const result = call();
  assert.deepEqual(result.header, vector.expect.header);
  assert.deepEqual(result.payload, vector.expect.claims);
}

function runSign(vector) {
  const token = native.sign(
    vector.header_json,
    vector.payload_json,
    vectorSecret(vector.secret),
    ALGORITHM_BITS[vector.alg],
  );
  assert.equal(token, vector.expect.token);
}

function runKey(vector) {
  const create = () =>
    new DocumentServer({
      secret: vectorSecret(vector.secret),
      algorithm: vector.alg,
      minLength: vector.policy,
    });
  if (vector.expect.error) {
    throwsCode(create, vector.expect.error);
    return;
  }
  assert.ok(create());
}

function callbackServer(vector) {
  const settings = vector.settings;
  return new DocumentServer({
    secret: vectorSecret(settings.secret),
    header: settings.header,
    prefix: settings.prefix,
    leeway: settings.leeway,
    now: vector.now,
  });
}

/** Returns the body forms to try: raw text and Buffer, plus the parsed object when there is one. */
function bodyForms(vector) {
  if (Object.prototype.hasOwnProperty.call(vector, 'body_raw')) {
    const text = vectorText(vector.body_raw);
    return [
      ['string', text],
      ['Buffer', Buffer.from(text)],
    ];
  }
  const text = JSON.stringify(vector.body);
  const forms = [
    ['string', text],
    ['Buffer', Buffer.from(text)],
  ];
  if (vector.body !== null && typeof vector.body === 'object' && !Array.isArray(vector.body)) {
    forms.push(['object', vector.body]);
  }
  return forms;
}

/**
 * Returns the header forms to try: pairs always, a plain object when names are unique, and
 * Fetch Headers when names are unique and Headers keeps the values as they are. Headers trims
 * surrounding whitespace, as HTTP parsers do, and refuses line breaks, NUL and non-Latin-1
 * names, so such vectors cannot be expressed with it.
 */
function headerForms(vector) {
  const pairs = vector.headers.map(([name, value]) => [vectorText(name), vectorText(value)]);
  const forms = [['pairs', pairs]];
  const names = pairs.map(([name]) => name.toLowerCase());
  if (new Set(names).size !== names.length) return forms;

  forms.push(['object', Object.fromEntries(pairs)]);
  if (pairs.some(([, value]) => value !== value.trim())) return forms;
  try {
    forms.push(['Headers', new Headers(pairs)]);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  return forms;
}

function runCallback(vector) {
  if (vector.expect.error === 'ERR_KEY_INVALID') {
    throwsCode(() => callbackServer(vector), vector.expect.error);
    return;
  }
  const ds = callbackServer(vector);
  for (const [bodyForm, body] of bodyForms(vector)) {
    for (const [headerForm, headers] of headerForms(vector)) {
      const label = `body as ${bodyForm}, headers as ${headerForm}`;
      if (vector.expect.error) {
        const err = throwsCode(() => ds.verifyCallback(body, headers), vector.expect.error);
        assert.equal(err.name, 'DocumentServerError', label);
        continue;
      }
      const result = ds.verifyCallback(body, headers);
      assert.deepEqual(result.data, vector.expect.data, label);
      assert.equal(result.iat ?? null, vector.expect.iat, label);
      assert.equal(result.exp ?? null, vector.expect.exp, label);
      assert.equal(result.source, vector.expect.source, label);
      assert.equal(result.key, vector.expect.data.key, label);
      assert.equal(result.status, vector.expect.data.status, label);
    }
  }
}

function runConfig(vector) {
  const create = () =>
    new DocumentServer({
      secret: vectorSecret(vector.settings.secret),
      expiresIn: vector.settings.expires_in,
      now: vector.now,
    });
  if (vector.expect.error) {
    throwsCode(() => create().signConfig(vector.config), vector.expect.error);
    return;
  }
  const signed = create().signConfig(vector.config);
  const { token, ...rest } = signed;
  const { token: oldToken, ...input } = vector.config;
  assert.equal(typeof token, 'string');
  assert.notEqual(token, oldToken);
  assert.equal(
    JSON.stringify(rest),
    JSON.stringify(input),
    'the config members, in order, without token',
  );
  assert.equal(Object.keys(signed).at(-1), 'token');

  const claims = verify(token, vectorSecret(vector.settings.secret), {
    clockTimestamp: vector.now,
  });
  assert.equal(JSON.stringify(claims), JSON.stringify(vector.expect.claims), 'claims, in order');
}

/** Creates the DocumentServer of a download, request or method vector from its settings. */
function messageServer(vector) {
  const settings = vector.settings;
  const options = { secret: vectorSecret(settings.secret), now: vector.now };
  if (settings.header !== undefined) options.header = settings.header;
  if (settings.prefix !== undefined) options.prefix = settings.prefix;
  if (settings.leeway !== undefined) options.leeway = settings.leeway;
  if (settings.expires_in !== undefined) options.expiresIn = settings.expires_in;
  return new DocumentServer(options);
}

/** Verifies a token the DocumentServer of a request or method vector signed, at the vector's now. */
function signedClaims(vector, token) {
  return verify(token, vectorSecret(vector.settings.secret), {
    algorithms: ['HS256'],
    clockTimestamp: vector.now,
  });
}

/** Asserts that `signed` is `original` without its old token, in order, plus a new token last. */
function assertSignedMembers(signed, original) {
  const { token, ...rest } = signed;
  const { token: oldToken, ...input } = original;
  assert.equal(typeof token, 'string');
  assert.notEqual(token, oldToken);
  assert.equal(JSON.stringify(rest), JSON.stringify(input), 'the members, in order, without token');
  assert.equal(Object.keys(signed).at(-1), 'token');
  return token;
}

function runDownload(vector) {
  const ds = messageServer(vector);
  for (const [headerForm, headers] of headerForms(vector)) {
    const call = () => ds.verifyDownload(vector.url, headers);
    if (vector.expect.error) {
      const err = throwsCode(call, vector.expect.error);
      assert.equal(err.name, 'DocumentServerError', `headers as ${headerForm}`);
      continue;
    }
    const result = call();
    assert.equal(result.url, vector.expect.url, `headers as ${headerForm}`);
    assert.equal(result.iat ?? null, vector.expect.iat, `headers as ${headerForm}`);
    assert.equal(result.exp ?? null, vector.expect.exp, `headers as ${headerForm}`);
  }
}

function runRequest(vector) {
  const ds = messageServer(vector);
  const operation = vector.operation ?? undefined;
  const call = () => ds.signRequest(vector.request, operation);
  if (vector.expect.error) {
    throwsCode(call, vector.expect.error);
    return;
  }
  const signed = call();
  const bodyToken = assertSignedMembers(signed.body, vector.request);
  const bodyClaims = signedClaims(vector, bodyToken);
  assert.equal(
    JSON.stringify(bodyClaims),
    JSON.stringify(vector.expect.body_claims),
    'body claims, in order',
  );

  assert.equal(signed.headerName, vector.expect.header_name);
  assert.ok(
    signed.headerValue.startsWith(vector.expect.header_prefix),
    `header value starts with ${JSON.stringify(vector.expect.header_prefix)}`,
  );
  assert.deepEqual(signed.headers, { [signed.headerName]: signed.headerValue });
  const headerToken = signed.headerValue.slice(vector.expect.header_prefix.length);
  const headerClaims = signedClaims(vector, headerToken);
  assert.equal(
    JSON.stringify(headerClaims),
    JSON.stringify(vector.expect.header_claims),
    'header claims, in order',
  );
}

function runMethod(vector) {
  const ds = messageServer(vector);
  const call = () => ds.signMethod(vector.params);
  if (vector.expect.error) {
    throwsCode(call, vector.expect.error);
    return;
  }
  const token = assertSignedMembers(call(), vector.params);
  const claims = signedClaims(vector, token);
  assert.equal(JSON.stringify(claims), JSON.stringify(vector.expect.claims), 'claims, in order');
}

const RUNNERS = {
  verify: runVerify,
  sign: runSign,
  key: runKey,
  callback: runCallback,
  config: runConfig,
  download: runDownload,
  request: runRequest,
  method: runMethod,
};

/** Returns why a vector is skipped, or undefined when it runs. */
function skipReason(vector) {
  if (vector.kind !== 'verify') return undefined;
  const option = Object.keys(UNSUPPORTED_VERIFY_OPTIONS).find((name) => vector[name] === true);
  return option && UNSUPPORTED_VERIFY_OPTIONS[option];
}

const files = vectorFiles();

test('vector files present', () => {
  assert.ok(files.length > 0, 'tests/vectors/*.json not found');
});

for (const [fileName, vectors] of files) {
  describe(fileName, () => {
    for (const vector of vectors) {
      const skip = skipReason(vector);
      test(vector.name, { skip }, () => {
        assert.ok(RUNNERS[vector.kind], `no Node runner for vector kind ${vector.kind}`);
        RUNNERS[vector.kind](vector);
      });
    }
  });
}

// The skipped vectors, run without their unsupported option: verify returns what jsonwebtoken
// 9.0.2 returns for the same token and options.
describe('skipped vectors match jsonwebtoken', () => {
  const skipped = files.flatMap(([, vectors]) => vectors.filter(skipReason));

  test('skipped vectors found', () => {
    assert.ok(skipped.length > 0, 'no vector uses an unsupported option');
  });

  for (const vector of skipped) {
    test(vector.name, () => {
      const token = vectorText(vector.token);
      const secret = vectorSecret(vector.secret);
      const options = verifyOptions(vector);
      const theirs = jsonwebtoken.verify(token, secret, options);
      assert.deepEqual(verify(token, secret, options), theirs);
    });
  }
});
