'use strict';
// DocumentServer: signing, verifyCallback with every body and header form, verifyDownload,
// and each error code with the response codes Document Server sends for it.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const { describe, test } = require('node:test');

const { PACKAGE_DIR, thrown, throwsCode } = require('./helpers');

const { DocumentServer, DocumentServerError, CALLBACK_OK, sign, verify } = require(PACKAGE_DIR);

const SECRET = 'secret';
const NOW = 1700000000;
const FIELDS = {
  key: 'Khirz6zTPdfd7',
  status: 2,
  url: 'https://documentserver/cache/files/data/output.docx',
  users: ['6d5a81d0'],
};

function bodyToken(fields = FIELDS, secret = SECRET, times = { iat: NOW, exp: NOW + 300 }) {
  return sign({ ...fields, ...times }, secret);
}

function headerToken(fields = FIELDS, secret = SECRET, times = { iat: NOW, exp: NOW + 300 }) {
  return sign({ payload: fields, ...times }, secret);
}

/** Signs exact payload text with node:crypto, bypassing the signer's claim checks. */
function rawToken(payload, secret = SECRET) {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function server(options = {}) {
  return new DocumentServer({ secret: SECRET, now: NOW, ...options });
}

const CONFIG = {
  document: {
    fileType: 'docx',
    key: 'doc-1',
    title: 'Report.docx',
    url: 'https://host.example/files/doc-1',
    permissions: { edit: true },
  },
  documentType: 'word',
  editorConfig: {
    callbackUrl: 'https://host.example/callback',
    mode: 'edit',
    user: { id: 'u1', name: 'Ann' },
  },
};

describe('DocumentServer.signConfig', () => {
  test('returns the config plus a token over it', () => {
    const input = structuredClone(CONFIG);
    const signed = server().signConfig(input);
    assert.deepEqual(input, CONFIG, 'the input is not changed');
    const { token, ...members } = signed;
    assert.deepEqual(members, CONFIG);
    const claims = verify(token, SECRET, { clockTimestamp: NOW });
    assert.deepEqual(claims, { ...CONFIG, iat: NOW, exp: NOW + 300 });
  });

  test('an old token is replaced', () => {
    const signed = server().signConfig({ ...CONFIG, token: 'old' });
    assert.notEqual(signed.token, 'old');
    assert.equal(verify(signed.token, SECRET, { clockTimestamp: NOW }).token, undefined);
  });

  test('old token dropped, new token last', () => {
    const signed = server().signConfig({ token: 'old', ...CONFIG });
    assert.deepEqual(Object.keys(signed), [...Object.keys(CONFIG), 'token']);
  });

  test('result shares no objects with input', () => {
    const input = structuredClone(CONFIG);
    const signed = server().signConfig(input);
    assert.notEqual(signed.document, input.document);
    signed.document.permissions.edit = false;
    assert.equal(input.document.permissions.edit, CONFIG.document.permissions.edit);
  });

  test('expiresIn null signs without exp', () => {
    const { token } = server({ expiresIn: null }).signConfig(CONFIG);
    assert.equal(verify(token, SECRET).exp, undefined);
  });

  test('expiresIn as a time span', () => {
    const { token } = server({ expiresIn: '10m' }).signConfig(CONFIG);
    assert.equal(verify(token, SECRET, { clockTimestamp: NOW }).exp, NOW + 600);
  });

  test('missing document.key rejected', () => {
    const config = structuredClone(CONFIG);
    delete config.document.key;
    const err = throwsCode(() => server().signConfig(config), 'ERR_DS_CONFIG_INVALID');
    assert.ok(err instanceof DocumentServerError);
    assert.match(err.message, /document\.key/);
    assert.deepEqual(err.dsAnswer, { command: 6, conversion: -8, docbuilder: -8, editor: 4004 });
  });

  test('top-level url, key and payload rejected', () => {
    for (const name of ['url', 'key', 'payload']) {
      throwsCode(() => server().signConfig({ ...CONFIG, [name]: 'x' }), 'ERR_DS_CONFIG_INVALID');
    }
  });

  test('non-object config rejected', () => {
    for (const config of [undefined, null, 'text', [1]]) {
      throwsCode(() => server().signConfig(config), 'ERR_DS_CONFIG_INVALID');
    }
  });
});

describe('DocumentServer.verifyCallback bodies and headers', () => {
  const expected = {
    data: FIELDS,
    key: FIELDS.key,
    status: 2,
    url: FIELDS.url,
    iat: NOW,
    exp: NOW + 300,
  };

  test('body token as Buffer, string and object', () => {
    const body = { ...FIELDS, token: bodyToken() };
    for (const form of [Buffer.from(JSON.stringify(body)), JSON.stringify(body), body]) {
      assert.deepEqual(server().verifyCallback(form, {}), { ...expected, source: 'body' });
    }
  });

  test('header token in IncomingHttpHeaders, Headers and a plain object', () => {
    const value = `Bearer ${headerToken()}`;
    const forms = [
      { 'content-type': 'application/json', authorization: value },
      new Headers({ Authorization: value }),
      { Authorization: value },
      new Map([['authorization', value]]),
      [['Authorization', value]],
    ];
    for (const headers of forms) {
      assert.deepEqual(server().verifyCallback(FIELDS, headers), { ...expected, source: 'header' });
    }
  });

  test('custom header name matched case-insensitively', () => {
    const ds = server({ header: 'AuthorizationJwt' });
    const result = ds.verifyCallback({ key: 'x' }, { authorizationjwt: `Bearer ${headerToken()}` });
    assert.equal(result.source, 'header');
    const err = throwsCode(
      () => ds.verifyCallback({ key: 'x' }, { authorization: `Bearer ${headerToken()}` }),
      'ERR_DS_TOKEN_MISSING',
    );
    assert.match(err.message, /AuthorizationJwt/);
  });

  test('custom prefix', () => {
    const ds = server({ prefix: 'Token ' });
    assert.equal(
      ds.verifyCallback('', { authorization: `Token ${headerToken()}` }).source,
      'header',
    );
  });

  test('body token wins over the header', () => {
    const other = { ...FIELDS, key: 'from-header' };
    const result = server().verifyCallback(
      { token: bodyToken() },
      { authorization: `Bearer ${headerToken(other)}` },
    );
    assert.equal(result.key, FIELDS.key);
    assert.equal(result.source, 'body');
  });

  test('only signed fields returned', () => {
    const body = { key: 'forged', status: 6, history: 'plain', token: bodyToken() };
    assert.deepEqual(server().verifyCallback(body, {}).data, FIELDS);
  });

  test('url absent for status 1', () => {
    const result = server().verifyCallback({ token: bodyToken({ key: 'k', status: 1 }) }, {});
    assert.equal(result.url, undefined);
    assert.equal(result.status, 1);
  });

  test('iat slightly in the future accepted', () => {
    const token = headerToken(FIELDS, SECRET, { iat: NOW + 2, exp: NOW + 302 });
    assert.equal(server().verifyCallback('', { authorization: `Bearer ${token}` }).iat, NOW + 2);
  });

  test('outbox secret verifies callbacks', () => {
    const ds = server({ outboxSecret: 'outbox-secret' });
    assert.equal(
      ds.verifyCallback({ token: bodyToken(FIELDS, 'outbox-secret') }, {}).key,
      FIELDS.key,
    );
    throwsCode(
      () => ds.verifyCallback({ token: bodyToken(FIELDS, SECRET) }, {}),
      'ERR_JWS_SIGNATURE_INVALID',
    );
  });

  test('extra secrets verify during rotation', () => {
    const ds = server({ secret: 'new-secret', extraSecrets: ['old-secret'] });
    assert.equal(ds.verifyCallback({ token: bodyToken(FIELDS, 'old-secret') }, {}).key, FIELDS.key);
    assert.equal(ds.verifyCallback({ token: bodyToken(FIELDS, 'new-secret') }, {}).key, FIELDS.key);
  });

  test('Buffer secret used as raw bytes', () => {
    const raw = Buffer.from([0, 255, 1, 254]);
    const ds = new DocumentServer({ secret: raw, now: NOW });
    assert.equal(ds.verifyCallback({ token: bodyToken(FIELDS, raw) }, {}).key, FIELDS.key);
  });

  test('CALLBACK_OK is the answer Document Server expects', () => {
    assert.equal(DocumentServer.CALLBACK_OK, '{"error":0}');
    assert.equal(CALLBACK_OK, DocumentServer.CALLBACK_OK);
  });
});

describe('DocumentServer.verifyCallback errors', () => {
  const cases = [
    [
      'no token anywhere',
      () => [FIELDS, {}],
      'ERR_DS_TOKEN_MISSING',
      { command: 6, conversion: -8, docbuilder: -8, editor: 4006 },
    ],
    ['empty body token', () => [{ token: '' }, {}], 'ERR_DS_TOKEN_MISSING'],
    [
      'wrong prefix',
      () => ['', { authorization: `bearer ${headerToken()}` }],
      'ERR_DS_HEADER_INVALID',
    ],
    [
      'header given twice',
      () => ['', { authorization: [`Bearer ${headerToken()}`, `Bearer ${headerToken()}`] }],
      'ERR_DS_HEADER_INVALID',
    ],
    [
      'header payload null',
      () => ['', { authorization: `Bearer ${sign({ payload: null, iat: NOW }, SECRET)}` }],
      'ERR_DS_PAYLOAD_SHAPE',
    ],
    [
      'status out of range',
      () => [{ token: bodyToken({ key: 'k', status: 9 }) }, {}],
      'ERR_DS_PAYLOAD_SHAPE',
    ],
    [
      'config token as callback',
      () => [{ token: sign({ ...CONFIG, iat: NOW }, SECRET) }, {}],
      'ERR_DS_TOKEN_PURPOSE',
    ],
    [
      'expired token',
      () => [{ token: bodyToken(FIELDS, SECRET, { iat: NOW - 900, exp: NOW - 100 }) }, {}],
      'ERR_JWT_EXPIRED',
      { command: 7, conversion: -8, docbuilder: -8, editor: 4005 },
    ],
    [
      'nbf far ahead',
      () => [{ token: bodyToken(FIELDS, SECRET, { nbf: NOW + 3600 }) }, {}],
      'ERR_JWT_NOT_YET_VALID',
    ],
    [
      'wrong secret',
      () => [{ token: bodyToken(FIELDS, 'other') }, {}],
      'ERR_JWS_SIGNATURE_INVALID',
    ],
    ['malformed token', () => [{ token: 'undefined' }, {}], 'ERR_JWT_MALFORMED'],
    [
      'alg none',
      () => [
        { token: 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJrZXkiOiJkb2MtMSIsInN0YXR1cyI6Mn0.' },
        {},
      ],
      'ERR_JWT_ALG_NOT_ALLOWED',
    ],
    [
      'duplicate member',
      () => [
        {
          token:
            'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsImtleSI6ImRvYy0yIiwic3RhdHVzIjoyfQ.48V0mQrCApMEVvXVmtMwsF_xcvqu_JWrxUdjUWIKeEA',
        },
        {},
      ],
      'ERR_JWS_SIGNATURE_INVALID',
    ],
    [
      'tampered payload',
      () => [
        {
          token: bodyToken().replace(
            /\..*\./,
            `.${Buffer.from('{"key":"k","status":1}').toString('base64url')}.`,
          ),
        },
        {},
      ],
      'ERR_JWS_SIGNATURE_INVALID',
    ],
    [
      'exp as a string',
      () => [{ token: rawToken('{"key":"k","status":1,"exp":"1700000300"}') }, {}],
      'ERR_JWT_CLAIM_INVALID',
    ],
    ['body not an object', () => ['[1,2]', {}], 'ERR_DS_PAYLOAD_SHAPE'],
  ];
  for (const [name, input, code, dsAnswer] of cases) {
    test(name, () => {
      const err = throwsCode(() => server().verifyCallback(...input()), code);
      assert.ok(err instanceof DocumentServerError);
      assert.equal(err.name, 'DocumentServerError');
      assert.equal(typeof err.message, 'string');
      assert.equal(typeof err.dsAnswer, 'object');
      if (dsAnswer) assert.deepEqual(err.dsAnswer, dsAnswer);
    });
  }

  test('integer above 2^53 - 1 rejected, not rounded', () => {
    const big = rawToken('{"key":"k","status":1,"history":{"serverVersion":12345678901234567890}}');
    const err = throwsCode(() => server().verifyCallback({ token: big }, {}), 'ERR_JSON_INVALID');
    assert.match(err.message, /data\.history\.serverVersion/);
    const safe = rawToken('{"key":"k","status":1,"n":[9007199254740991,-9007199254740991]}');
    assert.deepEqual(
      server().verifyCallback({ token: safe }, {}).data.n,
      [9007199254740991, -9007199254740991],
    );
  });

  test('duplicate member under the right secret', () => {
    const S32 = '0123456789abcdef0123456789abcdef';
    const token =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJrZXkiOiJkb2MtMSIsImtleSI6ImRvYy0yIiwic3RhdHVzIjoyfQ.48V0mQrCApMEVvXVmtMwsF_xcvqu_JWrxUdjUWIKeEA';
    throwsCode(
      () => server({ secret: S32 }).verifyCallback({ token }, {}),
      'ERR_JSON_DUPLICATE_MEMBER',
    );
  });
});

describe('DocumentServer.signMethod and signRequest', () => {
  test('editor method parameters signed flat', () => {
    const params = { c: 'add', images: [{ fileType: 'png', url: 'https://host.example/a.png' }] };
    const signed = server().signMethod(params);
    assert.deepEqual(Object.keys(signed), ['c', 'images', 'token']);
    assert.deepEqual(verify(signed.token, SECRET, { clockTimestamp: NOW }), {
      ...params,
      iat: NOW,
      exp: NOW + 300,
    });
  });

  test('request signed as body token and header token', () => {
    const request = { c: 'forcesave', key: 'doc-1' };
    const signed = server().signRequest(request);
    assert.deepEqual(verify(signed.body.token, SECRET, { clockTimestamp: NOW }), {
      ...request,
      iat: NOW,
      exp: NOW + 300,
    });
    assert.equal(signed.headerName, 'Authorization');
    assert.ok(signed.headerValue.startsWith('Bearer '));
    const headerClaims = verify(signed.headerValue.slice('Bearer '.length), SECRET, {
      clockTimestamp: NOW,
    });
    assert.deepEqual(headerClaims, { payload: request, iat: NOW, exp: NOW + 300 });
    assert.deepEqual(signed.headers, { Authorization: signed.headerValue });
  });

  test('operation claim added to both tokens', () => {
    const signed = server().signRequest({ c: 'info', key: 'doc-1' }, 'command');
    assert.equal(verify(signed.body.token, SECRET, { clockTimestamp: NOW }).operation, 'command');
    assert.equal(
      verify(signed.headerValue.slice(7), SECRET, { clockTimestamp: NOW }).operation,
      'command',
    );
    throwsCode(() => server().signRequest({ c: 'info' }, 'upload'), 'ERR_OPTION_INVALID');
  });

  test('non-object request rejected', () => {
    throwsCode(() => server().signRequest([1, 2]), 'ERR_DS_PAYLOAD_SHAPE');
    throwsCode(() => server().signMethod('text'), 'ERR_DS_PAYLOAD_SHAPE');
  });
});

describe('DocumentServer.verifyDownload', () => {
  const url = 'https://example.com/doc.docx';
  const token = sign({ payload: { url }, iat: NOW, exp: NOW + 300 }, SECRET);

  test('token bound to the requested URL', () => {
    assert.deepEqual(server().verifyDownload(url, { authorization: `Bearer ${token}` }), {
      url,
      iat: NOW,
      exp: NOW + 300,
    });
    assert.equal(
      server().verifyDownload('/doc.docx', new Headers({ Authorization: `Bearer ${token}` })).url,
      url,
    );
  });

  test('other URL rejected', () => {
    const err = throwsCode(
      () =>
        server().verifyDownload('https://example.com/other.docx', {
          authorization: `Bearer ${token}`,
        }),
      'ERR_DS_URL_MISMATCH',
    );
    assert.ok(err instanceof DocumentServerError);
  });

  test('missing header and callback token rejected', () => {
    throwsCode(() => server().verifyDownload(url, {}), 'ERR_DS_TOKEN_MISSING');
    throwsCode(
      () => server().verifyDownload(url, { authorization: `Bearer ${headerToken()}` }),
      'ERR_DS_TOKEN_PURPOSE',
    );
  });

  test('header and prefix getters', () => {
    const ds = server({ header: 'AuthorizationJwt', prefix: 'Token ' });
    assert.equal(ds.header, 'AuthorizationJwt');
    assert.equal(ds.prefix, 'Token ');
  });
});

describe('DocumentServer settings', () => {
  test('empty or missing secret is ERR_KEY_INVALID', () => {
    for (const secret of ['', undefined, Buffer.alloc(0)]) {
      const err = throwsCode(() => new DocumentServer({ secret }), 'ERR_KEY_INVALID');
      assert.ok(err instanceof DocumentServerError);
    }
  });

  test('strict policy rejects short secrets', () => {
    throwsCode(
      () => new DocumentServer({ secret: 'secret', minLength: 'strict' }),
      'ERR_KEY_INVALID',
    );
    assert.ok(new DocumentServer({ secret: 'x'.repeat(32), minLength: 'strict' }));
    throwsCode(
      () => new DocumentServer({ secret: 'x'.repeat(32), algorithm: 'HS512', minLength: 'strict' }),
      'ERR_KEY_INVALID',
    );
  });

  test('warn policy emits a process warning', async () => {
    const warning = new Promise((resolve) => process.once('warning', resolve));
    assert.ok(new DocumentServer({ secret: 'secret', minLength: 'warn' }));
    assert.equal((await warning).code, 'ONLYOFFICE_JWT_SHORT_SECRET');
  });

  test('unknown algorithm rejected', () => {
    throwsCode(
      () => new DocumentServer({ secret: SECRET, algorithm: 'RS256' }),
      'ERR_JWT_ALG_NOT_ALLOWED',
    );
  });

  test('option of wrong type is TypeError', () => {
    const cases = [
      { secret: SECRET, header: 5 },
      { secret: 5 },
      { secret: SECRET, minLength: 3 },
      { secret: SECRET, expiresIn: true },
      { secret: SECRET, leeway: '60' },
      { secret: SECRET, extraSecrets: 'old' },
    ];
    for (const options of cases) {
      const err = thrown(() => new DocumentServer(options));
      assert.ok(err instanceof TypeError, `${JSON.stringify(options)}: ${err}`);
      assert.equal(err.code, undefined);
    }
  });

  test('invalid setting value is ERR_DS_SETTINGS_INVALID', () => {
    const cases = [
      [{ minLength: 'STRICT' }, 'minLength', '"STRICT"'],
      [{ minLength: 'loose' }, 'minLength', '"loose"'],
      [{ expiresIn: -1 }, 'expiresIn', '-1'],
      [{ expiresIn: 1.5 }, 'expiresIn', '1.5'],
      [{ expiresIn: 'soon' }, 'expiresIn', '"soon"'],
      [{ leeway: Number.NaN }, 'leeway', 'NaN'],
      [{ leeway: -1 }, 'leeway', '-1'],
      [{ leeway: Infinity }, 'leeway', 'Infinity'],
      [{ now: Number.NaN }, 'now', 'NaN'],
      [{ integers: 'bigints' }, '"integers"', '"bigints"'],
    ];
    for (const [options, setting, shown] of cases) {
      const label = String(Object.values(options)[0]);
      const err = thrown(() => new DocumentServer({ secret: SECRET, ...options }));
      assert.ok(err instanceof DocumentServerError, `${label}: ${err}`);
      assert.equal(err.code, 'ERR_DS_SETTINGS_INVALID', label);
      assert.ok(err.message.includes(setting), `${label}: ${err.message}`);
      assert.ok(err.message.includes(shown), `${label}: ${err.message}`);
      assert.deepEqual(err.dsAnswer, { command: 6, conversion: -8, docbuilder: -8, editor: 4006 });
    }
  });

  test('settings outside the accepted times rejected', () => {
    const cases = [
      [{ expiresIn: '' }, 'expiresIn'],
      [{ expiresIn: '100y' }, 'expiresIn'],
      [{ now: 2 ** 63 }, 'now'],
      [{ now: -62135596801 }, 'now'],
      [{ now: 253402300700 }, 'now'],
    ];
    for (const [options, setting] of cases) {
      const label = JSON.stringify(options);
      const err = thrown(() => new DocumentServer({ secret: SECRET, ...options }));
      assert.ok(err instanceof DocumentServerError, `${label}: ${err}`);
      assert.equal(err.code, 'ERR_DS_SETTINGS_INVALID', label);
      assert.ok(err.message.includes(setting), `${label}: ${err.message}`);
      assert.ok(!err.message.includes('expires_in must'), `${label}: ${err.message}`);
    }
  });

  test('options proxy cannot reach the internal constructor path', () => {
    const seen = [];
    const options = new Proxy(
      { secret: SECRET },
      {
        get(target, key, receiver) {
          seen.push(key);
          return Reflect.get(target, key, receiver);
        },
      },
    );
    assert.ok(new DocumentServer(options) instanceof DocumentServer);
    // Only well-known symbols, which every object inspection reads, may be looked up.
    const wellKnown = new Set(
      Object.getOwnPropertyNames(Symbol)
        .map((name) => Symbol[name])
        .filter((value) => typeof value === 'symbol'),
    );
    assert.deepEqual(
      seen.filter((key) => typeof key === 'symbol' && !wellKnown.has(key)),
      [],
    );
    const fromLocal = DocumentServer.fromLocalJson(
      '{"services":{"CoAuthoring":{"secret":{"inbox":{"string":"secret"},"outbox":{"string":"secret"}}}}}',
    );
    assert.ok(fromLocal instanceof DocumentServer);
  });

  test('header items that are not pairs rejected', () => {
    const token = headerToken();
    const cases = [
      [['Authorization', `Bearer ${token}`], 'item 0 is a string'],
      [[['Authorization']], 'item 0 is an array of length 1'],
      [[5, null], 'item 0 is a number'],
    ];
    for (const [headers, expected] of cases) {
      const err = thrown(() => server().verifyCallback(null, headers));
      assert.ok(err instanceof TypeError, `${expected}: ${err}`);
      assert.ok(err.message.includes(expected), err.message);
    }
    assert.match(thrown(() => server().verifyCallback(null, cases[0][0])).message, /rawHeaders/);
    const map = new Map([['authorization', `Bearer ${token}`]]);
    assert.equal(server().verifyCallback(null, map).key, FIELDS.key);
  });

  test('unknown option rejected with suggestion', () => {
    const cases = [
      ['outbox_secret', 'outboxSecret'],
      ['expires_in', 'expiresIn'],
      ['leway', 'leeway'],
      ['min_length', 'minLength'],
      ['ExpiresIn', 'expiresIn'],
      ['clockTolerance', 'leeway'],
    ];
    for (const [name, suggestion] of cases) {
      const err = thrown(() => new DocumentServer({ secret: SECRET, [name]: 1 }));
      assert.ok(err instanceof TypeError, name);
      assert.ok(err.message.includes(`unknown option "${name}"`), err.message);
      assert.ok(err.message.includes(`Did you mean "${suggestion}"?`), err.message);
    }
    const unrelated = thrown(() => new DocumentServer({ secret: SECRET, colour: 'red' }));
    assert.ok(unrelated.message.includes('unknown option "colour"'), unrelated.message);
    assert.ok(!unrelated.message.includes('Did you mean'), unrelated.message);
    const symbol = thrown(() => new DocumentServer({ secret: SECRET, [Symbol('x')]: 1 }));
    assert.ok(symbol.message.includes('unknown option Symbol(x)'), symbol.message);
  });

  test('each option read once', () => {
    let reads = 0;
    const options = {
      secret: SECRET,
      get leeway() {
        reads += 1;
        return reads === 1 ? 60 : Number.NaN;
      },
    };
    assert.ok(new DocumentServer(options));
    assert.equal(reads, 1);
  });
});

describe('DocumentServer review cases', () => {
  test('download URL that is not a URL named', () => {
    for (const url of ['javascript:alert(1)', '']) {
      const token = sign({ payload: { url }, iat: NOW, exp: NOW + 300 }, SECRET);
      const err = throwsCode(
        () => server().verifyDownload(url, { authorization: `Bearer ${token}` }),
        'ERR_DS_URL_MISMATCH',
      );
      assert.ok(err instanceof DocumentServerError);
      assert.ok(!err.message.includes('but the request is for'), err.message);
      assert.match(err.message, /^the requested download URL /);
      if (url === '') assert.match(err.message, /is empty/);
      else assert.match(err.message, /"javascript:alert\(1\)" is neither an absolute URL/);
    }
  });

  test('header value of another type named', () => {
    const cases = [
      [5, 'a number'],
      [Symbol('token'), 'a symbol'],
      [{ token: 'x' }, 'an object'],
      [true, 'a boolean'],
    ];
    for (const [value, type] of cases) {
      const err = throwsCode(
        () => server().verifyCallback('', { authorization: value }),
        'ERR_DS_HEADER_INVALID',
      );
      assert.ok(err instanceof DocumentServerError);
      assert.equal(
        err.message,
        `invalid token header: the authorization value is ${type}, expected a string`,
      );
    }
    const pairs = throwsCode(
      () => server().verifyCallback('', [['Authorization', 42]]),
      'ERR_DS_HEADER_INVALID',
    );
    assert.match(pairs.message, /the Authorization value is a number/);
  });

  test('header value as Buffer read as Latin-1', () => {
    const header = Buffer.from(`Bearer ${headerToken()}`, 'latin1');
    assert.equal(server().verifyCallback('', { authorization: header }).source, 'header');
  });

  test('strict JSON faults same for every body form', () => {
    const duplicate = `{"token":"${bodyToken()}","token":"${bodyToken()}"}`;
    // A lone surrogate escape in a member name; in a string value it is accepted.
    const surrogate = '{"key\\ud800":"doc-1","status":1}';
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    const cases = [
      [duplicate, 'ERR_JSON_DUPLICATE_MEMBER'],
      [Buffer.from(duplicate), 'ERR_JSON_DUPLICATE_MEMBER'],
      [surrogate, 'ERR_JSON_INVALID'],
      [Buffer.from(surrogate), 'ERR_JSON_INVALID'],
      [JSON.parse(surrogate), 'ERR_JSON_INVALID'],
      [deep, 'ERR_JSON_INVALID'],
      [JSON.parse(deep), 'ERR_JSON_INVALID'],
    ];
    for (const [body, code] of cases) {
      const err = throwsCode(
        () => server().verifyCallback(body, { authorization: `Bearer ${headerToken()}` }),
        code,
      );
      assert.ok(err instanceof DocumentServerError);
    }
  });

  test('body that is not JSON falls back to header', () => {
    const result = server().verifyCallback('key=doc-1&status=2', {
      authorization: `Bearer ${headerToken()}`,
    });
    assert.equal(result.source, 'header');
  });

  test('results are fresh objects per call', () => {
    const ds = server();
    const first = ds.verifyCallback({ token: bodyToken() });
    first.data.status = 7;
    first.data.users.push('intruder');
    assert.equal(first.status, 2);
    const second = ds.verifyCallback({ token: bodyToken() });
    assert.equal(second.data.status, 2);
    assert.deepEqual(second.data.users, FIELDS.users);

    const signed = ds.signRequest({ c: 'info', key: 'doc-1' });
    signed.body.key = 'other';
    assert.equal(verify(signed.body.token, SECRET, { clockTimestamp: NOW }).key, 'doc-1');
  });
});

describe('DocumentServer over HTTP', () => {
  test('callback posted to a node:http server on loopback', async () => {
    const ds = server();
    const received = [];
    const httpServer = http.createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        try {
          received.push(ds.verifyCallback(Buffer.concat(chunks), request.headers));
          response.writeHead(200, { 'content-type': 'application/json' }).end(CALLBACK_OK);
        } catch (err) {
          response.writeHead(403).end(JSON.stringify({ error: 1, code: err.code }));
        }
      });
    });
    await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = httpServer.address();
      const response = await fetch(`http://127.0.0.1:${port}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', Authorization: `Bearer ${headerToken()}` },
        body: JSON.stringify({ ...FIELDS, token: bodyToken() }),
      });
      assert.equal(response.status, 200);
      assert.equal(await response.text(), CALLBACK_OK);
      assert.equal(received[0].source, 'body');

      const forged = await fetch(`http://127.0.0.1:${port}/callback`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${headerToken(FIELDS, 'other')}` },
        body: JSON.stringify(FIELDS),
      });
      assert.equal(forged.status, 403);
      assert.deepEqual(await forged.json(), { error: 1, code: 'ERR_JWS_SIGNATURE_INVALID' });
    } finally {
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });
});
