'use strict';
// The DocumentServer class: the ONLYOFFICE Docs token protocol over the native core.
// Objects become JSON text here, and every check and signature happens in the core.

const fs = require('node:fs');

const native = require('./native');
const { DocumentServerError, settingsInvalid, toDocumentServerError } = require('./errors');
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

/** Describes a setting value for a message: strings quoted, other values as they print. */
function describeValue(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** Returns the type of a value as a message names it: "a number", "null", "an array". */
function typeName(value) {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Returns the token lifetime in whole seconds, or null for tokens without exp. */
function lifetimeOption(value) {
  if (value === null || value === false) return null;
  if (typeof value === 'string') {
    let milliseconds;
    try {
      milliseconds = ms(value);
    } catch {
      // ms throws for an empty string or one longer than 100 characters.
      milliseconds = undefined;
    }
    if (typeof milliseconds !== 'number' || !(milliseconds >= 0)) {
      throw settingsInvalid(
        `expiresIn ${describeValue(value)} is not a time span such as "5m" or 300`,
      );
    }
    return Math.floor(milliseconds / 1000);
  }
  if (typeof value !== 'number') {
    throw new TypeError(
      `DocumentServer: "expiresIn" must be a number of seconds, a time span such as "5m", or null, not ${typeName(value)}`,
    );
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw settingsInvalid(
      `expiresIn must be a whole number of seconds (0 or more), a time span such as "5m", or null, not ${describeValue(value)}`,
    );
  }
  return value;
}

function stringOption(value, name) {
  if (typeof value !== 'string') {
    throw new TypeError(`DocumentServer: "${name}" must be a string, not ${typeName(value)}`);
  }
  return value;
}

/** Reads `minLength`: a string that names a policy. */
function minLengthOption(value) {
  stringOption(value, 'minLength');
  if (!MIN_LENGTH_POLICIES.includes(value)) {
    throw settingsInvalid(
      `minLength must be one of ${MIN_LENGTH_POLICIES.join(', ')}, not ${describeValue(value)}`,
    );
  }
  return value;
}

/** Reads `integers`: a string that names an integer mode. */
function integersOption(value) {
  if (typeof value !== 'string') throw new TypeError(`DocumentServer: ${INTEGER_MODE_HINT}`);
  if (!isIntegerMode(value)) {
    throw settingsInvalid(`${INTEGER_MODE_HINT}, not ${describeValue(value)}`);
  }
  return value;
}

/** Reads seconds: a number, finite and, for `leeway`, 0 or more. */
function secondsOption(value, name, { optional = false } = {}) {
  if (optional && value === undefined) return null;
  if (typeof value !== 'number') {
    throw new TypeError(
      `DocumentServer: "${name}" must be a number of seconds, not ${typeName(value)}`,
    );
  }
  if (!Number.isFinite(value) || (name === 'leeway' && value < 0)) {
    const expected =
      name === 'leeway' ? 'a finite number of seconds, 0 or more' : 'a finite number of seconds';
    throw settingsInvalid(`${name} must be ${expected}, not ${describeValue(value)}`);
  }
  return value;
}

const CONSTRUCTOR_OPTIONS = [
  'secret',
  'outboxSecret',
  'header',
  'prefix',
  'algorithm',
  'expiresIn',
  'leeway',
  'minLength',
  'extraSecrets',
  'now',
  'integers',
];

// Names from jsonwebtoken or local.json that mean one of the options above.
const OPTION_ALIASES = { clockTolerance: 'leeway', expires: 'expiresIn', outbox: 'outboxSecret' };

/** Returns the Levenshtein distance of two short names. */
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Returns the known option that an unknown name most likely means: its camelCase form
 * (`outbox_secret`), the same letters in another case, an alias, or a name at most two
 * edits away (`leway`). Returns `undefined` when none is close.
 */
function suggestOption(name, known) {
  const camel = name.replace(/[_-]+([a-zA-Z])/g, (_, letter) => letter.toUpperCase());
  if (known.includes(camel)) return camel;
  const folded = name.replace(/[_-]/g, '').toLowerCase();
  const sameLetters = known.find((option) => option.toLowerCase() === folded);
  if (sameLetters !== undefined) return sameLetters;
  if (
    Object.prototype.hasOwnProperty.call(OPTION_ALIASES, camel) &&
    known.includes(OPTION_ALIASES[camel])
  ) {
    return OPTION_ALIASES[camel];
  }
  let best;
  let bestDistance = 3;
  for (const option of known) {
    const distance = editDistance(folded, option.toLowerCase());
    if (distance < bestDistance) {
      best = option;
      bestDistance = distance;
    }
  }
  return best;
}

/** Throws a TypeError for the first own key of `options` that is not in `known`. */
function rejectUnknownOptions(options, known, where) {
  for (const name of Reflect.ownKeys(options)) {
    if (typeof name === 'string' && known.includes(name)) continue;
    const quotedName = typeof name === 'string' ? `"${name}"` : String(name);
    const suggestion = typeof name === 'string' ? suggestOption(name, known) : undefined;
    const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
    throw new TypeError(
      `${where}: unknown option ${quotedName}.${hint} Expected one of ${known.join(', ')}`,
    );
  }
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
    if (typeof name !== 'string' || name.toLowerCase() !== headerName) return;
    if (Array.isArray(value)) {
      for (const item of value) pairs.push(name, headerValue(name, item));
    } else if (value !== undefined && value !== null) {
      pairs.push(name, headerValue(name, value));
    }
  };

  if (typeof headers !== 'object') {
    throw new TypeError(
      'DocumentServer: headers must be an object, a Headers object, a Map or an array of pairs',
    );
  }
  if (!isPlainObject(headers) && typeof headers[Symbol.iterator] === 'function') {
    let index = 0;
    for (const entry of headers) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new TypeError(
          `DocumentServer: headers item ${index} is ${typeName(entry)}` +
            `${Array.isArray(entry) ? ` of length ${entry.length}` : ''}, expected a [name, value] pair` +
            (typeof entry === 'string' ? ' (pass req.headers, not the flat req.rawHeaders)' : ''),
        );
      }
      add(entry[0], entry[1]);
      index += 1;
    }
  } else {
    for (const name of Object.keys(headers)) add(name, headers[name]);
  }
  return pairs;
}

/**
 * Returns the value of the token header as a string: a string as it is, a Buffer as Latin-1
 * (as Node reads header bytes). Other types throw ERR_DS_HEADER_INVALID naming the type.
 */
function headerValue(name, value) {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  throw new DocumentServerError(
    `invalid token header: the ${name} value is ${typeName(value)}, expected a string`,
    'ERR_DS_HEADER_INVALID',
  );
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

// Largest local.json read, as MAX_LOCAL_JSON_LEN in the core. Document Server's own file
// is a few KiB; the limit keeps /dev/zero or a huge file from filling memory.
const MAX_LOCAL_JSON_LEN = 16 * 1024 * 1024;

/**
 * Reads at most MAX_LOCAL_JSON_LEN + 1 bytes of the file, so that a longer file is detected
 * without reading all of it. Errors of fs.openSync (ENOENT ...) are thrown unchanged.
 */
function readLocalJson(pathOrUrl) {
  const fd = fs.openSync(pathOrUrl, 'r');
  try {
    const buffer = Buffer.allocUnsafe(MAX_LOCAL_JSON_LEN + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > MAX_LOCAL_JSON_LEN) {
      const path = pathOrUrl instanceof URL ? pathOrUrl.href : pathOrUrl;
      throw settingsInvalid(
        `local.json ${JSON.stringify(path)} is larger than the limit of ${MAX_LOCAL_JSON_LEN} bytes`,
      );
    }
    return Buffer.from(buffer.subarray(0, length));
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Returns the text of local.json as a Buffer: a Buffer or a string that starts with `{` is
 * the text itself, any other string or a file URL is a path.
 */
function localJsonInput(pathOrText) {
  if (Buffer.isBuffer(pathOrText)) return pathOrText;
  if (typeof pathOrText === 'string' && pathOrText.trimStart().startsWith('{')) {
    return Buffer.from(pathOrText, 'utf8');
  }
  if (typeof pathOrText === 'string' || pathOrText instanceof URL) {
    return readLocalJson(pathOrText);
  }
  throw new TypeError(
    'DocumentServer.fromLocalJson: "pathOrText" must be the path of local.json (a string or file URL) or its text (a string or Buffer)',
  );
}

const LOCAL_JSON_OVERRIDES = ['expiresIn', 'leeway', 'minLength', 'extraSecrets', 'now', 'integers'];

/**
 * The arguments of constructor calls made by fromLocalJson, which passes an already built
 * native object. The constructor recognises such an argument by identity, so that no property
 * read of a caller's options (which a Proxy could observe) reveals the mechanism.
 */
const fromNativeArguments = new WeakSet();

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
    if (fromNativeArguments.has(options)) {
      fromNativeArguments.delete(options);
      this.#native = options.nativeServer;
      this.#headerName = this.#native.header.toLowerCase();
      this.#integers = options.integers;
      return;
    }
    if (!isPlainObject(options))
      throw new TypeError('DocumentServer: options must be a plain object');
    rejectUnknownOptions(options, CONSTRUCTOR_OPTIONS, 'DocumentServer');
    // Each option is read once, here, and only these copies are checked and used.
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
    minLengthOption(minLength);
    integersOption(integers);

    const extra = Array.from(extraSecrets, (value, index) =>
      secretOption(value, `extraSecrets[${index}]`),
    );
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
    rejectUnknownOptions(overrides, LOCAL_JSON_OVERRIDES, 'DocumentServer.fromLocalJson');
    // Each override is read once, here, and only these copies are checked and used.
    const { expiresIn, leeway, minLength, extraSecrets = [], now, integers = 'error' } = overrides;
    if (!Array.isArray(extraSecrets))
      throw new TypeError('DocumentServer: "extraSecrets" must be an array');
    if (minLength !== undefined) minLengthOption(minLength);
    integersOption(integers);

    const text = localJsonInput(pathOrText);
    const extra = Array.from(extraSecrets, (value, index) =>
      secretOption(value, `extraSecrets[${index}]`),
    );
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
    const built = { nativeServer, integers };
    fromNativeArguments.add(built);
    return new DocumentServer(built);
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
    const callback = parseNative(
      callNative(() => this.#native.verifyCallback(input, pairs)),
      this.#integers,
    );
    // The addon writes `key` and `url` with U+FFFD in place of a lone surrogate, but `data`
    // as signed. So both are taken from `data`, which contains the same strings.
    callback.key = callback.data.key;
    if (callback.url !== undefined) callback.url = callback.data.url;
    return callback;
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
