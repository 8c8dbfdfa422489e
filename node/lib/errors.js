'use strict';
// Error classes. The jsonwebtoken-compatible classes keep jsonwebtoken 9.0.2's names,
// properties and messages, and add `code`: the stable code of the Rust core, such as
// ERR_JWT_EXPIRED. A TypeError about an argument of the wrong type has no code.

// jsonwebtoken 9.0.2 assigns `name` and then `message` on each instance, so both are own
// enumerable properties, in that order, and JSON.stringify(err) writes them. `super()`
// without a message creates no own `message`, so the assignment below creates it the same
// way. V8 formats `stack` on first access, so it still starts with the name and message.
class JsonWebTokenError extends Error {
  constructor(message, inner) {
    super();
    this.name = 'JsonWebTokenError';
    this.message = message;
    if (inner) this.inner = inner;
  }
}

class TokenExpiredError extends JsonWebTokenError {
  constructor(message, expiredAt) {
    super(message);
    this.name = 'TokenExpiredError';
    this.expiredAt = expiredAt;
  }
}

class NotBeforeError extends JsonWebTokenError {
  constructor(message, date) {
    super(message);
    this.name = 'NotBeforeError';
    this.date = date;
  }
}

/**
 * Response codes Document Server sends for a failure that is neither an expired token nor
 * a token or payload of the wrong kind, as the core's `Error::ds_answer` gives them.
 */
const DEFAULT_DS_ANSWER = Object.freeze({
  command: 6,
  conversion: -8,
  docbuilder: -8,
  editor: 4006,
});

/** Failure of a DocumentServer method, with the core's `code` and Document Server's response codes. */
class DocumentServerError extends Error {
  constructor(message, code, details = {}) {
    super();
    this.name = 'DocumentServerError';
    this.message = message;
    this.code = code;
    if (details.claim !== undefined) this.claim = details.claim;
    this.detail = details.detail === undefined ? message : details.detail;
    this.dsAnswer = details.dsAnswer === undefined ? { ...DEFAULT_DS_ANSWER } : details.dsAnswer;
  }
}

/** Returns a DocumentServerError with code ERR_DS_SETTINGS_INVALID, the core's wording for it. */
function settingsInvalid(reason) {
  return new DocumentServerError(
    `invalid Document Server settings: ${reason}`,
    'ERR_DS_SETTINGS_INVALID',
  );
}

/** Sets `code` (and `claim` when given) on an error and returns it. */
function withCode(err, code, claim) {
  err.code = code;
  if (claim !== undefined) err.claim = claim;
  return err;
}

/** Returns true for an error thrown by the native addon for a core failure. */
function isCoreError(err) {
  return err instanceof Error && typeof err.code === 'string' && err.code.startsWith('ERR_');
}

/**
 * Returns the error to throw for a native failure that is not a core error: napi's own
 * errors (codes such as GenericFailure or NumberExpected) and panics, which are defects of
 * this package. They become an Error with code ERR_INTERNAL and the original as `cause`.
 * Core errors and errors of other origins are returned as they are.
 */
function internalError(err) {
  if (!(err instanceof Error) || typeof err.code !== 'string' || err.code.startsWith('ERR_')) {
    return err;
  }
  const internal = new Error(
    `onlyoffice-jwt: internal error in the native addon (${err.code}): ${err.message}`,
    { cause: err },
  );
  internal.code = 'ERR_INTERNAL';
  return internal;
}

/** Converts a native DocumentServer failure into a DocumentServerError. Other errors are returned as they are. */
function toDocumentServerError(err) {
  if (!isCoreError(err)) return internalError(err);
  return new DocumentServerError(err.message, err.code, {
    claim: err.claim,
    dsAnswer: err.dsAnswer,
  });
}

module.exports = {
  JsonWebTokenError,
  TokenExpiredError,
  NotBeforeError,
  DocumentServerError,
  settingsInvalid,
  withCode,
  isCoreError,
  internalError,
  toDocumentServerError,
};
