'use strict';
// jwt.decode: reads a token's header and payload without verifying anything.

const native = require('./native');
const { JsonWebTokenError, internalError, isCoreError, withCode } = require('./errors');
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
  // Each option is read once, so that a getter cannot give one value to the check and
  // another to the decoding.
  const { integers: integersOption, complete } = options || {};
  const integers = integersOption === undefined ? 'number' : integersOption;
  if (!isIntegerMode(integers)) throw new TypeError(INTEGER_MODE_HINT);
  if (Buffer.isBuffer(token)) token = token.toString();
  if (typeof token !== 'string') return null;

  let texts;
  try {
    texts = native.decodeUnverified(token, INTEGER_CODES[integers]);
  } catch (err) {
    if (!isCoreError(err)) throw internalError(err);
    const failure = withCode(new JsonWebTokenError(err.message), err.code);
    failure.detail = err.message;
    throw failure;
  }
  if (texts === null) return null;
  let payload = exactJson(texts[1], token, 1);
  if (texts.length > 2) payload = restoreIntegers(payload, JSON.parse(texts[2]), integers);
  if (complete !== true) return payload;
  return {
    header: exactJson(texts[0], token, 0),
    payload,
    signature: token.slice(token.lastIndexOf('.') + 1),
  };
}

/**
 * Parses the JSON text the native addon wrote for segment `index` of `token`. The addon
 * writes each lone surrogate escape of a string as U+FFFD (as the character or as the
 * escape \ufffd), because Rust strings hold no surrogates. Text with U+FFFD is parsed from
 * the segment itself, which the addon has already checked, so that JSON.parse keeps each
 * lone surrogate, as jsonwebtoken does.
 */
function exactJson(text, token, index) {
  if (!REPLACEMENT.test(text)) return JSON.parse(text);
  const segment = token.split('.')[index];
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
}

const REPLACEMENT = /\uFFFD|\\u[fF]{3}[dD]/;

module.exports = { decode };
