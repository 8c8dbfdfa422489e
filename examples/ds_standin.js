// Stand-in for ONLYOFFICE Docs (the Document Server, DS) in the token exchanges a connector
// host takes part in: it fetches and checks signed editor configs and sends save callbacks.
// It signs and verifies with jsonwebtoken, the library DS runs (9.0.2 in DS's
// DocService/package.json), and with the options DS passes to it.
'use strict';

const crypto = require('node:crypto');
const { isDeepStrictEqual } = require('node:util');

const jwt = require('jsonwebtoken');
const { version: JSONWEBTOKEN_VERSION } = require('jsonwebtoken/package.json');

// DS signs outgoing tokens with HS256 and a 5-minute lifetime, so jsonwebtoken writes iat
// and then exp. It accepts the three HMAC algorithms with 60 s of clock tolerance.
const SIGN_OPTIONS = Object.freeze({ algorithm: 'HS256', expiresIn: '5m' });
const VERIFY_OPTIONS = Object.freeze({
  algorithms: ['HS256', 'HS384', 'HS512'],
  clockTolerance: 60,
});

// Members a config token may not carry at the top level: DS 7.1 and later reject them, so
// that a command or download token cannot be replayed as a config token.
const FORBIDDEN_CONFIG_CLAIMS = ['url', 'key', 'payload'];

const REQUEST_TIMEOUT_MS = 5000;

class DocumentServerStandin {
  // secret: the JWT secret shared with the host (DS uses one for every role by default).
  // cacheUrl: base of the download URLs in callbacks. Nothing listens there, because the
  // example hosts record the URL without downloading it.
  constructor({ secret, cacheUrl = 'http://127.0.0.1:8000/cache/files/data' }) {
    if (!secret) throw new TypeError('DocumentServerStandin requires a non-empty secret');
    this.secret = secret;
    this.cacheUrl = cacheUrl;
  }

  // Signs claims as DS does. iat sets the issue time in Unix seconds (default: now), and
  // secret replaces the shared secret.
  sign(claims, { iat, secret = this.secret } = {}) {
    const timed = iat === undefined ? { ...claims } : { ...claims, iat };
    return jwt.sign(timed, secret, SIGN_OPTIONS);
  }

  // Verifies a token as DS does and returns its claims. Throws jsonwebtoken's errors.
  verify(token) {
    return jwt.verify(token, this.secret, VERIFY_OPTIONS);
  }

  // Fetches a signed editor config from the host and checks it as DS does when an editor
  // opens. Resolves to { status, config, claims, problems }, where problems is empty when
  // DS would open the editor.
  async fetchEditorConfig(configUrl) {
    const response = await fetch(configUrl, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    if (response.status !== 200) {
      return {
        status: response.status,
        config: null,
        claims: null,
        problems: [`HTTP ${response.status}: ${text}`],
      };
    }
    const config = JSON.parse(text);
    return { status: response.status, config, ...this.checkEditorConfig(config) };
  }

  // Checks config.token against the config the page passes to the editor, with the rules
  // of DS 7.1 and later. Returns { claims, problems }.
  checkEditorConfig(config) {
    if (typeof config.token !== 'string' || config.token === '') {
      return { claims: null, problems: ['config has no token'] };
    }
    let claims;
    try {
      claims = this.verify(config.token);
    } catch (err) {
      return {
        claims: null,
        problems: [`token rejected by jsonwebtoken: ${err.name}: ${err.message}`],
      };
    }

    const problems = [];
    for (const name of FORBIDDEN_CONFIG_CLAIMS) {
      if (Object.hasOwn(claims, name)) problems.push(`token has a top-level "${name}" claim`);
    }
    const required = [
      ['document', 'key'],
      ['document', 'url'],
      ['document', 'permissions'],
    ];
    for (const [section, name] of required) {
      compareMember(problems, claims, config, section, name, { required: true });
    }
    for (const name of ['callbackUrl', 'mode']) {
      compareMember(problems, claims, config, 'editorConfig', name, { required: false });
    }
    return { claims, problems };
  }

  // Builds the fields of a save callback (status 2, or 6 for a force save) for the document
  // and user of a verified config token, with the members and value formats DS sends.
  callbackFields(configClaims, status = 2) {
    const key = configClaims.document.key;
    const fileType = configClaims.document.fileType;
    const user = configClaims.editorConfig.user;
    const cacheFolder = `${this.cacheUrl}/${key}_${crypto.randomInt(1000, 9999)}`;
    const fields = {
      key,
      status,
      url: cacheFileUrl(cacheFolder, `output.${fileType}`),
      changesurl: cacheFileUrl(cacheFolder, 'changes.zip'),
      history: {
        serverVersion: '8.2.0',
        changes: [
          {
            created: utcTimestamp(new Date(Date.now() - 60_000)),
            user: { id: user.id, name: user.name },
          },
        ],
      },
      users: [user.id],
      // Action type 0: the user disconnected. Type 2: the user pressed the force-save button.
      actions: [{ type: status === 6 ? 2 : 0, userid: user.id }],
      lastsave: new Date().toISOString(),
      filetype: fileType,
    };
    if (status === 6) fields.forcesavetype = 1;
    return fields;
  }

  // POSTs a callback to the host as DS does: the fields plus a body token over them, and
  // Authorization: Bearer <token of {"payload": fields}>. bodyToken and headerToken turn
  // either placement off; iat and secret are passed to sign(). Resolves to
  // { status, text, json }, where json is the parsed response body or null.
  async sendCallback(
    callbackUrl,
    fields,
    { bodyToken = true, headerToken = true, iat, secret } = {},
  ) {
    const body = { ...fields };
    const headers = { 'Content-Type': 'application/json' };
    if (bodyToken) body.token = this.sign(fields, { iat, secret });
    if (headerToken) {
      headers.Authorization = `Bearer ${this.sign({ payload: fields }, { iat, secret })}`;
    }

    const response = await fetch(callbackUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // json stays null because the body is not JSON, and isCallbackAccepted rejects that.
    }
    return { status: response.status, text, json };
  }
}

// Tells whether a callback response is the one DS requires for a saved document: HTTP 200
// and a JSON body {"error":0}.
// NOTE: the whole parsed body must equal {"error":0} here, which may be stricter than DS.
function isCallbackAccepted(result) {
  return result.status === 200 && isDeepStrictEqual(result.json, { error: 0 });
}

// Appends a problem unless claims.section.name exists (when required or when the page sets
// it) and equals the page's value.
function compareMember(problems, claims, config, section, name, { required }) {
  const pageValue = config[section]?.[name];
  if (pageValue === undefined && !required) return;
  const path = `${section}.${name}`;
  if (pageValue === undefined) {
    problems.push(`config has no ${path}`);
    return;
  }
  const signedValue = claims[section]?.[name];
  if (signedValue === undefined) {
    problems.push(`token has no ${path}`);
  } else if (!isDeepStrictEqual(signedValue, pageValue)) {
    problems.push(`token ${path} differs from the page's value`);
  }
}

// Builds a download URL in the form DS gives out for its cache: the file name twice, a
// random md5 tag and an expiry time one hour ahead (Unix seconds).
function cacheFileUrl(folder, name) {
  const md5 = crypto.randomBytes(16).toString('base64url');
  const expires = Math.floor(Date.now() / 1000) + 3600;
  return `${folder}/${name}/${name}?md5=${md5}&expires=${expires}&filename=${name}`;
}

// Formats a date as DS writes history.changes[].created: "YYYY-MM-DD hh:mm:ss" in UTC.
function utcTimestamp(date) {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

module.exports = {
  DocumentServerStandin,
  isCallbackAccepted,
  JSONWEBTOKEN_VERSION,
  SIGN_OPTIONS,
  VERIFY_OPTIONS,
};
