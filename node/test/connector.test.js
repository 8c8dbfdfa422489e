'use strict';
// A connector host on node:http (127.0.0.1, any free port) that serves a signed editor
// config and verifies save callbacks with DocumentServer, driven by the project's Document
// Server stand-in (examples/ds_standin.js), which signs and checks with jsonwebtoken 9.0.2
// as Document Server does.
//
// The stand-in runs in a child process because it loads jsonwebtoken from examples/. When
// examples/node_modules is not installed, NODE_PATH lets it load node/'s own copy, the same
// pinned 9.0.2, so this test needs only `npm install` in node/.

const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { PACKAGE_DIR } = require('./helpers');

const { DocumentServer, CALLBACK_OK } = require(PACKAGE_DIR);

const SECRET = 'connector-test-secret-0123456789abcdef';
const STANDIN = path.join(__dirname, '..', '..', 'examples', 'ds_standin.js');
const NODE_MODULES = path.join(__dirname, '..', 'node_modules');
const DRIVER_TIMEOUT_MS = 20_000;
const TITLE = 'Отчёт за квартал.docx';

// Runs one exchange with the host as Document Server would, and prints its result as JSON.
// Arguments: the step name, the host's base URL and the secret.
const DRIVER_SOURCE = `
const { DocumentServerStandin, isCallbackAccepted } = require(${JSON.stringify(STANDIN)});
const [step, baseUrl, secret] = process.argv.slice(1);
const ds = new DocumentServerStandin({ secret });
const configUrl = baseUrl + '/editor-config?doc=' + encodeURIComponent(${JSON.stringify(TITLE)});

async function post(headers, body) {
  const response = await fetch(baseUrl + '/callback', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text) };
}

const steps = {
  async config() {
    const { status, problems, claims } = await ds.fetchEditorConfig(configUrl);
    return { status, problems, claimNames: Object.keys(claims ?? {}) };
  },
  async save() {
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 2);
    const result = await ds.sendCallback(claims.editorConfig.callbackUrl, fields);
    return { accepted: isCallbackAccepted(result), status: result.status, fields };
  },
  async forceSaveHeaderOnly() {
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 6);
    const result = await ds.sendCallback(claims.editorConfig.callbackUrl, fields, { bodyToken: false });
    return { accepted: isCallbackAccepted(result), status: result.status, fields };
  },
  async wrongSecret() {
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 2);
    const result = await ds.sendCallback(claims.editorConfig.callbackUrl, fields, { secret: 'not the secret' });
    return { status: result.status, json: result.json };
  },
  async expired() {
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 2);
    const iat = Math.floor(Date.now() / 1000) - 600;
    const result = await ds.sendCallback(claims.editorConfig.callbackUrl, fields, { iat });
    return { status: result.status, json: result.json };
  },
  async clockAhead() {
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 2);
    const iat = Math.floor(Date.now() / 1000) + 30;
    const result = await ds.sendCallback(claims.editorConfig.callbackUrl, fields, { iat });
    return { accepted: isCallbackAccepted(result), status: result.status };
  },
  async noToken() {
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 2);
    const result = await ds.sendCallback(claims.editorConfig.callbackUrl, fields, { bodyToken: false, headerToken: false });
    return { status: result.status, json: result.json };
  },
  async configTokenReplayed() {
    const { config } = await ds.fetchEditorConfig(configUrl);
    return post({}, { key: config.document.key, status: 2, url: config.document.url, token: config.token });
  },
  async trimmedBody() {
    // Document Server drops changesurl and empties history in the plain body of a large
    // callback, while the body token still signs every field.
    const { claims } = await ds.fetchEditorConfig(configUrl);
    const fields = ds.callbackFields(claims, 2);
    const { changesurl, ...trimmed } = { ...fields, history: {} };
    const result = await post(
      { Authorization: 'Bearer ' + ds.sign({ payload: trimmed }) },
      { ...trimmed, token: ds.sign(fields) },
    );
    return { ...result, fields };
  },
};

steps[step]().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (err) => { console.error(err); process.exit(1); },
);
`;

/** Reads a request body into one Buffer. */
function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Creates a connector host that signs editor configs and records the callbacks it verified. */
function createHost(documentServer) {
  const verified = [];
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    const base = `http://127.0.0.1:${server.address().port}`;
    const send = (status, text) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(text);
    };

    if (request.method === 'GET' && url.pathname === '/editor-config') {
      const title = url.searchParams.get('doc');
      const key = Buffer.from(title).toString('base64url').slice(0, 20);
      const config = documentServer.signConfig({
        document: {
          fileType: 'docx',
          key,
          title,
          url: `${base}/files/${key}`,
          permissions: { edit: true, download: true, review: true },
        },
        documentType: 'word',
        editorConfig: {
          callbackUrl: `${base}/callback`,
          mode: 'edit',
          lang: 'ru',
          user: { id: 'u-1042', name: 'Анна Смирнова' },
        },
      });
      send(200, JSON.stringify(config));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/callback') {
      const body = await readBody(request);
      try {
        verified.push(documentServer.verifyCallback(body, request.headers));
      } catch (err) {
        send(403, JSON.stringify({ error: 1, code: err.code, message: err.message }));
        return;
      }
      send(200, CALLBACK_OK);
      return;
    }
    send(404, JSON.stringify({ error: 'not found' }));
  });
  return { server, verified };
}

/** Runs one step of the stand-in against the host and returns its JSON result. */
function drive(step, baseUrl) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', DRIVER_SOURCE, step, baseUrl, SECRET],
      {
        env: { ...process.env, NODE_PATH: NODE_MODULES },
        encoding: 'utf8',
        timeout: DRIVER_TIMEOUT_MS,
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`stand-in step ${step} failed: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

describe('connector host with the Document Server stand-in', () => {
  const { server, verified } = createHost(new DocumentServer({ secret: SECRET }));
  let baseUrl;

  before(async () => {
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => new Promise((resolve) => server.close(resolve)));

  /** Runs a step and returns it with the callbacks the host verified meanwhile. */
  async function run(step) {
    const before = verified.length;
    const result = await drive(step, baseUrl);
    return { result, recorded: verified.slice(before) };
  }

  test('editor config accepted as Document Server checks it', async () => {
    const { result } = await run('config');
    assert.equal(result.status, 200);
    assert.deepEqual(result.problems, []);
    assert.ok(result.claimNames.includes('iat'));
    assert.ok(result.claimNames.includes('exp'));
    assert.ok(!result.claimNames.includes('token'));
  });

  test('save callback verified from body token', async () => {
    const { result, recorded } = await run('save');
    assert.equal(result.accepted, true);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].source, 'body');
    assert.equal(recorded[0].status, 2);
    assert.equal(recorded[0].key, result.fields.key);
    assert.equal(recorded[0].url, result.fields.url);
    assert.deepEqual(recorded[0].data.history, result.fields.history);
    assert.equal(recorded[0].exp - recorded[0].iat, 300);
  });

  test('header-only force save verified from header', async () => {
    const { result, recorded } = await run('forceSaveHeaderOnly');
    assert.equal(result.accepted, true);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].source, 'header');
    assert.equal(recorded[0].status, 6);
    assert.equal(recorded[0].data.forcesavetype, 1);
  });

  test('wrong secret rejected', async () => {
    const { result, recorded } = await run('wrongSecret');
    assert.equal(result.status, 403);
    assert.equal(result.json.code, 'ERR_JWS_SIGNATURE_INVALID');
    assert.equal(recorded.length, 0);
  });

  test('expired callback rejected', async () => {
    const { result, recorded } = await run('expired');
    assert.equal(result.status, 403);
    assert.equal(result.json.code, 'ERR_JWT_EXPIRED');
    assert.equal(recorded.length, 0);
  });

  test('iat 30 s ahead accepted', async () => {
    const { result, recorded } = await run('clockAhead');
    assert.equal(result.accepted, true);
    assert.equal(recorded.length, 1);
  });

  test('callback without token rejected', async () => {
    const { result, recorded } = await run('noToken');
    assert.equal(result.status, 403);
    assert.equal(result.json.code, 'ERR_DS_TOKEN_MISSING');
    assert.equal(recorded.length, 0);
  });

  test('config token replayed as callback rejected', async () => {
    const { result, recorded } = await run('configTokenReplayed');
    assert.equal(result.status, 403);
    assert.equal(result.json.code, 'ERR_DS_TOKEN_PURPOSE');
    assert.equal(recorded.length, 0);
  });

  test('trimmed plain body ignored for signed fields', async () => {
    const { result, recorded } = await run('trimmedBody');
    assert.equal(result.status, 200);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].source, 'body');
    assert.equal(recorded[0].data.changesurl, result.fields.changesurl);
    assert.deepEqual(recorded[0].data.history, result.fields.history);
  });
});
