#!/usr/bin/env node
// ONLYOFFICE connector host on 127.0.0.1, built on node:http and onlyoffice-jwt.
//
// Routes:
//   GET  /editor-config?doc=<title>  the signed editor config for a document, as JSON
//   POST /callback                   the Document Server's callback, verified before use
//   GET  /callbacks                  the callbacks this host verified, oldest first
//
// The JWT secret is read from the environment variable DS_SECRET. Once the server accepts
// connections it prints "LISTENING <port>" on stdout. One log line per request goes to stderr.
// The routes and the configs match examples/python_host.py.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const { parseArgs } = require('node:util');

const { DocumentServer } = require('onlyoffice-jwt');

// Bounds the memory one callback request can take. A DS callback body is JSON with a few
// URLs, the user list and the change history.
const MAX_CALLBACK_BYTES = 1024 * 1024;

// documentType for each file extension this host offers, as the ONLYOFFICE API defines it.
const DOCUMENT_TYPES = {
  docx: 'word',
  odt: 'word',
  xlsx: 'cell',
  ods: 'cell',
  pptx: 'slide',
  odp: 'slide',
};

// NOTE: a real connector derives the key from the stored file's version, so that the key
// changes after every save. This host never stores files, so every document stays at one revision.
const DOCUMENT_REVISION = '1';

const USAGE = `Usage: node node_host.js [--port PORT] [--public-url URL] [--exit-on-stdin-eof]

  --port PORT          TCP port on 127.0.0.1 (default: 0, any free port)
  --public-url URL     base URL that the Document Server uses to reach this host
                       (default: http://127.0.0.1:<port>)
  --exit-on-stdin-eof  stop when standard input closes, so that the host never outlives
                       its parent process

The JWT secret is read from the environment variable DS_SECRET.`;

function log(level, message) {
  process.stderr.write(`${new Date().toISOString()} node_host ${level} ${message}\n`);
}

// Returns the document key: at most 128 characters from [0-9A-Za-z._=-], as DS requires.
function documentKey(title) {
  const digest = crypto.createHash('sha256').update(`${title}\n${DOCUMENT_REVISION}`, 'utf8');
  return digest.digest('hex').slice(0, 20);
}

// Builds the unsigned ONLYOFFICE editor config for one document. Throws a RangeError when
// the title has no extension this host offers.
function buildEditorConfig(publicUrl, title) {
  const dot = title.lastIndexOf('.');
  const extension = dot === -1 ? '' : title.slice(dot + 1).toLowerCase();
  if (!Object.hasOwn(DOCUMENT_TYPES, extension)) {
    const offered = Object.keys(DOCUMENT_TYPES).sort().join(', ');
    throw new RangeError(
      `document ${JSON.stringify(title)} has no supported extension (expected one of ${offered})`,
    );
  }

  return {
    document: {
      fileType: extension,
      key: documentKey(title),
      title,
      // NOTE: DS downloads this URL with a header token. This host does not serve files,
      // and the stand-in never downloads them. A real host checks each download with
      // ds.verifyDownload(absoluteRequestUrl, request.headers).
      url: `${publicUrl}/files/${encodeURIComponent(title)}`,
      info: { owner: 'Мария Иванова', uploaded: '2024-10-01 09:30' },
      permissions: {
        comment: true,
        copy: true,
        download: true,
        edit: true,
        fillForms: true,
        modifyContentControl: true,
        modifyFilter: true,
        print: true,
        review: true,
      },
    },
    documentType: DOCUMENT_TYPES[extension],
    editorConfig: {
      callbackUrl: `${publicUrl}/callback`,
      lang: 'ru',
      mode: 'edit',
      user: { id: 'u-1042', name: 'Анна Смирнова' },
      customization: {
        autosave: true,
        comments: true,
        compactHeader: false,
        forcesave: true,
        help: true,
        uiTheme: 'theme-light',
      },
    },
    height: '100%',
    width: '100%',
  };
}

// Decodes percent-escapes for the log, escaping control characters to keep one line.
function readablePath(path) {
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  return decoded.replace(/\p{Cc}/gu, (character) => JSON.stringify(character).slice(1, -1));
}

function sendJson(request, response, status, value, summary) {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': payload.length,
  });
  response.end(payload);
  log('INFO', `${request.method} ${readablePath(request.url)} -> ${status} ${summary}`);
}

// Reads the request body up to MAX_CALLBACK_BYTES. When the body is larger, it sends the
// error response itself and resolves to null.
function readBody(request, response) {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (declared > MAX_CALLBACK_BYTES) {
      const message = `Content-Length ${declared} is above ${MAX_CALLBACK_BYTES}`;
      sendJson(request, response, 413, { error: 1, message }, message);
      request.resume();
      resolve(null);
      return;
    }

    const chunks = [];
    let received = 0;
    request.on('data', (chunk) => {
      received += chunk.length;
      if (received > MAX_CALLBACK_BYTES) {
        const message = `request body is above ${MAX_CALLBACK_BYTES} bytes`;
        request.removeAllListeners('data');
        response.on('finish', () => request.destroy());
        sendJson(request, response, 413, { error: 1, message }, message);
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

class ConnectorHost {
  constructor(documentServer, publicUrl) {
    this.documentServer = documentServer;
    this.publicUrl = publicUrl;
    this.callbackLog = [];
  }

  async handle(request, response) {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/editor-config') {
      this.sendEditorConfig(request, response, url.searchParams);
    } else if (request.method === 'GET' && url.pathname === '/callbacks') {
      sendJson(
        request,
        response,
        200,
        this.callbackLog,
        `callback log (${this.callbackLog.length})`,
      );
    } else if (request.method === 'POST' && url.pathname === '/callback') {
      await this.receiveCallback(request, response);
    } else {
      sendJson(request, response, 404, { error: 'not found' }, 'no such route');
    }
  }

  sendEditorConfig(request, response, searchParams) {
    const title = searchParams.get('doc');
    if (!title) {
      const message = 'missing query parameter doc; request /editor-config?doc=<title>';
      sendJson(request, response, 400, { error: message }, message);
      return;
    }
    let config;
    try {
      config = buildEditorConfig(this.publicUrl, title);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      sendJson(request, response, 400, { error: err.message }, err.message);
      return;
    }

    const signed = this.documentServer.signConfig(config);
    sendJson(request, response, 200, signed, `signed config for key=${config.document.key}`);
  }

  async receiveCallback(request, response) {
    const body = await readBody(request, response);
    if (body === null) return;

    let callback;
    try {
      callback = this.documentServer.verifyCallback(body, request.headers);
    } catch (err) {
      // NOTE: the binding's errors carry a string code such as ERR_JWT_EXPIRED. Errors
      // without one are bugs, not rejected tokens, so they go to the 500 handler.
      if (typeof err.code !== 'string') throw err;
      const responseBody = { error: 1, code: err.code, message: err.message };
      sendJson(request, response, 403, responseBody, `rejected ${err.code}: ${err.message}`);
      return;
    }

    // NOTE: a real connector downloads callback.url here (status 2 and 6) and stores it as
    // the document's new version before it responds {"error":0}. This host only records it.
    this.callbackLog.push({
      key: callback.key,
      status: callback.status,
      url: callback.url ?? null,
      source: callback.source,
      users: callback.data.users ?? null,
    });
    const summary =
      `verified key=${callback.key} status=${callback.status}` +
      ` source=${callback.source} url=${callback.url}`;
    sendJson(request, response, 200, { error: 0 }, summary);
  }
}

function parseOptions() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'public-url': { type: 'string' },
        'exit-on-stdin-eof': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`--port ${values.port} is not a TCP port number (0 to 65535)`);
    }
    return { ...values, port };
  } catch (err) {
    process.stderr.write(`node_host: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

function main() {
  const options = parseOptions();
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const secret = process.env.DS_SECRET;
  if (!secret) {
    const message = "DS_SECRET is not set; set it to the Document Server's JWT secret";
    process.stderr.write(`node_host: ${message}\n`);
    process.exit(2);
  }

  const documentServer = new DocumentServer({ secret });
  let host;
  const server = http.createServer((request, response) => {
    host.handle(request, response).catch((err) => {
      log('ERROR', `${request.method} ${readablePath(request.url)} failed: ${err.stack}`);
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
      }
      response.end(JSON.stringify({ error: 1, message: 'internal error' }));
    });
  });

  server.on('error', (err) => {
    log('ERROR', `cannot listen on 127.0.0.1:${options.port}: ${err.message}`);
    process.exit(1);
  });
  server.listen(options.port, '127.0.0.1', () => {
    const { port } = server.address();
    const publicUrl = (options['public-url'] ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
    host = new ConnectorHost(documentServer, publicUrl);
    log('INFO', `serving on 127.0.0.1:${port}, public URL ${publicUrl}`);
    process.stdout.write(`LISTENING ${port}\n`);
  });

  let stopping = false;
  const stop = (reason) => {
    if (stopping) return;
    stopping = true;
    log('INFO', `${reason}, stopping`);
    process.stdin.destroy();
    server.close(() => log('INFO', 'stopped'));
    server.closeAllConnections();
  };
  if (options['exit-on-stdin-eof']) {
    process.stdin.on('end', () => stop('standard input closed'));
    process.stdin.resume();
  }
  process.on('SIGINT', () => stop('interrupted'));
  process.on('SIGTERM', () => stop('terminated'));
}

main();
