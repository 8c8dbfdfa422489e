'use strict';
// sign(): jsonwebtoken-compatible output, option checks and secret handling.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, test } = require('node:test');

const { PACKAGE_DIR, thrown, throwsCode } = require('./helpers');

const { sign, verify, decode } = require(PACKAGE_DIR);

const S32 = '0123456789abcdef0123456789abcdef';
const NOW = 1700000000;

function atTime(seconds, fn) {
  const realNow = Date.now;
  Date.now = () => seconds * 1000 + 500;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

/** Computes an HS256 token independently of the package, with node:crypto. */
function referenceToken(header, payload, secret) {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  const signature = crypto.createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

describe('sign output', () => {
  test('object payload gets header, iat, typ', () => {
    const token = atTime(NOW, () => sign({ key: 'doc-1', status: 2 }, S32));
    const expected = referenceToken(
      '{"alg":"HS256","typ":"JWT"}',
      `{"key":"doc-1","status":2,"iat":${NOW}}`,
      S32,
    );
    assert.equal(token, expected);
  });

  test('expiresIn as ms string and number', () => {
    const fromString = atTime(NOW, () => decode(sign({ a: 1 }, S32, { expiresIn: '5m' })));
    const fromNumber = atTime(NOW, () => decode(sign({ a: 1 }, S32, { expiresIn: 300 })));
    assert.equal(fromString.exp, NOW + 300);
    assert.equal(fromNumber.exp, NOW + 300);
  });

  test('iat in payload sets the timestamp', () => {
    const claims = decode(sign({ iat: 1000, a: 1 }, S32, { expiresIn: 60, notBefore: '1m' }));
    assert.deepEqual(claims, { iat: 1000, a: 1, nbf: 1060, exp: 1060 });
  });

  test('noTimestamp leaves iat out', () => {
    assert.equal(decode(sign({ a: 1 }, S32, { noTimestamp: true })).iat, undefined);
  });

  test('claim options are appended in order', () => {
    const token = atTime(NOW, () =>
      sign({ a: 1 }, S32, {
        audience: ['x', 'y'],
        issuer: 'i',
        subject: 's',
        jwtid: 'j',
        keyid: 'k1',
      }),
    );
    const { header, payload } = decode(token, { complete: true });
    assert.deepEqual(header, { alg: 'HS256', typ: 'JWT', kid: 'k1' });
    assert.deepEqual(Object.keys(payload), ['a', 'iat', 'aud', 'iss', 'sub', 'jti']);
  });

  test('algorithms HS384 and HS512', () => {
    for (const algorithm of ['HS384', 'HS512']) {
      const token = sign({ a: 1 }, S32, { algorithm });
      assert.equal(decode(token, { complete: true }).header.alg, algorithm);
      assert.deepEqual(verify(token, S32, { algorithms: [algorithm] }).a, 1);
    }
  });

  test('string payload signed as is without typ', () => {
    const token = sign('hello', 's');
    assert.equal(token, referenceToken('{"alg":"HS256"}', 'hello', 's'));
  });

  test('Buffer payload signed as its UTF-8 text', () => {
    const token = sign(Buffer.from('{"a":1}'), 's');
    assert.equal(token, referenceToken('{"alg":"HS256"}', '{"a":1}', 's'));
  });

  test('mutatePayload adds claims to the caller object', () => {
    const payload = { a: 1 };
    atTime(NOW, () => sign(payload, S32, { mutatePayload: true, expiresIn: 10 }));
    assert.deepEqual(payload, { a: 1, iat: NOW, exp: NOW + 10 });
    const untouched = { a: 1 };
    sign(untouched, S32);
    assert.deepEqual(untouched, { a: 1 });
  });

  test('non-ASCII payload written as UTF-8', () => {
    const token = atTime(NOW, () => sign({ title: 'Договор.docx' }, S32, { noTimestamp: true }));
    assert.equal(
      token,
      referenceToken('{"alg":"HS256","typ":"JWT"}', '{"title":"Договор.docx"}', S32),
    );
  });

  test('signature uses the URL-safe alphabet without padding', () => {
    for (let index = 0; index < 50; index += 1) {
      const token = sign({ index }, `secret-${index}`);
      assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    }
  });
});

describe('sign secrets', () => {
  test('string, Buffer, Uint8Array and secret KeyObject sign alike', () => {
    const expected = sign({ a: 1 }, S32, { noTimestamp: true });
    const bytes = Buffer.from(S32);
    for (const secret of [bytes, new Uint8Array(bytes), crypto.createSecretKey(bytes)]) {
      assert.equal(sign({ a: 1 }, secret, { noTimestamp: true }), expected);
    }
  });

  test('empty secret rejected with ERR_KEY_INVALID', () => {
    const err = throwsCode(() => sign({ a: 1 }, ''), 'ERR_KEY_INVALID');
    assert.equal(err.message, 'secretOrPrivateKey must have a value');
    throwsCode(() => sign({ a: 1 }, Buffer.alloc(0)), 'ERR_KEY_INVALID');
    throwsCode(() => sign({ a: 1 }, undefined), 'ERR_KEY_INVALID');
  });

  test('PEM-looking secret is an HMAC secret', () => {
    const pem =
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    const token = sign({ a: 1 }, pem);
    assert.equal(verify(token, pem).a, 1);
  });

  test('asymmetric KeyObject rejected as not HMAC', () => {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const err = throwsCode(() => sign({ a: 1 }, privateKey), 'ERR_KEY_INVALID');
    assert.match(err.message, /HMAC/);
  });

  test('non-key value rejected as not valid key material', () => {
    const err = throwsCode(() => sign({ a: 1 }, { key: 'x' }), 'ERR_KEY_INVALID');
    assert.equal(err.message, 'secretOrPrivateKey is not valid key material');
  });
});

describe('sign option errors', () => {
  const cases = [
    [{ algorithm: 'RS256' }, /only HMAC/, 'ERR_JWT_ALG_NOT_ALLOWED'],
    [{ algorithm: 'none' }, /only HMAC/, 'ERR_JWT_ALG_NOT_ALLOWED'],
    [
      { algorithm: 'hs256' },
      /^"algorithm" must be a valid string enum value$/,
      'ERR_OPTION_INVALID',
    ],
    [
      { expiresIn: 'soon' },
      /^"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60$/,
      'ERR_OPTION_INVALID',
    ],
    [
      { expiresIn: 1.5 },
      /^"expiresIn" should be a number of seconds or string representing a timespan$/,
      'ERR_OPTION_INVALID',
    ],
    [{ audience: 5 }, /^"audience" must be a string or array$/, 'ERR_OPTION_INVALID'],
    [{ unknown: 1 }, /^"unknown" is not allowed in "options"$/, 'ERR_OPTION_INVALID'],
    [{ toString: 1 }, /^"toString" is not allowed in "options"$/, 'ERR_OPTION_INVALID'],
    [{ header: 'x' }, /^"header" must be an object$/, 'ERR_OPTION_INVALID'],
    [{ noTimestamp: 'yes' }, /^"noTimestamp" must be a boolean$/, 'ERR_OPTION_INVALID'],
  ];
  for (const [options, message, code] of cases) {
    test(`rejects ${JSON.stringify(options)}`, () => {
      const err = thrown(() => sign({ a: 1 }, S32, options));
      assert.match(err.message, message);
      assert.equal(err.code, code);
    });
  }

  test('payload claim conflicts rejected', () => {
    assert.match(
      thrown(() => sign({ exp: 1 }, S32, { expiresIn: 5 })).message,
      /already has an "exp" property/,
    );
    assert.match(
      thrown(() => sign({ iss: 'x' }, S32, { issuer: 'y' })).message,
      /already has an "iss" property/,
    );
  });

  test('non-number time claims rejected', () => {
    assert.equal(
      thrown(() => sign({ exp: '1700000300' }, S32)).message,
      '"exp" should be a number of seconds',
    );
    assert.equal(
      thrown(() => sign({ exp: Number.NaN }, S32)).message,
      '"exp" should be a number of seconds',
    );
    assert.equal(
      thrown(() => sign({ nbf: Infinity }, S32)).message,
      '"nbf" should be a number of seconds',
    );
  });

  test('object options rejected for string payloads', () => {
    assert.equal(
      thrown(() => sign('text', S32, { expiresIn: 5 })).message,
      'invalid expiresIn option for string payload',
    );
  });

  test('missing payload and non-plain payload rejected', () => {
    assert.equal(thrown(() => sign(undefined, S32)).message, 'payload is required');
    assert.equal(thrown(() => sign(null, S32)).message, 'Expected "payload" to be a plain object.');
    assert.equal(
      thrown(() => sign(new Date(), S32)).message,
      'Expected "payload" to be a plain object.',
    );
  });
});

describe('sign with a callback', () => {
  test('token delivered asynchronously', async () => {
    let synchronous = true;
    const token = await new Promise((resolve, reject) => {
      sign({ a: 1 }, S32, { noTimestamp: true }, (err, value) => {
        assert.equal(synchronous, false);
        if (err) reject(err);
        else resolve(value);
      });
      synchronous = false;
    });
    assert.equal(token, sign({ a: 1 }, S32, { noTimestamp: true }));
  });

  test('option error passed once to the callback', () => {
    const calls = [];
    sign({ iss: 'x' }, S32, { issuer: 'y' }, (...args) => calls.push(args));
    assert.equal(calls.length, 1);
    assert.match(calls[0][0].message, /already has an "iss" property/);
  });

  test('callback as third argument', async () => {
    const token = await new Promise((resolve, reject) => {
      sign({ a: 1 }, S32, (err, value) => (err ? reject(err) : resolve(value)));
    });
    assert.equal(verify(token, S32).a, 1);
  });
});
