'use strict';
// verify() and decode(): jsonwebtoken's messages and classes with the core's codes, and the
// field cases reported by ONLYOFFICE integrators.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, test } = require('node:test');

const { PACKAGE_DIR, thrown, throwsCode } = require('./helpers');

const {
  sign,
  verify,
  decode,
  JsonWebTokenError,
  TokenExpiredError,
  NotBeforeError,
} = require(PACKAGE_DIR);

const S32 = '0123456789abcdef0123456789abcdef';
const NOW = 1700000000;

// Field tokens, signed with S32 (see tests/vectors/field_cases.json).
const CB_FLAT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6MiwidXJsIjoiaHR0cHM6Ly9kcy5leGFtcGxlL2NhY2hlL2RvYy0xL291dHB1dC5kb2N4IiwidXNlcnMiOlsidTEiXSwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDAzMDB9.m1KCBT9rqWrU_oz0utxid-GZ1l1AAFZ9N_9VArpM0IA';
const DUP_KEYS =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsImtleSI6ImRvYy0yIiwic3RhdHVzIjoyfQ.48V0mQrCApMEVvXVmtMwsF_xcvqu_JWrxUdjUWIKeEA';
const NONE_ALG = 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6Mn0.';

const AT_NOW = { clockTimestamp: NOW };

/** Signs exact header and payload text with node:crypto. */
function rawToken(header, payload, secret = S32, hash = 'sha256') {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac(hash, secret).update(input).digest('base64url')}`;
}

function expectJwtError(fn, { name = 'JsonWebTokenError', message, code }) {
  const err = thrown(fn);
  assert.equal(err.name, name);
  assert.ok(err instanceof JsonWebTokenError, 'instance of JsonWebTokenError');
  if (message instanceof RegExp) assert.match(err.message, message);
  else assert.equal(err.message, message);
  assert.equal(err.code, code);
  return err;
}

describe('verify accepts', () => {
  test('DS body token returns claims', () => {
    assert.deepEqual(verify(CB_FLAT, S32, AT_NOW), {
      key: 'doc-1',
      status: 2,
      url: 'https://ds.example/cache/doc-1/output.docx',
      users: ['u1'],
      iat: 1700000000,
      exp: 1700000300,
    });
  });

  test('complete returns header, payload, signature', () => {
    const result = verify(CB_FLAT, S32, { ...AT_NOW, complete: true });
    assert.deepEqual(result.header, { alg: 'HS256', typ: 'JWT' });
    assert.equal(result.payload.key, 'doc-1');
    assert.equal(result.signature, CB_FLAT.split('.')[2]);
  });

  test('Buffer and KeyObject secrets', () => {
    assert.equal(verify(CB_FLAT, Buffer.from(S32), AT_NOW).key, 'doc-1');
    assert.equal(verify(CB_FLAT, crypto.createSecretKey(Buffer.from(S32)), AT_NOW).key, 'doc-1');
  });

  test('callback form passes the payload synchronously', () => {
    let payload;
    verify(CB_FLAT, S32, AT_NOW, (err, value) => {
      assert.equal(err, null);
      payload = value;
    });
    assert.equal(payload.key, 'doc-1');
  });

  test('secret callback resolves the key', async () => {
    const payload = await new Promise((resolve, reject) => {
      const lookup = (header, done) => done(null, header.alg === 'HS256' ? S32 : 'other');
      verify(CB_FLAT, lookup, AT_NOW, (err, value) => (err ? reject(err) : resolve(value)));
    });
    assert.equal(payload.key, 'doc-1');
  });

  test('exp within clockTolerance', () => {
    assert.equal(
      verify(CB_FLAT, S32, { clockTimestamp: NOW + 350, clockTolerance: 60 }).key,
      'doc-1',
    );
  });

  test('ignoreExpiration skips exp', () => {
    assert.equal(
      verify(CB_FLAT, S32, { clockTimestamp: NOW + 5000, ignoreExpiration: true }).key,
      'doc-1',
    );
  });

  test('audience as string, RegExp and array', () => {
    const token = sign({ aud: ['ds', 'host'] }, S32);
    for (const audience of ['ds', /^ho/, ['x', 'host']]) {
      assert.deepEqual(verify(token, S32, { audience }).aud, ['ds', 'host']);
    }
  });

  test('issuer, subject, jwtid, nonce and maxAge checked', () => {
    const token = sign({ iss: 'ds', sub: 's', jti: 'j', nonce: 'n', iat: NOW }, S32);
    const options = {
      issuer: ['x', 'ds'],
      subject: 's',
      jwtid: 'j',
      nonce: 'n',
      maxAge: '1h',
      clockTimestamp: NOW + 10,
    };
    assert.equal(verify(token, S32, options).iss, 'ds');
  });

  test('HMAC secret that looks like a PEM key', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n';
    assert.equal(verify(sign({ a: 1 }, pem), pem).a, 1);
  });
});

describe('verify field cases', () => {
  test('secret given as a token is malformed', () => {
    expectJwtError(() => verify(S32, S32), { message: 'jwt malformed', code: 'ERR_JWT_MALFORMED' });
  });

  test('padded signature rejected', () => {
    expectJwtError(() => verify(`${CB_FLAT}=`, S32, AT_NOW), {
      message: 'invalid token',
      code: 'ERR_JWT_MALFORMED',
    });
  });

  test('empty, undefined and null tokens', () => {
    expectJwtError(() => verify('', S32), {
      message: 'jwt must be provided',
      code: 'ERR_JWT_MALFORMED',
    });
    expectJwtError(() => verify(undefined, S32), {
      message: 'jwt must be provided',
      code: 'ERR_JWT_MALFORMED',
    });
    for (const text of ['undefined', 'null']) {
      expectJwtError(() => verify(text, S32), {
        message: 'jwt malformed',
        code: 'ERR_JWT_MALFORMED',
      });
    }
    expectJwtError(() => verify(42, S32), {
      message: 'jwt must be a string',
      code: 'ERR_JWT_MALFORMED',
    });
  });

  test('expired token with expiredAt', () => {
    const err = expectJwtError(() => verify(CB_FLAT, S32, { clockTimestamp: NOW + 300 }), {
      name: 'TokenExpiredError',
      message: 'jwt expired',
      code: 'ERR_JWT_EXPIRED',
    });
    assert.ok(err instanceof TokenExpiredError);
    assert.deepEqual(err.expiredAt, new Date(1700000300 * 1000));
    assert.equal(err.claim, 'exp');
  });

  test('nbf in the future with date', () => {
    const token = sign({ nbf: NOW + 2 }, S32);
    const err = expectJwtError(() => verify(token, S32, AT_NOW), {
      name: 'NotBeforeError',
      message: 'jwt not active',
      code: 'ERR_JWT_NOT_YET_VALID',
    });
    assert.ok(err instanceof NotBeforeError);
    assert.deepEqual(err.date, new Date((NOW + 2) * 1000));
    assert.equal(verify(token, S32, { clockTimestamp: NOW, clockTolerance: 2 }).nbf, NOW + 2);
  });

  test('exp as a string is an invalid claim', () => {
    const token = rawToken('{"alg":"HS256","typ":"JWT"}', '{"exp":"1700000300"}');
    expectJwtError(() => verify(token, S32, AT_NOW), {
      message: 'invalid exp value',
      code: 'ERR_JWT_CLAIM_INVALID',
    });
  });

  test('wrong secret is an invalid signature', () => {
    expectJwtError(() => verify(CB_FLAT, 'other', AT_NOW), {
      message: 'invalid signature',
      code: 'ERR_JWS_SIGNATURE_INVALID',
    });
  });

  test('empty secret is a key error', () => {
    expectJwtError(() => verify(CB_FLAT, '', AT_NOW), {
      message: 'secret or public key must be provided',
      code: 'ERR_KEY_INVALID',
    });
    throwsCode(() => verify(CB_FLAT, Buffer.alloc(0), AT_NOW), 'ERR_KEY_INVALID');
  });

  test('alg none rejected', () => {
    expectJwtError(() => verify(NONE_ALG, S32), {
      message: 'jwt signature is required',
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
    expectJwtError(() => verify(NONE_ALG, undefined), {
      message: 'please specify "none" in "algorithms" to verify unsigned tokens',
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
    expectJwtError(() => verify(NONE_ALG, undefined, { algorithms: ['none'] }), {
      message: /only HMAC/,
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
  });

  test('algorithm outside the allow-list', () => {
    const hs512 = sign({ a: 1 }, S32, { algorithm: 'HS512' });
    expectJwtError(() => verify(hs512, S32, { algorithms: ['HS256'] }), {
      message: 'invalid algorithm',
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
    const lower = rawToken('{"alg":"hs256","typ":"JWT"}', '{"a":1}');
    expectJwtError(() => verify(lower, S32), {
      message: 'invalid algorithm',
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
  });

  test('RS256 header rejected as not HMAC', () => {
    const token = rawToken('{"alg":"RS256","typ":"JWT"}', '{"a":1}');
    expectJwtError(() => verify(token, S32), {
      message: 'invalid algorithm',
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
    expectJwtError(() => verify(token, S32, { algorithms: ['RS256'] }), {
      message: /only HMAC/,
      code: 'ERR_JWT_ALG_NOT_ALLOWED',
    });
  });

  test('duplicate members rejected', () => {
    expectJwtError(() => verify(DUP_KEYS, S32), {
      message: /appears more than once/,
      code: 'ERR_JSON_DUPLICATE_MEMBER',
    });
  });

  test('b64 false without crit rejected', () => {
    const token = rawToken('{"alg":"HS256","b64":false}', '{"a":1}');
    expectJwtError(() => verify(token, S32), { message: /b64/, code: 'ERR_JWT_MALFORMED' });
    assert.deepEqual(verify(rawToken('{"alg":"HS256","b64":true}', '{"a":1}'), S32), { a: 1 });
  });

  test('crit header rejected', () => {
    const token = rawToken('{"alg":"HS256","crit":["exp"]}', '{"a":1}');
    expectJwtError(() => verify(token, S32), {
      message: /critical/,
      code: 'ERR_JWS_CRIT_UNSUPPORTED',
    });
  });

  test('non-canonical signature is an invalid signature', () => {
    const last = CB_FLAT.at(-1);
    const changed = `${CB_FLAT.slice(0, -1)}${last === 'B' ? 'C' : 'B'}`;
    expectJwtError(() => verify(changed, S32, AT_NOW), {
      message: 'invalid signature',
      code: 'ERR_JWT_MALFORMED',
    });
  });

  test('string payload token rejected', () => {
    expectJwtError(() => verify(sign('hello', S32), S32), {
      message: /^invalid JSON/,
      code: 'ERR_JSON_INVALID',
    });
  });
});

describe('verify claim options', () => {
  const token = sign({ aud: 'ds', iss: 'ds', sub: 's', iat: NOW }, S32);
  const cases = [
    [{ audience: 'host' }, 'jwt audience invalid. expected: host', 'ERR_JWT_CLAIM_INVALID', 'aud'],
    [
      { audience: [/^h/, 'x'] },
      'jwt audience invalid. expected: /^h/ or x',
      'ERR_JWT_CLAIM_INVALID',
      'aud',
    ],
    [{ issuer: ['a', 'b'] }, 'jwt issuer invalid. expected: a,b', 'ERR_JWT_CLAIM_INVALID', 'iss'],
    [{ subject: 'x' }, 'jwt subject invalid. expected: x', 'ERR_JWT_CLAIM_INVALID', 'sub'],
    [{ jwtid: 'j' }, 'jwt jwtid invalid. expected: j', 'ERR_JWT_CLAIM_MISSING', 'jti'],
    [{ nonce: 'n' }, 'jwt nonce invalid. expected: n', 'ERR_JWT_CLAIM_MISSING', 'nonce'],
  ];
  for (const [options, message, code, claim] of cases) {
    test(`rejects ${message}`, () => {
      const err = expectJwtError(() => verify(token, S32, options), { message, code });
      assert.equal(err.claim, claim);
    });
  }

  test('maxAge exceeded is a TokenExpiredError', () => {
    const err = expectJwtError(() => verify(token, S32, { maxAge: 60, clockTimestamp: NOW + 60 }), {
      name: 'TokenExpiredError',
      message: 'maxAge exceeded',
      code: 'ERR_JWT_EXPIRED',
    });
    assert.deepEqual(err.expiredAt, new Date((NOW + 60) * 1000));
  });

  test('maxAge needs iat', () => {
    const noIat = sign({ a: 1 }, S32, { noTimestamp: true });
    expectJwtError(() => verify(noIat, S32, { maxAge: 60 }), {
      message: 'iat required when maxAge is specified',
      code: 'ERR_JWT_CLAIM_MISSING',
    });
  });

  test('requiredClaims rejects a missing claim', () => {
    const noExp = sign({ c: 'info', key: 'doc-1' }, S32);
    assert.equal(verify(noExp, S32).key, 'doc-1');
    const err = expectJwtError(() => verify(noExp, S32, { requiredClaims: ['exp'] }), {
      message: 'missing required claim exp',
      code: 'ERR_JWT_CLAIM_MISSING',
    });
    assert.equal(err.claim, 'exp');
    assert.equal(verify(noExp, S32, { requiredClaims: ['key', 'iat'] }).c, 'info');
  });

  test('bad option types rejected as options', () => {
    const cases = [
      [{ clockTimestamp: '1700000000' }, 'clockTimestamp must be a number'],
      [{ nonce: ' ' }, 'nonce must be a non-empty string'],
      [{ clockTolerance: '60' }, 'clockTolerance must be a number of seconds'],
      [{ requiredClaims: 'exp' }, 'requiredClaims must be an array of claim names'],
    ];
    for (const [options, message] of cases) {
      const err = thrown(() => verify(token, S32, options));
      assert.ok(err instanceof JsonWebTokenError);
      assert.equal(err.message, message);
      assert.equal(err.code, 'ERR_OPTION_INVALID');
    }
  });
});

describe('verify never crashes', () => {
  test('hostile inputs throw JsonWebTokenError', () => {
    const inputs = [
      '.',
      '..',
      '...',
      'a.b.c',
      `${'a'.repeat(2_000_000)}.b.c`,
      '\u0000.\u0000.\u0000',
      'eyJ9.eyJ9.',
      '💥.💥.💥',
      `${'W'.repeat(1000)}.e30.`,
      rawToken(`{"alg":"HS256","x":${'['.repeat(500)}${']'.repeat(500)}}`, '{}'),
    ];
    for (const token of inputs) {
      const err = thrown(() => verify(token, S32));
      assert.ok(err instanceof JsonWebTokenError, `${token.slice(0, 30)}: ${err}`);
      assert.equal(typeof err.code, 'string');
    }
  });
});

describe('decode', () => {
  test('payload and complete form', () => {
    assert.equal(decode(CB_FLAT).key, 'doc-1');
    const complete = decode(CB_FLAT, { complete: true });
    assert.deepEqual(complete.header, { alg: 'HS256', typ: 'JWT' });
    assert.equal(complete.signature, CB_FLAT.split('.')[2]);
  });

  test('garbage returns null', () => {
    for (const token of [
      '',
      'abc',
      'a.b.c',
      S32,
      undefined,
      42,
      `${CB_FLAT.split('.')[0]}=.e30.`,
    ]) {
      assert.equal(decode(token), null);
    }
  });
});
