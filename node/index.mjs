// ES module entry: the same exports as index.js.
import onlyofficeJwt from './index.js';

export const {
  sign,
  verify,
  decode,
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
  DocumentServer,
  DocumentServerError,
  CALLBACK_OK,
} = onlyofficeJwt;

export default onlyofficeJwt;
