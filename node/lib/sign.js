'use strict';
// jwt.sign with jsonwebtoken 9.0.2's options, checks, messages and output bytes. The JSON
// text is built here, and the HMAC runs in the native addon.

const native = require('./native');
const { algorithmBit, isHmacAlgorithm, unsupportedAlgorithm } = require('./algorithms');
const { internalError, withCode } = require('./errors');
const { classifySecret } = require('./secret');
const { timespan } = require('./timespan');
const { isBoolean, isInteger, isNumber, isPlainObject, isString } = require('./types');

// Every algorithm name jsonwebtoken's "algorithm" option accepts. Only the HS names can sign.
const KNOWN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'HS256',
  'HS384',
  'HS512',
  'none',
];

const TIMESPAN_HINT = 'should be a number of seconds or string representing a timespan';

// Option name -> [validity test, message], as jsonwebtoken validates sign options.
const OPTION_RULES = {
  expiresIn: [(v) => isInteger(v) || (isString(v) && v), `"expiresIn" ${TIMESPAN_HINT}`],
  notBefore: [(v) => isInteger(v) || (isString(v) && v), `"notBefore" ${TIMESPAN_HINT}`],
  audience: [(v) => isString(v) || Array.isArray(v), '"audience" must be a string or array'],
  algorithm: [(v) => KNOWN_ALGORITHMS.includes(v), '"algorithm" must be a valid string enum value'],
  header: [isPlainObject, '"header" must be an object'],
  encoding: [isString, '"encoding" must be a string'],
  issuer: [isString, '"issuer" must be a string'],
  subject: [isString, '"subject" must be a string'],
  jwtid: [isString, '"jwtid" must be a string'],
  noTimestamp: [isBoolean, '"noTimestamp" must be a boolean'],
  keyid: [isString, '"keyid" must be a string'],
  mutatePayload: [isBoolean, '"mutatePayload" must be a boolean'],
  allowInsecureKeySizes: [isBoolean, '"allowInsecureKeySizes" must be a boolean'],
  allowInvalidAsymmetricKeyTypes: [isBoolean, '"allowInvalidAsymmetricKeyTypes" must be a boolean'],
};

const TIME_CLAIMS = ['iat', 'exp', 'nbf'];

// Options that only make sense for an object payload.
const OBJECT_ONLY_OPTIONS = [
  'expiresIn',
  'notBefore',
  'noTimestamp',
  'audience',
  'issuer',
  'subject',
  'jwtid',
];

// Option -> the claim it sets.
const CLAIM_OPTIONS = [
  ['audience', 'aud'],
  ['issuer', 'iss'],
  ['subject', 'sub'],
  ['jwtid', 'jti'],
];

/** Returns jsonwebtoken's error for an option, with code ERR_OPTION_INVALID. */
function optionError(message) {
  return withCode(new Error(message), 'ERR_OPTION_INVALID');
}

/** Returns jsonwebtoken's error for a time claim of the payload, with code ERR_JWT_CLAIM_INVALID. */
function timeClaimError(name) {
  return withCode(
    new Error(`"${name}" should be a number of seconds`),
    'ERR_JWT_CLAIM_INVALID',
    name,
  );
}

function checkOptions(options) {
  if (!isPlainObject(options)) throw optionError('Expected "options" to be a plain object.');
  for (const name of Object.keys(options)) {
    const rule = Object.prototype.hasOwnProperty.call(OPTION_RULES, name)
      ? OPTION_RULES[name]
      : undefined;
    if (!rule) throw optionError(`"${name}" is not allowed in "options"`);
    if (!rule[0](options[name])) throw optionError(rule[1]);
  }
}

function checkPayload(payload) {
  if (!isPlainObject(payload)) throw new Error('Expected "payload" to be a plain object.');
  for (const name of Object.keys(payload)) {
    if (TIME_CLAIMS.includes(name) && !isNumber(payload[name])) throw timeClaimError(name);
  }
}

// NOTE: stricter than jsonwebtoken, which writes NaN and Infinity as null. A time claim
// must stay a JSON number.
function checkFiniteTimes(payload) {
  for (const name of TIME_CLAIMS) {
    if (payload[name] !== undefined && !Number.isFinite(Number(payload[name]))) {
      throw timeClaimError(name);
    }
  }
}

/** Returns the payload text as jws 3.2 writes it: strings as is, Buffers as UTF-8, others as JSON. */
function payloadText(payload) {
  if (typeof payload === 'string') return payload;
  if (typeof payload === 'number' || Buffer.isBuffer(payload)) return payload.toString();
  return JSON.stringify(payload);
}

/** Returns the secret for the native addon, or throws jsonwebtoken's error for it. */
function signingSecret(secret, options, alg) {
  if (!secret && options.algorithm !== 'none') {
    throw withCode(new Error('secretOrPrivateKey must have a value'), 'ERR_KEY_INVALID');
  }
  if (secret == null) return undefined;

  const kind = classifySecret(secret);
  if (kind.invalid) {
    throw withCode(new Error('secretOrPrivateKey is not valid key material'), 'ERR_KEY_INVALID');
  }
  if (kind.asymmetricType) {
    throw withCode(
      new Error(
        `secretOrPrivateKey must be a symmetric key when using ${alg}: onlyoffice-jwt signs only with HMAC secrets, not with a ${kind.asymmetricType} key`,
      ),
      'ERR_KEY_INVALID',
    );
  }
  return kind.material;
}

/** Applies jsonwebtoken's rules to the payload and options and returns what to sign. */
function prepare(payload, secret, options) {
  const isObjectPayload = typeof payload === 'object' && !Buffer.isBuffer(payload);
  const header = Object.assign(
    {
      alg: options.algorithm || 'HS256',
      typ: isObjectPayload ? 'JWT' : undefined,
      kid: options.keyid,
    },
    options.header,
  );

  const material = signingSecret(secret, options, header.alg);
  if (typeof header.alg === 'string' && /^(?:RS|PS|ES)/.test(header.alg)) {
    throw unsupportedAlgorithm(Error, header.alg);
  }

  if (typeof payload === 'undefined') throw new Error('payload is required');
  if (isObjectPayload) {
    checkPayload(payload);
    if (!options.mutatePayload) payload = Object.assign({}, payload);
  } else {
    const misplaced = OBJECT_ONLY_OPTIONS.filter((name) => typeof options[name] !== 'undefined');
    if (misplaced.length > 0) {
      throw optionError(`invalid ${misplaced.join(',')} option for ${typeof payload} payload`);
    }
  }

  if (typeof payload.exp !== 'undefined' && typeof options.expiresIn !== 'undefined') {
    throw optionError('Bad "options.expiresIn" option the payload already has an "exp" property.');
  }
  if (typeof payload.nbf !== 'undefined' && typeof options.notBefore !== 'undefined') {
    throw optionError('Bad "options.notBefore" option the payload already has an "nbf" property.');
  }
  checkOptions(options);
  if (!isHmacAlgorithm(header.alg)) throw unsupportedAlgorithm(Error, header.alg);

  addClaims(payload, options, isObjectPayload);
  if (isObjectPayload) checkFiniteTimes(payload);
  return { header, payload, material, encoding: options.encoding || 'utf8' };
}

/** Adds iat, nbf, exp and the claims set by options, as jsonwebtoken does. */
function addClaims(payload, options, isObjectPayload) {
  const timestamp = payload.iat || Math.floor(Date.now() / 1000);
  if (options.noTimestamp) {
    delete payload.iat;
  } else if (isObjectPayload) {
    payload.iat = timestamp;
  }

  if (typeof options.notBefore !== 'undefined') {
    payload.nbf = timespan(options.notBefore, timestamp);
    if (typeof payload.nbf === 'undefined') {
      throw optionError(`"notBefore" ${TIMESPAN_HINT} eg: "1d", "20h", 60`);
    }
  }
  if (typeof options.expiresIn !== 'undefined' && typeof payload === 'object') {
    payload.exp = timespan(options.expiresIn, timestamp);
    if (typeof payload.exp === 'undefined') {
      throw optionError(`"expiresIn" ${TIMESPAN_HINT} eg: "1d", "20h", 60`);
    }
  }

  for (const [option, claim] of CLAIM_OPTIONS) {
    if (typeof options[option] === 'undefined') continue;
    if (typeof payload[claim] !== 'undefined') {
      throw optionError(
        `Bad "options.${option}" option. The payload already has an "${claim}" property.`,
      );
    }
    payload[claim] = options[option];
  }
}

/** Serializes and signs a prepared token. */
function signPrepared({ header, payload, material, encoding }) {
  const text = payloadText(payload);
  const bytes =
    encoding === 'utf8' && typeof text === 'string' ? text : Buffer.from(text, encoding);
  try {
    return native.sign(JSON.stringify(header), bytes, material, algorithmBit(header.alg));
  } catch (err) {
    // An empty Buffer or KeyObject: word it as jsonwebtoken words an empty string secret.
    if (err.code !== 'ERR_KEY_INVALID') throw internalError(err);
    throw withCode(new Error('secretOrPrivateKey must have a value'), err.code);
  }
}

const hasOwn = (object, name) => Object.prototype.hasOwnProperty.call(object, name);
const isOwnEnumerable = (object, name) => Object.prototype.propertyIsEnumerable.call(object, name);

/**
 * Returns the options of a call the fast path can take: `{ algorithm, expiresIn }` at most,
 * with valid values. Returns `undefined` for anything else.
 */
function fastOptions(options) {
  if (options === undefined) return {};
  if (!isPlainObject(options)) return undefined;
  for (const name in options) {
    if (!hasOwn(options, name) || (name !== 'algorithm' && name !== 'expiresIn')) return undefined;
  }
  const { algorithm, expiresIn } = options;
  if (algorithm !== undefined && !isHmacAlgorithm(algorithm)) return undefined;
  const validExpiry =
    expiresIn === undefined ||
    isInteger(expiresIn) ||
    (typeof expiresIn === 'string' && expiresIn !== '');
  return validExpiry ? options : undefined;
}

/**
 * Reads a time claim for the fast path: `value` (read by the caller as `payload[name]`) when
 * it is a finite number, `null` when absent, or `undefined` when the general path must run
 * and throw jsonwebtoken's error.
 */
function fastTime(payload, name, value) {
  if (value === undefined) return name in payload ? undefined : null;
  if (!isOwnEnumerable(payload, name)) return undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Signs the common call, an object payload with a string secret and at most `algorithm` and
 * `expiresIn`, without copying the payload. Returns `undefined` when the call needs the
 * general path, which then gives the same token or jsonwebtoken's error.
 *
 * jsonwebtoken copies the payload and then sets `iat` and `exp` on the copy. A claim that
 * the payload lacks lands at the end of the copy, so here it is appended to the JSON text
 * instead, which gives the same bytes.
 */
function fastSign(payload, secret, options) {
  if (typeof secret !== 'string' || secret === '') return undefined;
  const fast = fastOptions(options);
  if (fast === undefined || !isPlainObject(payload) || typeof payload.toJSON === 'function') {
    return undefined;
  }
  const iat = fastTime(payload, 'iat', payload.iat);
  const exp = fastTime(payload, 'exp', payload.exp);
  const nbf = fastTime(payload, 'nbf', payload.nbf);
  // jsonwebtoken replaces an iat of 0 with the current time, in place.
  if (iat === undefined || iat === 0 || exp === undefined || nbf === undefined) return undefined;
  if (exp !== null && fast.expiresIn !== undefined) return undefined;

  const timestamp = iat === null ? Math.floor(Date.now() / 1000) : iat;
  const expiry = fast.expiresIn === undefined ? undefined : timespan(fast.expiresIn, timestamp);
  if (fast.expiresIn !== undefined && !Number.isFinite(expiry)) return undefined;

  let json;
  try {
    json = JSON.stringify(payload);
  } catch {
    return undefined;
  }
  let members = iat === null ? `"iat":${timestamp}` : undefined;
  if (expiry !== undefined) {
    members = members === undefined ? `"exp":${expiry}` : `${members},"exp":${expiry}`;
  }
  try {
    return native.sign(null, json, secret, algorithmBit(fast.algorithm || 'HS256'), members);
  } catch (err) {
    throw internalError(err);
  }
}

/**
 * Signs a payload with an HMAC secret: jsonwebtoken 9's `sign(payload, secretOrPrivateKey,
 * [options, callback])`. With a callback, option errors are passed synchronously and the
 * token asynchronously, as jsonwebtoken does.
 */
function sign(payload, secretOrPrivateKey, options, callback) {
  // A copy of plain-object options: each option is read once, so that a getter cannot give
  // one value to the checks and another to the signing. Other values are kept, for
  // jsonwebtoken's "plain object" error.
  if (isPlainObject(options)) options = Object.assign({}, options);
  if (callback === undefined && typeof options !== 'function') {
    const token = fastSign(payload, secretOrPrivateKey, options);
    if (token !== undefined) return token;
  }
  if (typeof options === 'function') {
    callback = options;
    options = {};
  } else {
    options = options || {};
  }

  let prepared;
  try {
    prepared = prepare(payload, secretOrPrivateKey, options);
  } catch (err) {
    if (callback) return callback(err);
    throw err;
  }

  if (typeof callback !== 'function') return signPrepared(prepared);

  let token;
  try {
    token = signPrepared(prepared);
  } catch (err) {
    process.nextTick(callback, err);
    return undefined;
  }
  process.nextTick(callback, null, token);
  return undefined;
}

module.exports = { sign };
