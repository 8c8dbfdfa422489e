'use strict';
// The `integers` option of verify, decode and DocumentServer: integers beyond 2^53 - 1 are
// rounded as jsonwebtoken rounds them, returned exactly as BigInt or string, or rejected.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, test } = require('node:test');
const jsonwebtoken = require('jsonwebtoken');

const { PACKAGE_DIR, thrown, throwsCode } = require('./helpers');

const { verify, decode, DocumentServer, JsonWebTokenError } = require(PACKAGE_DIR);

const SECRET = '0123456789abcdef0123456789abcdef';
const NOW = 1700000000;

/** Signs exact payload JSON, so that the test controls every digit. */
function rawToken(payload) {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

const BIG = rawToken(
  '{"id":12345678901234567890,"safe":9007199254740991,"edge":9007199254740992,' +
    '"negative":-9007199254740993,"list":[1,{"n":98765432109876543210}],"ratio":12345678901234567890.5,' +
    '"huge":1e300,"text":"12345678901234567890"}',
);
const SAFE = rawToken('{"id":9007199254740991,"n":-9007199254740991,"f":0.1}');

/** Options at the fixed test time, plus `extra`. */
function atNow(extra = {}) {
  return { clockTimestamp: NOW, ...extra };
}

describe('verify integers option', () => {
  test('default rounds as jsonwebtoken', () => {
    const payload = verify(BIG, SECRET, atNow());
    assert.deepEqual(payload, jsonwebtoken.verify(BIG, SECRET, { clockTimestamp: NOW }));
    assert.equal(payload.id, 12345678901234567000);
  });

  test('number mode same as default', () => {
    assert.deepEqual(
      verify(BIG, SECRET, atNow({ integers: 'number' })),
      verify(BIG, SECRET, atNow()),
    );
  });

  test('bigint mode exact beyond safe range', () => {
    const payload = verify(BIG, SECRET, atNow({ integers: 'bigint' }));
    assert.equal(payload.id, 12345678901234567890n);
    assert.equal(payload.edge, 9007199254740992n);
    assert.equal(payload.negative, -9007199254740993n);
    assert.equal(payload.list[1].n, 98765432109876543210n);
  });

  test('bigint mode keeps safe integers numbers', () => {
    const payload = verify(BIG, SECRET, atNow({ integers: 'bigint' }));
    assert.equal(payload.safe, 9007199254740991);
    assert.equal(payload.list[0], 1);
  });

  test('fractions and exponents stay numbers', () => {
    const payload = verify(BIG, SECRET, atNow({ integers: 'bigint' }));
    assert.equal(payload.ratio, 12345678901234567890.5);
    assert.equal(payload.huge, 1e300);
    assert.equal(payload.text, '12345678901234567890');
  });

  test('string mode gives digits', () => {
    const payload = verify(BIG, SECRET, atNow({ integers: 'string' }));
    assert.equal(payload.id, '12345678901234567890');
    assert.equal(payload.negative, '-9007199254740993');
    assert.equal(payload.list[1].n, '98765432109876543210');
    assert.equal(payload.safe, 9007199254740991);
  });

  test('error mode names the member', () => {
    const err = throwsCode(
      () => verify(BIG, SECRET, atNow({ integers: 'error' })),
      'ERR_JSON_INVALID',
    );
    assert.ok(err instanceof JsonWebTokenError);
    assert.match(err.message, /payload\.id is the integer 12345678901234567890/);
    assert.match(err.message, /"bigint" or "string"/);
  });

  test('error mode finds nested integer', () => {
    const token = rawToken('{"a":[0,{"b":[18446744073709551616]}]}');
    const err = throwsCode(
      () => verify(token, SECRET, atNow({ integers: 'error' })),
      'ERR_JSON_INVALID',
    );
    assert.match(err.message, /payload\.a\[1\]\.b\[0\] is the integer 18446744073709551616/);
  });

  test('safe payload same in every mode', () => {
    for (const integers of ['number', 'bigint', 'string', 'error']) {
      assert.deepEqual(verify(SAFE, SECRET, atNow({ integers })), {
        id: 9007199254740991,
        n: -9007199254740991,
        f: 0.1,
      });
    }
  });

  test('complete result carries exact payload', () => {
    const result = verify(BIG, SECRET, atNow({ integers: 'bigint', complete: true }));
    assert.equal(result.payload.id, 12345678901234567890n);
    assert.deepEqual(result.header, { alg: 'HS256', typ: 'JWT' });
  });

  test('callback form passes error', () => {
    let received;
    verify(BIG, SECRET, atNow({ integers: 'error' }), (err) => {
      received = err;
    });
    assert.equal(received.code, 'ERR_JSON_INVALID');
  });

  test('member named __proto__ stays own data', () => {
    const token = rawToken(
      '{"__proto__":12345678901234567890,"x":{"__proto__":[98765432109876543210]}}',
    );
    const payload = verify(token, SECRET, atNow({ integers: 'bigint' }));
    assert.equal(Object.getPrototypeOf(payload), Object.prototype);
    assert.equal(
      Object.getOwnPropertyDescriptor(payload, '__proto__').value,
      12345678901234567890n,
    );
    assert.deepEqual(Object.getOwnPropertyDescriptor(payload.x, '__proto__').value, [
      98765432109876543210n,
    ]);
  });

  test('invalid mode rejected as option', () => {
    for (const integers of ['BigInt', 'exact', 0, null, true]) {
      const err = thrown(() => verify(SAFE, SECRET, atNow({ integers })));
      assert.ok(err instanceof JsonWebTokenError, String(integers));
      assert.match(err.message, /"integers" must be one of "number", "bigint", "string", "error"/);
      assert.equal(err.code, 'ERR_OPTION_INVALID');
    }
  });

  test('invalid mode checked before token', () => {
    const err = thrown(() => verify('not a token', SECRET, { integers: 'exact' }));
    assert.match(err.message, /"integers" must be one of/);
  });
});

describe('decode integers option', () => {
  test('default rounds as jsonwebtoken', () => {
    assert.deepEqual(decode(BIG), jsonwebtoken.decode(BIG));
  });

  test('bigint and string modes exact', () => {
    assert.equal(decode(BIG, { integers: 'bigint' }).id, 12345678901234567890n);
    assert.equal(decode(BIG, { integers: 'string' }).list[1].n, '98765432109876543210');
    assert.equal(
      decode(BIG, { integers: 'bigint', complete: true }).payload.edge,
      9007199254740992n,
    );
  });

  test('error mode throws', () => {
    const err = throwsCode(() => decode(BIG, { integers: 'error' }), 'ERR_JSON_INVALID');
    assert.ok(err instanceof JsonWebTokenError);
    assert.match(err.message, /payload\.id/);
  });

  test('invalid token still null', () => {
    assert.equal(decode('a.b.c', { integers: 'error' }), null);
  });

  test('invalid mode throws TypeError', () => {
    assert.throws(() => decode(SAFE, { integers: 'big' }), TypeError);
  });
});

describe('DocumentServer integers option', () => {
  const callback = rawToken(
    '{"key":"k","status":2,"url":"https://ds.example/f","history":{"serverVersion":12345678901234567890},' +
      '"users":["1"],"ids":[9007199254740993]}',
  );
  const server = (options) => new DocumentServer({ secret: SECRET, now: NOW, ...options });

  test('default rejects', () => {
    const err = throwsCode(
      () => server().verifyCallback({ token: callback }, {}),
      'ERR_JSON_INVALID',
    );
    assert.match(err.message, /data\.history\.serverVersion/);
  });

  test('bigint mode exact', () => {
    const result = server({ integers: 'bigint' }).verifyCallback({ token: callback }, {});
    assert.equal(result.data.history.serverVersion, 12345678901234567890n);
    assert.deepEqual(result.data.ids, [9007199254740993n]);
    assert.equal(result.status, 2);
    assert.equal(result.key, 'k');
  });

  test('string mode exact', () => {
    const result = server({ integers: 'string' }).verifyCallback({ token: callback }, {});
    assert.equal(result.data.history.serverVersion, '12345678901234567890');
  });

  test('number mode rounds', () => {
    const result = server({ integers: 'number' }).verifyCallback({ token: callback }, {});
    assert.equal(result.data.history.serverVersion, 12345678901234567000);
  });

  test('header token exact', () => {
    const header = rawToken('{"payload":{"key":"k","status":1,"n":12345678901234567890}}');
    const result = server({ integers: 'bigint' }).verifyCallback('', {
      authorization: `Bearer ${header}`,
    });
    assert.equal(result.source, 'header');
    assert.equal(result.data.n, 12345678901234567890n);
  });

  test('invalid mode rejected', () => {
    assert.throws(() => server({ integers: 'bigints' }), {
      name: 'DocumentServerError',
      code: 'ERR_DS_SETTINGS_INVALID',
      message: /"integers" must be one of/,
    });
    assert.throws(() => server({ integers: 1 }), {
      name: 'TypeError',
      message: /DocumentServer: "integers" must be one of/,
    });
  });
});
