'use strict';
// DocumentServer.fromLocalJson: reading Document Server's own local.json from a path or its
// text, secret files read as raw bytes, and the overrides.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { afterEach, beforeEach, describe, test } = require('node:test');

const { PACKAGE_DIR, throwsCode } = require('./helpers');

const { DocumentServer, DocumentServerError, decode, verify } = require(PACKAGE_DIR);

const NOW = 1700000000;
const INBOX_SECRET = '0123456789abcdef'.repeat(4);
const OUTBOX_SECRET = Buffer.from('outbox-secret-from-a-file-0123456789\n');
const CONFIG = {
  document: { key: 'doc-1', url: 'https://files.example/doc-1.docx', permissions: {} },
};

/** Returns the local.json text with secret.outbox read from `secretFile`. */
function localJsonText(secretFile) {
  return JSON.stringify({
    services: {
      CoAuthoring: {
        token: {
          inbox: { header: 'AuthorizationJwt', prefix: 'Bearer ' },
          outbox: {
            header: 'AuthorizationJwt',
            prefix: 'Bearer ',
            algorithm: 'HS512',
            expires: '10m',
          },
          verifyOptions: { clockTolerance: 30 },
        },
        secret: { inbox: { string: INBOX_SECRET }, outbox: { file: secretFile } },
      },
    },
  });
}

/** Signs a callback body token with HS256 over exact bytes, as Document Server's outbox does. */
function outboxCallback(secret, exp = NOW + 300) {
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from(JSON.stringify({ key: 'doc-1', status: 1, exp })).toString(
    'base64url',
  );
  const input = `${header}.${payload}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('DocumentServer.fromLocalJson', () => {
  let directory;
  let secretFile;
  let localJsonPath;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'onlyoffice-jwt-local-json-'));
    secretFile = path.join(directory, 'outbox.secret');
    fs.writeFileSync(secretFile, OUTBOX_SECRET);
    localJsonPath = path.join(directory, 'local.json');
    fs.writeFileSync(localJsonPath, localJsonText(secretFile));
  });

  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  test('sources: path, file URL, text and Buffer', () => {
    const sources = {
      path: localJsonPath,
      'file URL': pathToFileURL(localJsonPath),
      text: fs.readFileSync(localJsonPath, 'utf8'),
      Buffer: fs.readFileSync(localJsonPath),
    };
    for (const [form, source] of Object.entries(sources)) {
      const ds = DocumentServer.fromLocalJson(source, { now: NOW });
      assert.equal(ds.header, 'AuthorizationJwt', form);
      assert.equal(ds.verifyCallback({ token: outboxCallback(OUTBOX_SECRET) }).key, 'doc-1', form);
    }
  });

  test('secret file read as raw bytes', () => {
    const ds = DocumentServer.fromLocalJson(localJsonPath, { now: NOW });
    const withoutNewline = OUTBOX_SECRET.subarray(0, OUTBOX_SECRET.length - 1);
    throwsCode(
      () => ds.verifyCallback({ token: outboxCallback(withoutNewline) }),
      'ERR_JWS_SIGNATURE_INVALID',
    );
    throwsCode(
      () => ds.verifyCallback({ token: outboxCallback(INBOX_SECRET) }),
      'ERR_JWS_SIGNATURE_INVALID',
    );
  });

  test('signs with the inbox settings', () => {
    const ds = DocumentServer.fromLocalJson(localJsonPath, { now: NOW });
    const signed = ds.signConfig(CONFIG);
    const complete = verify(signed.token, INBOX_SECRET, {
      algorithms: ['HS512'],
      clockTimestamp: NOW,
      complete: true,
    });
    assert.equal(complete.header.alg, 'HS512');
    assert.equal(complete.payload.exp, NOW + 600);
    assert.equal(ds.signRequest({ c: 'info', key: 'doc-1' }).headerName, 'AuthorizationJwt');
  });

  test('clockTolerance sets the leeway', () => {
    const token = outboxCallback(OUTBOX_SECRET, NOW);
    const within = DocumentServer.fromLocalJson(localJsonPath, { now: NOW + 29 });
    assert.equal(within.verifyCallback({ token }).key, 'doc-1');
    const beyond = DocumentServer.fromLocalJson(localJsonPath, { now: NOW + 30 });
    throwsCode(() => beyond.verifyCallback({ token }), 'ERR_JWT_EXPIRED');
  });

  test('overrides replace the file values', () => {
    const ds = DocumentServer.fromLocalJson(localJsonPath, {
      leeway: 120,
      expiresIn: null,
      extraSecrets: ['old secret'],
      now: NOW + 100,
    });
    assert.equal(ds.verifyCallback({ token: outboxCallback(OUTBOX_SECRET, NOW) }).key, 'doc-1');
    const oldToken = outboxCallback('old secret', NOW + 200);
    assert.equal(ds.verifyCallback({ token: oldToken }).key, 'doc-1');
    assert.equal('exp' in decode(ds.signConfig(CONFIG).token), false);

    const fiveMinutes = DocumentServer.fromLocalJson(localJsonPath, { expiresIn: '5m', now: NOW });
    assert.equal(decode(fiveMinutes.signConfig(CONFIG).token).exp, NOW + 300);
  });

  test('local.json over 16 MiB rejected', () => {
    for (const source of ['/dev/zero', pathToFileURL('/dev/zero')]) {
      const err = throwsCode(() => DocumentServer.fromLocalJson(source), 'ERR_DS_SETTINGS_INVALID');
      assert.ok(err instanceof DocumentServerError);
      assert.match(
        err.message,
        /local\.json ".*\/dev\/zero" is larger than the limit of 16777216 bytes/,
      );
    }
  });

  test('local.json of exactly 16 MiB read', () => {
    const text = localJsonText(secretFile);
    const padded = text + ' '.repeat(16 * 1024 * 1024 - Buffer.byteLength(text));
    fs.writeFileSync(localJsonPath, padded);
    assert.ok(DocumentServer.fromLocalJson(localJsonPath));
    fs.appendFileSync(localJsonPath, ' ');
    throwsCode(() => DocumentServer.fromLocalJson(localJsonPath), 'ERR_DS_SETTINGS_INVALID');
  });

  test('secret file over 64 KiB rejected', () => {
    for (const file of ['/dev/zero', secretFile]) {
      if (file === secretFile) fs.writeFileSync(secretFile, Buffer.alloc(64 * 1024 + 1, 0x61));
      fs.writeFileSync(localJsonPath, localJsonText(file));
      const err = throwsCode(
        () => DocumentServer.fromLocalJson(localJsonPath),
        'ERR_DS_SETTINGS_INVALID',
      );
      assert.ok(err.message.includes(`secret.outbox.file ${JSON.stringify(file)}`), err.message);
      assert.match(err.message, /larger than the limit of 65536 bytes/);
    }
    fs.writeFileSync(secretFile, Buffer.alloc(64 * 1024, 0x61));
    assert.ok(DocumentServer.fromLocalJson(localJsonPath));
  });

  test('invalid overrides throw', () => {
    assert.throws(() => DocumentServer.fromLocalJson(localJsonPath, { leeway: Number.NaN }), {
      name: 'DocumentServerError',
      code: 'ERR_DS_SETTINGS_INVALID',
    });
    assert.throws(() => DocumentServer.fromLocalJson(localJsonPath, { leeway: '60' }), TypeError);
    assert.throws(
      () => DocumentServer.fromLocalJson(localJsonPath, { header: 'X-Token' }),
      /unknown option "header"/,
    );
    assert.throws(() => DocumentServer.fromLocalJson(localJsonPath, { expires_in: 60 }), {
      name: 'TypeError',
      message: /unknown option "expires_in"\. Did you mean "expiresIn"\?/,
    });
    assert.throws(() => DocumentServer.fromLocalJson(localJsonPath, { minLength: 'loud' }), {
      code: 'ERR_DS_SETTINGS_INVALID',
      message: /minLength must be one of off, warn, strict, not "loud"/,
    });
  });

  test('minLength warn emits a warning', () => {
    const warnings = [];
    const original = process.emitWarning;
    process.emitWarning = (message, options) => warnings.push([message, options]);
    try {
      DocumentServer.fromLocalJson(localJsonPath, { minLength: 'warn' });
    } finally {
      process.emitWarning = original;
    }
    // The outbox secret has 37 bytes, fewer than the 64 that RFC 7518 requires for HS512.
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0][1].code, 'ONLYOFFICE_JWT_SHORT_SECRET');
  });

  test('missing local.json throws ENOENT', () => {
    assert.throws(
      () => DocumentServer.fromLocalJson(path.join(directory, 'absent.json')),
      { code: 'ENOENT' },
    );
  });

  test('missing secret file', () => {
    fs.unlinkSync(secretFile);
    const err = throwsCode(
      () => DocumentServer.fromLocalJson(localJsonPath),
      'ERR_DS_SETTINGS_INVALID',
    );
    assert.ok(err instanceof DocumentServerError);
    assert.match(err.message, /cannot read secret\.outbox\.file/);
  });

  test('invalid content', () => {
    assert.throws(() => DocumentServer.fromLocalJson('{}'), /no services\.CoAuthoring/);
    throwsCode(() => DocumentServer.fromLocalJson(Buffer.from('{not json')), 'ERR_JSON_INVALID');
    assert.throws(
      () => DocumentServer.fromLocalJson(5),
      /"pathOrText" must be the path of local\.json/,
    );
  });
});
