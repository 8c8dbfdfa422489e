'use strict';
// The HMAC algorithms the native addon implements, and the message for every other one.

const { withCode } = require('./errors');

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];

/** Bit of each algorithm in the mask the native verify function takes. */
const ALGORITHM_BITS = { HS256: 1, HS384: 2, HS512: 4 };

/** Returns the bit of an HMAC algorithm name, or 0 for any other value. */
function algorithmBit(name) {
  // A switch, unlike a lookup in ALGORITHM_BITS, stays fast whatever the call sites pass.
  switch (name) {
    case 'HS256':
      return 1;
    case 'HS384':
      return 2;
    case 'HS512':
      return 4;
    default:
      return 0;
  }
}

function isHmacAlgorithm(name) {
  return algorithmBit(name) !== 0;
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

module.exports = {
  HMAC_ALGORITHMS,
  ALGORITHM_BITS,
  algorithmBit,
  isHmacAlgorithm,
  unsupportedAlgorithm,
};
