// Compile-only checks of index.d.ts: typical jsonwebtoken and DocumentServer usage.
import * as http from 'node:http';
import { createSecretKey } from 'node:crypto';
import jwt, {
  sign,
  verify,
  decode,
  DocumentServer,
  DocumentServerError,
  JsonWebTokenError,
  TokenExpiredError,
  type Callback,
  type IntegerMode,
  type JwtPayload,
} from 'onlyoffice-jwt';

const token: string = sign({ key: 'doc-1' }, 'secret', {
  expiresIn: '5m',
  algorithm: 'HS512',
  header: { kid: 'k1' },
});
sign('text', Buffer.from('secret'), (error: Error | null, signed?: string) => void [error, signed]);
const payload: JwtPayload = verify(token, createSecretKey(Buffer.from('secret')), {
  audience: [/^ds/, 'host'],
  clockTolerance: 5,
});
const complete = verify(token, 'secret', { complete: true });
const header: string = complete.header.alg;
verify(
  token,
  (keyHeader, done) => done(null, keyHeader.kid ?? 'secret'),
  {},
  (error, decoded) => void [error, decoded],
);
const decoded = decode(token, { complete: true });
const mode: IntegerMode = 'bigint';
const exact = verify(token, 'secret', { integers: mode, algorithms: ['HS256'] });
const exactId: unknown = exact.id;
decode(token, { integers: 'string' });
void exactId;
jwt.verify(token, 'secret');

try {
  verify(token, 'secret');
} catch (error) {
  if (error instanceof TokenExpiredError) console.log(error.expiredAt.toISOString(), error.code);
  else if (error instanceof JsonWebTokenError) console.log(error.message, error.claim);
}

const ds = new DocumentServer({
  secret: 'secret',
  header: 'AuthorizationJwt',
  expiresIn: null,
  minLength: 'warn',
  integers: 'bigint',
});
const config = ds.signConfig({ document: { key: 'k', url: 'u', permissions: {} } });
const configToken: string = config.token;
http.createServer((request) => {
  try {
    const callback: Callback = ds.verifyCallback(Buffer.alloc(0), request.headers);
    const status: number = callback.status;
    void status;
  } catch (error) {
    if (error instanceof DocumentServerError) console.log(error.code, error.dsAnswer?.command);
  }
});
ds.verifyCallback({ token }, new Headers());
const ok: string = DocumentServer.CALLBACK_OK;
const fromFile: DocumentServer = DocumentServer.fromLocalJson('/etc/onlyoffice/documentserver/local.json', {
  expiresIn: '5m',
  now: 1700000000,
});
void fromFile;
const request = ds.signRequest({ c: 'forcesave', key: 'k' }, 'command');
const requestToken: string = request.body.token;
const download = ds.verifyDownload('/files/k', { authorization: request.headerValue });
const method = ds.signMethod({ c: 'add' });
void [requestToken, download.url, method.token, ds.header, ds.prefix];

void [payload, header, decoded, configToken, ok];
