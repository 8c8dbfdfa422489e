'use strict';
// jwt.decode: reads a token's header and payload without verifying anything.

const native = require('./native');

/**
 * Returns the payload of a token, or `{ header, payload, signature }` with `complete: true`,
 * without checking the signature. Returns `null` when the token is not three base64url
 * segments whose header and payload are strict JSON objects. Never trust the result.
 */
function decode(token, options) {
  options = options || {};
  if (Buffer.isBuffer(token)) token = token.toString();
  if (typeof token !== 'string') return null;

  const texts = native.decodeUnverified(token);
  if (texts === null) return null;
  const payload = JSON.parse(texts[1]);
  if (options.complete !== true) return payload;
  return {
    header: JSON.parse(texts[0]),
    payload,
    signature: token.slice(token.lastIndexOf('.') + 1),
  };
}

module.exports = { decode };
