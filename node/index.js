'use strict';
// onlyoffice-jwt: HMAC JSON Web Tokens and the ONLYOFFICE Docs token protocol, implemented
// in Rust. `sign`, `verify`, `decode` and the error classes follow jsonwebtoken 9.

const { sign } = require('./lib/sign');
const { verify } = require('./lib/verify');
const { decode } = require('./lib/decode');
const { DocumentServer, CALLBACK_OK } = require('./lib/document-server');
const {
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
  DocumentServerError,
} = require('./lib/errors');

module.exports = {
  sign,
  verify,
  decode,
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
  DocumentServer,
  DocumentServerError,
  CALLBACK_OK,
};
