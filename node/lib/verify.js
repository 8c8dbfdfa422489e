'use strict';
// jwt.verify with jsonwebtoken 9.0.2's options, checks and messages. The native addon checks
// the token's form, header, algorithm, signature, payload JSON, exp and nbf. The claim
// comparisons that jsonwebtoken makes with JavaScript values (RegExp audiences, maxAge) run
// here.

const native = require('./native');
const {
  HMAC_ALGORITHMS,
  algorithmBit,
  isHmacAlgorithm,
  unsupportedAlgorithm,
} = require('./algorithms');
const {
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
  internalError,
  isCoreError,
  withCode,
} = require('./errors');
const { INTEGER_CODES, INTEGER_MODE_HINT, isIntegerMode, parseNative } = require('./integers');
const { classifySecret } = require('./secret');
const { timespan } = require('./timespan');

// The compact form jws 3.2 accepts before it decodes: two non-empty segments and an
// optional signature, base64url characters only.
const JWS_FORM = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?$/;

// Option -> claim compared with `===`, in jsonwebtoken's order after aud and iss.
const EXACT_CLAIMS = [
  ['subject', 'sub', 'subject'],
  ['jwtid', 'jti', 'jwtid'],
  ['nonce', 'nonce', 'nonce'],
];

function jwtError(message, code, claim) {
  return withCode(new JsonWebTokenError(message), code, claim);
}

/** Returns jsonwebtoken's error for an option value, with code ERR_OPTION_INVALID. */
function optionError(message) {
  return jwtError(message, 'ERR_OPTION_INVALID');
}

/** Sets `detail`, the core's explanation naming the value at fault, and returns the error. */
function withDetail(err, detail) {
  if (detail !== undefined) err.detail = detail;
  return err;
}

/** Returns the error for the option checks jsonwebtoken makes before reading the token. */
function checkOptions(options) {
  if (options.clockTimestamp && typeof options.clockTimestamp !== 'number') {
    return optionError('clockTimestamp must be a number');
  }
  if (
    options.nonce !== undefined &&
    (typeof options.nonce !== 'string' || options.nonce.trim() === '')
  ) {
    return optionError('nonce must be a non-empty string');
  }
  if (
    options.allowInvalidAsymmetricKeyTypes !== undefined &&
    typeof options.allowInvalidAsymmetricKeyTypes !== 'boolean'
  ) {
    return optionError('allowInvalidAsymmetricKeyTypes must be a boolean');
  }
  // NOTE: jsonwebtoken adds a string clockTolerance to the time as text, so a number is
  // required here.
  if (options.clockTolerance && typeof options.clockTolerance !== 'number') {
    return optionError('clockTolerance must be a number of seconds');
  }
  const required = options.requiredClaims;
  if (
    required !== undefined &&
    !(Array.isArray(required) && required.every((name) => typeof name === 'string'))
  ) {
    return optionError('requiredClaims must be an array of claim names');
  }
  if (options.integers !== undefined && !isIntegerMode(options.integers)) {
    return optionError(INTEGER_MODE_HINT);
  }
  return undefined;
}

function checkToken(token) {
  if (!token) return jwtError('jwt must be provided', 'ERR_JWT_MALFORMED');
  if (typeof token !== 'string') return jwtError('jwt must be a string', 'ERR_JWT_MALFORMED');
  return undefined;
}

/** Decodes the header the lenient way jws 3.2 does. Returns `undefined` when it is not JSON. */
function lenientHeader(token) {
  const segment = token.slice(0, token.indexOf('.'));
  try {
    return JSON.parse(Buffer.from(segment, 'base64').toString('latin1'));
  } catch {
    return undefined;
  }
}

/**
 * Returns jsonwebtoken's message for a token whose compact form it rejects before any key is
 * used ("jwt malformed", "invalid token"), or `undefined` with the decoded header.
 */
function formFailure(token) {
  if (token.split('.').length !== 3) return { message: 'jwt malformed' };
  if (!JWS_FORM.test(token)) return { message: 'invalid token' };
  const header = lenientHeader(token);
  if (!header) return { message: 'invalid token' };
  return { header };
}

function hasSignature(token) {
  return token.slice(token.lastIndexOf('.') + 1) !== '';
}

function isCanonicalBase64url(segment) {
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/**
 * Turns a native failure into the error jsonwebtoken throws for the same token: its class
 * and message, with the core's code. Checks that jsonwebtoken makes earlier decide the
 * message when the token has several faults.
 */
function describeFailure(err, token, algorithms) {
  if (!isCoreError(err)) return internalError(err);
  return withDetail(describeCoreFailure(err, token, algorithms), err.message);
}

// The end of the core's reason for a time claim that is a number outside the years 1 to 9999.
const OUT_OF_RANGE = 'is outside the years 1 to 9999';

function describeCoreFailure(err, token, algorithms) {
  switch (err.code) {
    case 'ERR_JWT_EXPIRED':
      return withCode(
        new TokenExpiredError('jwt expired', new Date(err.exp * 1000)),
        err.code,
        'exp',
      );
    case 'ERR_JWT_NOT_YET_VALID':
      return withCode(
        new NotBeforeError('jwt not active', new Date(err.nbf * 1000)),
        err.code,
        'nbf',
      );
    case 'ERR_JWT_CLAIM_INVALID':
      // jsonwebtoken's "invalid exp value" is about the type; a number outside the years
      // 1 to 9999, which jsonwebtoken accepts, gets a message that names the range.
      if (err.message.endsWith(OUT_OF_RANGE)) {
        return jwtError(`invalid ${err.claim} value: ${OUT_OF_RANGE}`, err.code, err.claim);
      }
      return jwtError(`invalid ${err.claim} value`, err.code, err.claim);
    case 'ERR_JWT_CLAIM_MISSING':
      return jwtError(err.message, err.code, err.claim);
    case 'ERR_KEY_INVALID':
      // An empty Buffer or KeyObject: word it as jsonwebtoken words an empty string secret.
      return keyFailure(token, 'missing', { algorithms: algorithms });
    default:
      return describeTokenFailure(err, token, algorithms);
  }
}

function describeTokenFailure(err, token, algorithms) {
  const form = formFailure(token);
  if (form.message) return jwtError(form.message, err.code);
  if (!hasSignature(token)) return jwtError('jwt signature is required', err.code);

  const alg = form.header.alg;
  if (algorithms.indexOf(alg) === -1) return jwtError('invalid algorithm', err.code);
  if (!isHmacAlgorithm(alg)) return unsupportedAlgorithm(JsonWebTokenError, alg);

  const signature = token.slice(token.lastIndexOf('.') + 1);
  if (err.code === 'ERR_JWS_SIGNATURE_INVALID') return jwtError('invalid signature', err.code);
  if (err.code === 'ERR_JWT_MALFORMED' && !isCanonicalBase64url(signature)) {
    return jwtError('invalid signature', err.code);
  }
  // The token has a fault jsonwebtoken does not check: keep the core's message.
  return jwtError(err.message, err.code);
}

/** Returns the error for a missing or unusable key, after the token checks that come first. */
function keyFailure(token, kind, options) {
  const form = formFailure(token);
  if (form.message) return jwtError(form.message, 'ERR_JWT_MALFORMED');

  const signed = hasSignature(token);
  if (kind === 'missing') {
    if (signed) return jwtError('secret or public key must be provided', 'ERR_KEY_INVALID');
    if (!options.algorithms) {
      return jwtError(
        'please specify "none" in "algorithms" to verify unsigned tokens',
        'ERR_JWT_ALG_NOT_ALLOWED',
      );
    }
    if (allowedAlgorithms(options.algorithms).names.indexOf(form.header.alg) === -1) {
      return jwtError('invalid algorithm', 'ERR_JWT_ALG_NOT_ALLOWED');
    }
    return unsupportedAlgorithm(JsonWebTokenError, form.header.alg);
  }
  if (!signed) return jwtError('jwt signature is required', 'ERR_JWS_SIGNATURE_INVALID');
  if (kind === 'invalid')
    return jwtError('secretOrPublicKey is not valid key material', 'ERR_KEY_INVALID');
  return jwtError(
    `secretOrPublicKey must be a symmetric key: onlyoffice-jwt verifies only HMAC tokens, not with a ${kind} key`,
    'ERR_KEY_INVALID',
  );
}

/** Returns the allowed algorithm names and their native mask. */
function allowedAlgorithms(option) {
  let names = option || HMAC_ALGORITHMS;
  // NOTE: jsonwebtoken calls indexOf on a string option, which matches substrings, so a
  // string is read here as a list of one name.
  if (typeof names === 'string') names = [names];
  if (!Array.isArray(names)) throw optionError('"algorithms" must be an array of algorithm names');
  let mask = 0;
  for (const name of names) {
    mask |= algorithmBit(name);
  }
  return { names, mask };
}

function checkAudience(payload, option) {
  const expected = Array.isArray(option) ? option : [option];
  const found = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const matches = (value) =>
    expected.some((audience) =>
      audience instanceof RegExp ? audience.test(value) : audience === value,
    );
  if (found.some(matches)) return;
  throw claimError(payload, 'aud', `jwt audience invalid. expected: ${expected.join(' or ')}`);
}

function checkIssuer(payload, option) {
  const invalid =
    (typeof option === 'string' && payload.iss !== option) ||
    (Array.isArray(option) && option.indexOf(payload.iss) === -1);
  if (invalid) throw claimError(payload, 'iss', `jwt issuer invalid. expected: ${option}`);
}

function checkMaxAge(payload, maxAge, now, tolerance) {
  if (typeof payload.iat !== 'number') {
    throw claimError(payload, 'iat', 'iat required when maxAge is specified');
  }
  const limit = timespan(maxAge, payload.iat);
  if (typeof limit === 'undefined') {
    throw optionError(
      '"maxAge" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60',
    );
  }
  if (now >= limit + tolerance) {
    throw withCode(
      new TokenExpiredError('maxAge exceeded', new Date(limit * 1000)),
      'ERR_JWT_EXPIRED',
      'iat',
    );
  }
}

function claimError(payload, claim, message) {
  const code = payload[claim] === undefined ? 'ERR_JWT_CLAIM_MISSING' : 'ERR_JWT_CLAIM_INVALID';
  return jwtError(message, code, claim);
}

/** Runs jsonwebtoken's checks of aud, iss, sub, jti, nonce and maxAge, in its order. */
function checkClaims(payload, options, now, tolerance) {
  if (options.audience) checkAudience(payload, options.audience);
  if (options.issuer) checkIssuer(payload, options.issuer);
  for (const [option, claim, label] of EXACT_CLAIMS) {
    if (options[option] && payload[claim] !== options[option]) {
      throw claimError(payload, claim, `jwt ${label} invalid. expected: ${options[option]}`);
    }
  }
  if (options.maxAge) checkMaxAge(payload, options.maxAge, now, tolerance);
}

/** Returns the key material for the native addon, or throws the error for an unusable key. */
function keyMaterial(token, key, options) {
  if (typeof key === 'string' && key !== '') return key;
  if (!key) throw keyFailure(token, 'missing', options);
  const kind = classifySecret(key);
  if (kind.invalid) throw keyFailure(token, 'invalid', options);
  if (kind.asymmetricType) throw keyFailure(token, kind.asymmetricType, options);
  return kind.material;
}

/** Verifies with a resolved key and returns the payload, or the complete token when asked. */
function verifyWithKey(token, key, options) {
  const now = options.clockTimestamp || Math.floor(Date.now() / 1000);
  const tolerance = options.clockTolerance || 0;
  const material = keyMaterial(token, key, options);
  const algorithms = allowedAlgorithms(options.algorithms);
  const integers = options.integers === undefined ? 'number' : options.integers;
  const integerCode = integers === 'number' ? 0 : INTEGER_CODES[integers];

  let result;
  try {
    result = native.verify(
      token,
      material,
      algorithms.mask,
      now,
      tolerance,
      !options.ignoreExpiration,
      !options.ignoreNotBefore,
      options.requiredClaims,
      integerCode,
    );
  } catch (err) {
    throw describeFailure(err, token, algorithms.names);
  }

  const payload = parseNative(result, integers);
  checkClaims(payload, options, now, tolerance);
  if (options.complete !== true) return payload;

  const headerSegment = token.slice(0, token.indexOf('.'));
  return {
    header: JSON.parse(Buffer.from(headerSegment, 'base64url').toString('utf8')),
    payload,
    signature: token.slice(token.lastIndexOf('.') + 1),
  };
}

/**
 * Verifies a token with an HMAC secret: jsonwebtoken 9's `verify(token, secret, [options,
 * callback])`. The secret may also be a function `(header, callback)` when a callback is
 * given. With a callback the result is passed synchronously, as jsonwebtoken does.
 */
function verify(token, secretOrPublicKey, options, callback) {
  if (typeof options === 'function' && !callback) {
    callback = options;
    options = {};
  }
  // A copy, as jsonwebtoken makes: each option is read once, so that a getter cannot give
  // one value to the checks and another to the verification.
  options = Object.assign({}, options);
  if (!callback) return verifySync(token, secretOrPublicKey, options);

  const early = checkOptions(options) || checkToken(token);
  if (early) return callback(early);

  if (typeof secretOrPublicKey !== 'function') {
    return finish(token, secretOrPublicKey, options, callback);
  }
  const form = formFailure(token);
  if (form.message) return callback(jwtError(form.message, 'ERR_JWT_MALFORMED'));
  return secretOrPublicKey(form.header, (err, key) => {
    if (err) {
      return callback(
        new JsonWebTokenError(`error in secret or public key callback: ${err.message}`),
      );
    }
    return finish(token, key, options, callback);
  });
}

/** The synchronous form: returns the result or throws, with the checks of `verify` in its order. */
function verifySync(token, key, options) {
  const early = checkOptions(options) || checkToken(token);
  if (early) throw early;
  if (typeof key === 'function') {
    throw new JsonWebTokenError(
      'verify must be called asynchronous if secret or public key is provided as a callback',
    );
  }
  return verifyWithKey(token, key, options);
}

function finish(token, key, options, done) {
  let result;
  try {
    result = verifyWithKey(token, key, options);
  } catch (err) {
    return done(err);
  }
  return done(null, result);
}

module.exports = { verify };
