'use strict';
// The HMAC algorithms the native addon implements, and the message for every other one.

const { withCode } = require('./errors');

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];

/** Bit of each algorithm in the mask the native verify function takes. */
const ALGORITHM_BITS = { HS256: 1, HS384: 2, HS512: 4 };

function isHmacAlgorithm(name) {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ALGORITHM_BITS, name);
}

/** Returns the error for an algorithm other than HS256, HS384 and HS512. */
function unsupportedAlgorithm(ErrorClass, name) {
  const quotedName = typeof name === 'string' ? `"${name}"` : String(name);
  return withCode(
    new ErrorClass(
      `algorithm ${quotedName} is not supported: onlyoffice-jwt signs and verifies only HMAC tokens (HS256, HS384, HS512)`,
    ),
    'ERR_JWT_ALG_NOT_ALLOWED',
  );
}

module.exports = { HMAC_ALGORITHMS, ALGORITHM_BITS, isHmacAlgorithm, unsupportedAlgorithm };
