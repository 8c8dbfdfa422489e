'use strict';
// Options are read once, at the entry of each function, so that a getter cannot give the
// checks one value and the native call another, and napi's own errors never surface.

const assert = require('node:assert/strict');
const { test } = require('node:test');

const { PACKAGE_DIR, thrown } = require('./helpers');

const jwt = require(PACKAGE_DIR);

const K = 'k'.repeat(32);

/** Returns an options object whose `name` getter returns `first`, then `later`, and counts reads. */
function changingOption(name, first, later) {
  const state = { reads: 0 };
  const options = {};
  Object.defineProperty(options, name, {
    enumerable: true,
    get() {
      state.reads += 1;
      return state.reads === 1 ? first : later;
    },
  });
  return { options, state };
}

test('verify reads clockTolerance once', () => {
  const expired = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 100 }, K);
  const { options, state } = changingOption('clockTolerance', 0, 1e9);
  const err = thrown(() => jwt.verify(expired, K, options));
  assert.equal(err.name, 'TokenExpiredError');
  assert.equal(err.code, 'ERR_JWT_EXPIRED');
  assert.equal(state.reads, 1);
});

test('verify clockTolerance getter gives no napi error', () => {
  const token = jwt.sign({ a: 1 }, K);
  const { options } = changingOption('clockTolerance', 0, '1000');
  assert.equal(jwt.verify(token, K, options).a, 1);
});

test('sign reads algorithm once', () => {
  const { options, state } = changingOption('algorithm', 'HS256', 'RS256');
  const token = jwt.sign({ a: 1 }, K, options);
  assert.equal(jwt.decode(token, { complete: true }).header.alg, 'HS256');
  assert.equal(state.reads, 1);
});

test('sign with changing expiresIn uses first value', () => {
  const { options, state } = changingOption('expiresIn', 60, 'abc');
  const token = jwt.sign({ iat: 1700000000 }, K, options);
  assert.equal(jwt.decode(token).exp, 1700000060);
  assert.equal(state.reads, 1);
});

test('decode reads options once', () => {
  const token = jwt.sign({ a: 1 }, K);
  const { options, state } = changingOption('complete', true, false);
  assert.ok(jwt.decode(token, options).header);
  assert.equal(state.reads, 1);
});

test('sign option error has code and jsonwebtoken message', () => {
  const err = thrown(() => jwt.sign({ a: 1 }, K, { expiresIn: 'abc' }));
  assert.equal(err.constructor, Error);
  assert.equal(
    err.message,
    '"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60',
  );
  assert.equal(err.code, 'ERR_OPTION_INVALID');
});

test('verify option error has code and jsonwebtoken message', () => {
  const err = thrown(() => jwt.verify(jwt.sign({ a: 1 }, K), K, { clockTolerance: '100' }));
  assert.ok(err instanceof jwt.JsonWebTokenError);
  assert.equal(err.message, 'clockTolerance must be a number of seconds');
  assert.equal(err.code, 'ERR_OPTION_INVALID');
});

test('payload time claim error has claim code', () => {
  const err = thrown(() => jwt.sign({ exp: 'soon' }, K));
  assert.equal(err.message, '"exp" should be a number of seconds');
  assert.equal(err.code, 'ERR_JWT_CLAIM_INVALID');
  assert.equal(err.claim, 'exp');
});
