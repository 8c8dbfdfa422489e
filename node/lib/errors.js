'use strict';
// Error classes. The jsonwebtoken-compatible classes keep jsonwebtoken 9.0.2's names,
// properties and messages, and add `code`: the stable code of the Rust core, such as
// ERR_JWT_EXPIRED. Errors about the caller's arguments (a bad option type) have no code.

class JsonWebTokenError extends Error {
  constructor(message, inner) {
    super(message);
    this.name = 'JsonWebTokenError';
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

/** Failure of a DocumentServer method, with the core's `code` and Document Server's response codes. */
class DocumentServerError extends Error {
  constructor(message, code, details = {}) {
    super(message);
    this.name = 'DocumentServerError';
    this.code = code;
    if (details.claim !== undefined) this.claim = details.claim;
    if (details.dsAnswer !== undefined) this.dsAnswer = details.dsAnswer;
  }
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

/** Converts a native DocumentServer failure into a DocumentServerError. Other errors are returned as they are. */
function toDocumentServerError(err) {
  if (!isCoreError(err)) return err;
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
  withCode,
  isCoreError,
  toDocumentServerError,
};
