'use strict';
// Error objects: jsonwebtoken's own-property shape, a stable code on option errors, the
// core's explanation as `detail`, and no napi status codes reaching callers.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const path = require('node:path');
const { describe, test } = require('node:test');

const jsonwebtoken = require('jsonwebtoken');

const { PACKAGE_DIR, thrown } = require('./helpers');

const jwt = require(PACKAGE_DIR);

const K = 'k'.repeat(32);
const NOW = 1700000000;

/** Signs exact payload text with node:crypto, bypassing the signer's claim checks. */
function rawToken(payload, secret = K) {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('error own properties', () => {
  const classes = [
    ['JsonWebTokenError', ['invalid signature'], []],
    ['TokenExpiredError', ['jwt expired', new Date(0)], ['expiredAt']],
    ['NotBeforeError', ['jwt not active', new Date(0)], ['date']],
  ];
  for (const [name, args, extra] of classes) {
    test(`${name} matches jsonwebtoken`, () => {
      const ours = new jwt[name](...args);
      const theirs = new jsonwebtoken[name](...args);
      assert.deepEqual(Object.keys(ours), Object.keys(theirs));
      assert.deepEqual(Object.keys(ours), ['name', 'message', ...extra]);
      assert.equal(JSON.stringify(ours), JSON.stringify(theirs));
      assert.ok(ours.stack.startsWith(`${name}: ${args[0]}\n`), ours.stack);
      assert.ok(ours instanceof Error);
    });
  }

  test('thrown expiry error serializes message and code', () => {
    const expired = jwt.sign({ exp: NOW - 100 }, K);
    const err = thrown(() => jwt.verify(expired, K, { clockTimestamp: NOW }));
    const fields = JSON.parse(JSON.stringify(err));
    assert.equal(fields.name, 'TokenExpiredError');
    assert.equal(fields.message, 'jwt expired');
    assert.equal(fields.code, 'ERR_JWT_EXPIRED');
    assert.equal(fields.expiredAt, new Date((NOW - 100) * 1000).toISOString());
    assert.deepEqual(Object.keys(err).slice(0, 3), ['name', 'message', 'expiredAt']);
  });

  test('DocumentServerError serializes message and code', () => {
    const err = thrown(() => new jwt.DocumentServer({ secret: K, minLength: 'STRICT' }));
    const fields = JSON.parse(JSON.stringify(err));
    assert.equal(fields.name, 'DocumentServerError');
    assert.equal(fields.code, 'ERR_DS_SETTINGS_INVALID');
    assert.match(fields.message, /minLength/);
  });
});

describe('error detail', () => {
  test('signature failure has core detail', () => {
    const err = thrown(() => jwt.verify(jwt.sign({ a: 1 }, 'other'.repeat(8)), K));
    assert.equal(err.message, 'invalid signature');
    assert.match(err.detail, /not signed with the configured secret/);
  });

  test('expired token has core detail', () => {
    const err = thrown(() => jwt.verify(jwt.sign({ exp: NOW - 5 }, K), K, { clockTimestamp: NOW }));
    assert.match(err.detail, /^token expired: exp 1699999995 is 5 s before/);
  });

  test('decode failure has core detail', () => {
    const token = rawToken('{"n":12345678901234567890}');
    const err = thrown(() => jwt.decode(token, { integers: 'error' }));
    assert.equal(err.code, 'ERR_JSON_INVALID');
    assert.equal(err.detail, err.message);
  });
});

describe('time claims outside years 1 to 9999', () => {
  for (const claim of ['exp', 'nbf', 'iat']) {
    for (const value of ['253402300800', '100000000000000000000000000000']) {
      test(`${claim} ${value.length} digits named as out of range`, () => {
        const token = rawToken(`{"${claim}":${value}}`);
        const err = thrown(() => jwt.verify(token, K, { clockTimestamp: NOW }));
        assert.ok(err instanceof jwt.JsonWebTokenError);
        assert.equal(err.code, 'ERR_JWT_CLAIM_INVALID');
        assert.equal(err.claim, claim);
        assert.equal(err.message, `invalid ${claim} value: is outside the years 1 to 9999`);
        assert.ok(err.detail.includes(value.slice(0, 12)), err.detail);
      });
    }
  }

  test('string exp keeps jsonwebtoken message', () => {
    const err = thrown(() => jwt.verify(rawToken('{"exp":"1700000300"}'), K));
    assert.equal(err.message, 'invalid exp value');
  });
});

describe('native failures mapped', () => {
  const native = require(path.join(PACKAGE_DIR, 'lib', 'native'));
  const { internalError } = require(path.join(PACKAGE_DIR, 'lib', 'errors'));

  test('napi status becomes ERR_INTERNAL', () => {
    const original = thrown(() => native._panicForTests('deliberate panic for the mapping test'));
    const mapped = internalError(original);
    assert.equal(mapped.code, 'ERR_INTERNAL');
    assert.equal(mapped.cause, original);
    assert.match(mapped.message, /GenericFailure.*deliberate panic for the mapping test/);
  });

  test('core and plain errors kept', () => {
    const core = Object.assign(new Error('x'), { code: 'ERR_JWT_EXPIRED' });
    assert.equal(internalError(core), core);
    const plain = new TypeError('y');
    assert.equal(internalError(plain), plain);
  });
});
