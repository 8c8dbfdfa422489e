'use strict';
// jwt.decode: reads a token's header and payload without verifying anything.

const native = require('./native');
const { JsonWebTokenError, isCoreError, withCode } = require('./errors');
const { INTEGER_CODES, INTEGER_MODE_HINT, isIntegerMode, restoreIntegers } = require('./integers');

/**
 * Returns the payload of a token, or `{ header, payload, signature }` with `complete: true`,
 * without checking the signature. Returns `null` when the token is not three base64url
 * segments whose header and payload are strict JSON objects. Never trust the result.
 *
 * `integers` ("number", "bigint", "string" or "error") sets what becomes of payload integers
 * beyond 2^53 - 1; with "error" such a payload throws a JsonWebTokenError.
 */
function decode(token, options) {
  options = options || {};
  const integers = options.integers === undefined ? 'number' : options.integers;
  if (!isIntegerMode(integers)) throw new TypeError(INTEGER_MODE_HINT);
  if (Buffer.isBuffer(token)) token = token.toString();
  if (typeof token !== 'string') return null;

  let texts;
  try {
    texts = native.decodeUnverified(token, INTEGER_CODES[integers]);
  } catch (err) {
    if (!isCoreError(err)) throw err;
    throw withCode(new JsonWebTokenError(err.message), err.code);
  }
  if (texts === null) return null;
  let payload = JSON.parse(texts[1]);
  if (texts.length > 2) payload = restoreIntegers(payload, JSON.parse(texts[2]), integers);
  if (options.complete !== true) return payload;
  return {
    header: JSON.parse(texts[0]),
    payload,
    signature: token.slice(token.lastIndexOf('.') + 1),
  };
}

module.exports = { decode };
