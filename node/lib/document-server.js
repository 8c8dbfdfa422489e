'use strict';
// The DocumentServer class: the ONLYOFFICE Docs token protocol over the native core.
// Objects become JSON text here, and every check and signature happens in the core.

const fs = require('node:fs');

const native = require('./native');
const { toDocumentServerError } = require('./errors');
const { INTEGER_CODES, INTEGER_MODE_HINT, isIntegerMode, parseNative } = require('./integers');
const { classifySecret } = require('./secret');
const { isPlainObject } = require('./types');
const ms = require('ms');

const CALLBACK_OK = '{"error":0}';
const MIN_LENGTH_POLICIES = ['off', 'warn', 'strict'];

/** Returns a secret option as a string or Buffer. A missing secret becomes '', which the core rejects. */
function secretOption(value, name) {
  if (value === undefined || value === null) return '';
  const kind = classifySecret(value);
  if (kind.material !== undefined) return kind.material;
  throw new TypeError(`DocumentServer: "${name}" must be a string, a Buffer or a secret KeyObject`);
}

/** Returns the token lifetime in whole seconds, or null for tokens without exp. */
function lifetimeOption(value) {
  if (value === null || value === false) return null;
  if (typeof value === 'string') {
    const milliseconds = ms(value);
    if (typeof milliseconds !== 'number' || !(milliseconds >= 0)) {
      throw new RangeError(
        `DocumentServer: "expiresIn" ${JSON.stringify(value)} is not a time span such as "5m" or 300`,
      );
    }
    return Math.floor(milliseconds / 1000);
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      'DocumentServer: "expiresIn" must be a whole number of seconds (0 or more), a time span such as "5m", or null',
    );
  }
  return value;
}

function stringOption(value, name) {
  if (typeof value !== 'string') throw new TypeError(`DocumentServer: "${name}" must be a string`);
  return value;
}

function secondsOption(value, name, { optional = false } = {}) {
  if (optional && value === undefined) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`DocumentServer: "${name}" must be a finite number of seconds`);
  }
  return value;
}

/**
 * Flattens request headers into [name, value, ...] for the configured header name. Accepts
 * Node's IncomingHttpHeaders, a plain object (any case), a Fetch `Headers` object, a Map or
 * an array of [name, value] pairs. Repeated values are all passed on, so the core can reject
 * a header given twice.
 */
function headerPairs(headers, headerName) {
  const pairs = [];
  if (headers === undefined || headers === null) return pairs;

  const add = (name, value) => {
    if (String(name).toLowerCase() !== headerName) return;
    if (Array.isArray(value)) {
      for (const item of value) pairs.push(String(name), String(item));
    } else if (value !== undefined && value !== null) {
      pairs.push(String(name), String(value));
    }
  };

  if (typeof headers !== 'object') {
    throw new TypeError(
      'DocumentServer: headers must be an object, a Headers object, a Map or an array of pairs',
    );
  }
  if (!isPlainObject(headers) && typeof headers[Symbol.iterator] === 'function') {
    for (const [name, value] of headers) add(name, value);
  } else {
    for (const name of Object.keys(headers)) add(name, headers[name]);
  }
  return pairs;
}

/** Returns a callback body as text or bytes: Buffers and strings as received, objects as JSON. */
function bodyInput(body) {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return JSON.stringify(body) ?? '';
}

function callNative(operation) {
  try {
    return operation();
  } catch (err) {
    throw toDocumentServerError(err);
  }
}

/**
 * Returns the text of local.json as a Buffer: a Buffer or a string that starts with `{` is
 * the text itself, any other string or a file URL is a path, read as fs.readFileSync reads it.
 */
function localJsonInput(pathOrText) {
  if (Buffer.isBuffer(pathOrText)) return pathOrText;
  if (typeof pathOrText === 'string' && pathOrText.trimStart().startsWith('{')) {
    return Buffer.from(pathOrText, 'utf8');
  }
  if (typeof pathOrText === 'string' || pathOrText instanceof URL) {
    return fs.readFileSync(pathOrText);
  }
  throw new TypeError(
    'DocumentServer.fromLocalJson: "pathOrText" must be the path of local.json (a string or file URL) or its text (a string or Buffer)',
  );
}

const LOCAL_JSON_OVERRIDES = ['expiresIn', 'leeway', 'minLength', 'extraSecrets', 'now', 'integers'];

/** Marks a constructor call from fromLocalJson, which passes an already built native object. */
const FROM_NATIVE = Symbol('fromNative');

function emitShortSecretWarning(algorithm) {
  process.emitWarning(
    `onlyoffice-jwt: a Document Server secret is shorter than ${algorithm} needs (RFC 7518 section 3.2); ` +
      'use a longer random secret, or set minLength to "off" to accept it silently',
    { code: 'ONLYOFFICE_JWT_SHORT_SECRET' },
  );
}

class DocumentServer {
  #native;
  #headerName;
  #integers;

  /**
   * Creates the protocol object from Document Server's settings. index.d.ts describes each
   * option and its default.
   */
  constructor(options = {}) {
    if (options !== null && typeof options === 'object' && options[FROM_NATIVE]) {
      this.#native = options[FROM_NATIVE];
      this.#headerName = this.#native.header.toLowerCase();
      this.#integers = options.integers;
      return;
    }
    if (!isPlainObject(options))
      throw new TypeError('DocumentServer: options must be a plain object');
    const {
      secret,
      outboxSecret,
      header = 'Authorization',
      prefix = 'Bearer ',
      algorithm = 'HS256',
      expiresIn = 300,
      leeway = 60,
      minLength = 'off',
      extraSecrets = [],
      now,
      integers = 'error',
    } = options;
    if (!Array.isArray(extraSecrets))
      throw new TypeError('DocumentServer: "extraSecrets" must be an array');
    if (!MIN_LENGTH_POLICIES.includes(minLength)) {
      throw new TypeError(
        `DocumentServer: "minLength" must be one of ${MIN_LENGTH_POLICIES.join(', ')}`,
      );
    }

    if (!isIntegerMode(integers)) throw new TypeError(`DocumentServer: ${INTEGER_MODE_HINT}`);

    const extra = extraSecrets.map((value, index) => secretOption(value, `extraSecrets[${index}]`));
    const inbox = [secretOption(secret, 'secret'), ...extra];
    const outbox =
      outboxSecret === undefined ? [] : [secretOption(outboxSecret, 'outboxSecret'), ...extra];
    this.#headerName = stringOption(header, 'header').toLowerCase();
    this.#native = callNative(
      () =>
        new native.NativeDocumentServer(
          inbox,
          outbox,
          header,
          stringOption(prefix, 'prefix'),
          stringOption(algorithm, 'algorithm'),
          lifetimeOption(expiresIn),
          secondsOption(leeway, 'leeway'),
          minLength,
          secondsOption(now, 'now', { optional: true }),
          INTEGER_CODES[integers],
        ),
    );
    this.#integers = integers;
    if (this.#native.shortSecret) emitShortSecretWarning(algorithm);
  }

  /**
   * Creates the protocol object from Document Server's own local.json, given as its path
   * (a string or file URL) or its text (a Buffer, or a string that starts with `{`).
   *
   * From `services.CoAuthoring` it takes the inbox and outbox secrets, the header and prefix
   * of `token.inbox` for what the host signs and of `token.outbox` for what it verifies,
   * `token.outbox.algorithm`, `token.outbox.expires` and `token.verifyOptions.clockTolerance`.
   * A secret given as a `file` is read as raw bytes, a trailing newline included, and a
   * relative path is taken from the current directory. `overrides` (expiresIn, leeway,
   * minLength, extraSecrets, now, integers) replace the values from the file.
   */
  static fromLocalJson(pathOrText, overrides = {}) {
    if (!isPlainObject(overrides))
      throw new TypeError('DocumentServer.fromLocalJson: "overrides" must be a plain object');
    const unknown = Object.keys(overrides).find((name) => !LOCAL_JSON_OVERRIDES.includes(name));
    if (unknown !== undefined) {
      throw new TypeError(
        `DocumentServer.fromLocalJson: unknown override "${unknown}"; expected one of ${LOCAL_JSON_OVERRIDES.join(', ')}`,
      );
    }
    const { expiresIn, leeway, minLength, extraSecrets = [], now, integers = 'error' } = overrides;
    if (!Array.isArray(extraSecrets))
      throw new TypeError('DocumentServer: "extraSecrets" must be an array');
    if (minLength !== undefined && !MIN_LENGTH_POLICIES.includes(minLength)) {
      throw new TypeError(
        `DocumentServer: "minLength" must be one of ${MIN_LENGTH_POLICIES.join(', ')}`,
      );
    }
    if (!isIntegerMode(integers)) throw new TypeError(`DocumentServer: ${INTEGER_MODE_HINT}`);

    const text = localJsonInput(pathOrText);
    const extra = extraSecrets.map((value, index) => secretOption(value, `extraSecrets[${index}]`));
    const nativeServer = callNative(() =>
      native.NativeDocumentServer.fromLocalJson(
        text,
        expiresIn !== undefined,
        expiresIn === undefined ? null : lifetimeOption(expiresIn),
        secondsOption(leeway, 'leeway', { optional: true }),
        minLength ?? null,
        extra,
        secondsOption(now, 'now', { optional: true }),
        INTEGER_CODES[integers],
      ),
    );
    if (nativeServer.shortSecret) emitShortSecretWarning('its algorithm');
    return new DocumentServer({ [FROM_NATIVE]: nativeServer, integers });
  }

  /**
   * Signs an editor config: returns a new object with the config's members (without an old
   * `token`) and a fresh `token`. Throws a DocumentServerError (code ERR_DS_CONFIG_INVALID)
   * when a member Document Server requires is missing.
   */
  signConfig(config) {
    const text = JSON.stringify(config) ?? 'null';
    const token = callNative(() => this.#native.signConfig(text));
    // The same object as parsing the core's signed config: the members, then the new token.
    const signed = JSON.parse(text);
    if (Object.prototype.hasOwnProperty.call(signed, 'token')) delete signed.token;
    signed.token = token;
    return signed;
  }

  /** Returns new editor-method parameters (insertImage, setHistoryData, ...) with a `token` over them. */
  signMethod(params) {
    const text = JSON.stringify(params) ?? 'null';
    return JSON.parse(callNative(() => this.#native.signMethod(text)));
  }

  /**
   * Signs a command, conversion or docbuilder request both ways. Returns `{ body, headerName,
   * headerValue, headers }`: the body with a `token` over its members, and the header whose
   * token wraps them in `payload`. `operation` ("command", "converter" or "docbuilder") adds
   * an `operation` claim to both tokens.
   */
  signRequest(request, operation) {
    if (operation !== undefined && typeof operation !== 'string') {
      throw new TypeError(
        'DocumentServer.signRequest: "operation" must be "command", "converter" or "docbuilder"',
      );
    }
    const text = JSON.stringify(request) ?? 'null';
    const signed = JSON.parse(callNative(() => this.#native.signRequest(text, operation)));
    signed.headers = { [signed.headerName]: signed.headerValue };
    return signed;
  }

  /**
   * Verifies a save callback: the body token first, else the configured header. Returns
   * only what the token signed: `{ data, key, status, url, iat, exp, source }`.
   */
  verifyCallback(body, headers) {
    const input = bodyInput(body);
    const pairs = headerPairs(headers, this.#headerName);
    return parseNative(
      callNative(() => this.#native.verifyCallback(input, pairs)),
      this.#integers,
    );
  }

  /**
   * Verifies a file download: the header token must sign the requested URL (absolute, or
   * its path and query). Returns `{ url, iat, exp }`.
   */
  verifyDownload(url, headers) {
    if (typeof url !== 'string')
      throw new TypeError('DocumentServer.verifyDownload: "url" must be a string');
    const pairs = headerPairs(headers, this.#headerName);
    return JSON.parse(callNative(() => this.#native.verifyDownload(url, pairs)));
  }

  /** The name of the header that carries tokens. */
  get header() {
    return this.#native.header;
  }

  /** The text written before a token in that header. */
  get prefix() {
    return this.#native.prefix;
  }
}

DocumentServer.CALLBACK_OK = CALLBACK_OK;

module.exports = { DocumentServer, CALLBACK_OK };
