'use strict';
// Lone surrogate escapes in string values, such as "\ud83d": JSON.stringify writes them for a
// JavaScript string cut inside a surrogate pair, and Document Server signs such text. Every
// path must accept them and return what JSON.parse returns; in member names they are rejected.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { describe, test } = require('node:test');
const jsonwebtoken = require('jsonwebtoken');

const { PACKAGE_DIR, throwsCode } = require('./helpers');

const { DocumentServer, decode, sign, verify } = require(PACKAGE_DIR);

const SECRET = 'lone-surrogate-test-secret-0123456789';
const NOW = 1700000000;
// A user name cut inside the surrogate pair of U+1F600: "Anna \ud83d".
const CUT_NAME = 'Anna 😀 Schmidt'.slice(0, 6);

/** Save callback fields as Document Server sends them, with the cut user name. */
const FIELDS = {
  key: 'Khirz6zTPdfd7',
  status: 2,
  url: 'https://documentserver/cache/files/data/output.docx',
  users: ['u1'],
  history: {
    serverVersion: '8.2.0',
    changes: [{ created: '2024-11-05 10:00:00', user: { id: 'u1', name: CUT_NAME } }],
  },
  lastsave: '2024-11-05T10:00:01.000Z',
  notmodified: false,
  filetype: 'docx',
};

/** Signs as Document Server does, with jsonwebtoken 9.0.2. */
function dsSign(payload) {
  return jsonwebtoken.sign(payload, SECRET, { algorithm: 'HS256', expiresIn: '5m' });
}

/** Signs exact payload text with node:crypto. */
function rawToken(payload) {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

function server(options = {}) {
  return new DocumentServer({ secret: SECRET, now: Math.floor(Date.now() / 1000), ...options });
}

describe('lone surrogate escapes', () => {
  test('the cut name is a lone high surrogate that JSON.stringify escapes', () => {
    assert.equal(CUT_NAME.charCodeAt(5), 0xd83d);
    assert.match(JSON.stringify(FIELDS), /"name":"Anna \\ud83d"/);
  });

  test('save callback signed as Document Server signs it is verified exactly', () => {
    const bodyToken = dsSign(FIELDS);
    const headerToken = dsSign({ payload: FIELDS });
    const body = JSON.stringify({ ...FIELDS, token: bodyToken });
    for (const integers of ['error', 'number', 'bigint', 'string']) {
      const ds = server({ integers });
      for (const input of [body, Buffer.from(body), JSON.parse(body)]) {
        const fromBody = ds.verifyCallback(input, { authorization: `Bearer ${headerToken}` });
        assert.equal(fromBody.source, 'body');
        assert.deepEqual(fromBody.data, FIELDS);
        assert.equal(fromBody.data.history.changes[0].user.name, CUT_NAME);
        assert.equal(fromBody.key, FIELDS.key);
        assert.equal(fromBody.status, 2);
        assert.equal(fromBody.url, FIELDS.url);
      }
      const fromHeader = ds.verifyCallback('', { Authorization: `Bearer ${headerToken}` });
      assert.equal(fromHeader.source, 'header');
      assert.deepEqual(fromHeader.data, FIELDS);
      assert.equal(typeof fromHeader.iat, 'number');
      assert.equal(fromHeader.exp, fromHeader.iat + 300);
    }
  });

  test('callback with a large integer and a lone surrogate keeps both exactly', () => {
    const payload = `{"payload":{"key":"doc-1","status":1,"n":12345678901234567890,"s":"\\udc00x"},"iat":${NOW},"exp":${NOW + 300}}`;
    const token = rawToken(payload);
    const headers = { authorization: `Bearer ${token}` };
    const exact = server({ now: NOW, integers: 'bigint' }).verifyCallback('', headers);
    assert.equal(exact.data.n, 12345678901234567890n);
    assert.equal(exact.data.s, '\udc00x');
    const asString = server({ now: NOW, integers: 'string' }).verifyCallback('', headers);
    assert.equal(asString.data.n, '12345678901234567890');
    assert.equal(asString.data.s, '\udc00x');
    throwsCode(() => server({ now: NOW }).verifyCallback('', headers), 'ERR_JSON_INVALID');
  });

  test('callback key and url with lone surrogates kept', () => {
    const fields = { key: 'doc\ud800', status: 2, url: 'https://ds.example/\udc00.docx' };
    const token = jsonwebtoken.sign({ payload: fields, iat: NOW, exp: NOW + 300 }, SECRET);
    const callback = server({ now: NOW }).verifyCallback('', { authorization: `Bearer ${token}` });
    assert.equal(callback.key, 'doc\ud800');
    assert.equal(callback.url, 'https://ds.example/\udc00.docx');
    assert.deepEqual(callback.data, fields);
  });

  test('verify and decode return what jsonwebtoken returns', () => {
    const payloads = [
      '{"a":"\\ud800"}',
      '{"a":"\\udc00"}',
      '{"a":"\\ud800\\u0041","b":["\\ude00\\ud83d"]}',
      '{"a":"x\\ud800\\ud83d\\ude00y","n":1}',
      '{"a":"\\uD83D","b":{"c":"\\uFFFD\\ud800"}}',
    ];
    for (const payload of payloads) {
      const token = rawToken(payload);
      const expected = jsonwebtoken.verify(token, SECRET);
      assert.deepEqual(expected, JSON.parse(payload));
      assert.deepEqual(verify(token, SECRET), expected, payload);
      assert.deepEqual(verify(token, SECRET, { complete: true }).payload, expected, payload);
      for (const integers of ['number', 'bigint', 'string', 'error']) {
        assert.deepEqual(verify(token, SECRET, { integers }), expected, `${payload} ${integers}`);
        assert.deepEqual(decode(token, { integers }), expected, `${payload} ${integers}`);
      }
      assert.deepEqual(decode(token), jsonwebtoken.decode(token), payload);
      assert.deepEqual(
        decode(token, { complete: true }),
        jsonwebtoken.decode(token, { complete: true }),
        payload,
      );
    }
  });

  test('large integers and lone surrogates together in verify and decode', () => {
    const token = rawToken('{"id":12345678901234567890,"name":"\\ud83d"}');
    for (const read of [verify, (t, _secret, options) => decode(t, options)]) {
      const exact = read(token, SECRET, { integers: 'bigint' });
      assert.deepEqual(exact, { id: 12345678901234567890n, name: '\ud83d' });
      assert.deepEqual(read(token, SECRET, { integers: 'string' }), {
        id: '12345678901234567890',
        name: '\ud83d',
      });
    }
  });

  test('lone surrogate in the header is kept', () => {
    const header = Buffer.from('{"alg":"HS256","kid":"\\udfff"}').toString('base64url');
    const input = `${header}.${Buffer.from('{"a":1}').toString('base64url')}`;
    const token = `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
    assert.equal(verify(token, SECRET, { complete: true }).header.kid, '\udfff');
    assert.equal(decode(token, { complete: true }).header.kid, '\udfff');
  });

  test('a real U+FFFD is not mistaken for a lone surrogate', () => {
    const token = rawToken('{"a":"\uFFFD","b":"\\ufffd"}');
    assert.deepEqual(decode(token), { a: '\uFFFD', b: '\uFFFD' });
    assert.deepEqual(verify(token, SECRET), { a: '\uFFFD', b: '\uFFFD' });
  });

  test('sign writes the token jsonwebtoken writes, and verify reads it back', () => {
    const payload = { name: CUT_NAME, low: '\udc00', iat: NOW };
    const token = sign(payload, SECRET);
    assert.equal(token, jsonwebtoken.sign(payload, SECRET));
    assert.deepEqual(verify(token, SECRET, { ignoreExpiration: true }), payload);
  });

  test('lone surrogate escape in a member name rejected', () => {
    for (const payload of ['{"a\\ud800":1}', '{"a":{"\\udc00":1}}']) {
      const err = throwsCode(() => verify(rawToken(payload), SECRET), 'ERR_JSON_INVALID');
      assert.match(err.message, /lone surrogate escape in a member name/);
    }
    const callback = rawToken(
      `{"payload":{"key":"doc-1","status":1,"x\\udc00":1},"iat":${NOW},"exp":${NOW + 300}}`,
    );
    const err = throwsCode(
      () => server({ now: NOW }).verifyCallback('', { authorization: `Bearer ${callback}` }),
      'ERR_JSON_INVALID',
    );
    assert.match(err.message, /lone surrogate escape in a member name/);
  });

  test('surrogates encoded in UTF-8 bytes rejected', () => {
    const input = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from([
      0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d,
    ]).toString('base64url')}`;
    const token = `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
    throwsCode(() => verify(token, SECRET), 'ERR_JSON_INVALID');
  });
});
