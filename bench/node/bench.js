'use strict';
// Measures onlyoffice-jwt against the Node JWT libraries that connectors and Document Server
// use. Every library runs in this one process. Each round times one batch of every cell
// (operation x workload x library) in turn, starting at a different cell each round, so that
// a slow moment of the machine touches every library alike. The output is a JSON record of
// the time per operation in every round, which bench/report.py turns into bench/RESULTS.md.
//
// Usage: node bench.js --workloads DIR --output FILE [--rounds N] [--batch-ms MS]

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

// 32 bytes, so that no library warns about a short HMAC key.
const SECRET = 'Xq7vR2mK9pL4wT8nB3cF6hJ1dS5gA0zE';
const WORKLOADS = ['editor_config', 'save_callback', 'tiny'];
const ANCHOR = 'onlyoffice-jwt';
const PROJECT_PACKAGE = path.resolve(__dirname, '../../node');

function base64url(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

/** Signs `payload` with node:crypto, in the form Document Server sends. */
function referenceToken(payload) {
  const signingInput = `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify(payload))}`;
  const tag = crypto.createHmac('sha256', SECRET).update(signingInput).digest();
  return `${signingInput}.${base64url(tag)}`;
}

/** Reads the workloads, with `iat` set to now and `exp` an hour later where present. */
function loadWorkloads(folder, now) {
  const workloads = {};
  for (const name of WORKLOADS) {
    const payload = JSON.parse(fs.readFileSync(path.join(folder, `${name}.json`), 'utf8'));
    if ('iat' in payload) payload.iat = now;
    if ('exp' in payload) payload.exp = now + 3600;
    workloads[name] = payload;
  }
  return workloads;
}

function versionOf(packageDir) {
  return JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
}

function peerDir(name) {
  return path.join(__dirname, 'node_modules', name);
}

/**
 * Returns the libraries as { name: { version, note, sign(payload), verify(token) } }. `sign`
 * and `verify` may return promises (jose has no synchronous API).
 */
async function loadLibraries() {
  const libraries = {};
  const unavailable = {};
  const add = async (name, packageDir, build) => {
    try {
      libraries[name] = { version: versionOf(packageDir), ...(await build()) };
    } catch (err) {
      unavailable[name] = `${err.name}: ${err.message}`;
    }
  };

  await add(ANCHOR, PROJECT_PACKAGE, () => {
    const oo = require(PROJECT_PACKAGE);
    return {
      note: 'string secret',
      sign: (payload) => oo.sign(payload, SECRET, { algorithm: 'HS256' }),
      verify: (token) => oo.verify(token, SECRET, { algorithms: ['HS256'] }),
    };
  });
  await add('jsonwebtoken (string secret)', peerDir('jsonwebtoken'), () => {
    const jwt = require('jsonwebtoken');
    return {
      note: 'what connectors pass',
      sign: (payload) => jwt.sign(payload, SECRET, { algorithm: 'HS256' }),
      verify: (token) => jwt.verify(token, SECRET, { algorithms: ['HS256'] }),
    };
  });
  await add('jsonwebtoken (KeyObject)', peerDir('jsonwebtoken'), () => {
    const jwt = require('jsonwebtoken');
    const key = crypto.createSecretKey(Buffer.from(SECRET));
    return {
      note: 'crypto.createSecretKey once, as Document Server 9.1 and later do',
      sign: (payload) => jwt.sign(payload, key, { algorithm: 'HS256' }),
      verify: (token) => jwt.verify(token, key, { algorithms: ['HS256'] }),
    };
  });
  await add('fast-jwt', peerDir('fast-jwt'), () => {
    const { createSigner, createVerifier } = require('fast-jwt');
    const signer = createSigner({ key: SECRET, algorithm: 'HS256' });
    const verifier = createVerifier({ key: SECRET, algorithms: ['HS256'], cache: false });
    return { note: 'signer and verifier created once, no cache', sign: signer, verify: verifier };
  });
  await add('jose', peerDir('jose'), async () => {
    const jose = require('jose');
    const key = await crypto.webcrypto.subtle.importKey(
      'raw',
      Buffer.from(SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    const header = { alg: 'HS256', typ: 'JWT' };
    return {
      note: 'asynchronous only, CryptoKey imported once',
      sign: (payload) => new jose.SignJWT(payload).setProtectedHeader(header).sign(key),
      verify: async (token) => (await jose.jwtVerify(token, key, { algorithms: ['HS256'] })).payload,
    };
  });
  await add('@node-rs/jsonwebtoken', peerDir('@node-rs/jsonwebtoken'), () => {
    const nodeRs = require('@node-rs/jsonwebtoken');
    const key = Buffer.from(SECRET);
    const header = { algorithm: 'HS256' };
    // exp is optional here as in the other libraries; leeway 0 as in the others' defaults.
    const validation = { algorithms: ['HS256'], requiredSpecClaims: [], leeway: 0 };
    return {
      note: 'signSync and verifySync, key as a Buffer',
      sign: (payload) => nodeRs.signSync(payload, key, header),
      verify: (token) => nodeRs.verifySync(token, key, validation),
    };
  });
  return { libraries, unavailable };
}

function withoutIat(claims) {
  const { iat, ...rest } = claims;
  return rest;
}

/** Runs each operation once and compares its result with jsonwebtoken's reading of it. */
async function checkLibrary(name, library, workloads, tokens) {
  const jwt = require('jsonwebtoken');
  for (const [workload, payload] of Object.entries(workloads)) {
    const token = await library.sign(payload);
    const claims = jwt.verify(token, SECRET, { algorithms: ['HS256'] });
    if (JSON.stringify(withoutIat(claims)) !== JSON.stringify(withoutIat(payload))) {
      throw new Error(`${name} signed ${workload} wrongly: ${JSON.stringify(claims)}`);
    }
    const decoded = await library.verify(tokens[workload]);
    if (JSON.stringify(decoded) !== JSON.stringify(payload)) {
      throw new Error(`${name} verified ${workload} wrongly: ${JSON.stringify(decoded)}`);
    }
  }
}

/** Builds the cells of signConfig and verifyCallback and their by-hand equivalents. */
function documentServerCells(workloads, tokens) {
  const jwt = require('jsonwebtoken');
  const oo = require(PROJECT_PACKAGE);
  const { iat, exp, ...config } = workloads.editor_config;
  const callback = workloads.save_callback;
  const body = Buffer.from(JSON.stringify({ ...callback, token: tokens.save_callback }));
  const headers = {
    host: 'host.example.com',
    'content-type': 'application/json',
    'user-agent': 'Node.js/6.13',
    authorization: `Bearer ${referenceToken({ payload: callback })}`,
  };
  const server = new oo.DocumentServer({ secret: SECRET });
  const algorithms = ['HS256', 'HS384', 'HS512'];

  // What connectors write: drop an old token, add iat and exp, sign the rest.
  const signConfigByHand = (sign) => (input) => {
    const { token, ...claims } = input;
    const now = Math.floor(Date.now() / 1000);
    claims.iat = now;
    claims.exp = now + 300;
    return { ...claims, token: sign(claims, SECRET, { algorithm: 'HS256' }) };
  };
  // What connectors write: parse the body, verify its token with Document Server's 60 s leeway.
  const verifyCallbackByHand = (verify) => (input) => {
    const claims = verify(JSON.parse(input).token, SECRET, { algorithms, clockTolerance: 60 });
    if (typeof claims.key !== 'string' || !Number.isInteger(claims.status)) throw new Error('not a callback');
    return claims;
  };

  const signers = {
    [ANCHOR]: () => server.signConfig(config),
    [`by hand with ${ANCHOR} sign`]: ((f) => () => f(config))(signConfigByHand(oo.sign)),
    'by hand with jsonwebtoken (string secret)': ((f) => () => f(config))(signConfigByHand(jwt.sign)),
  };
  const verifiers = {
    [ANCHOR]: () => server.verifyCallback(body, headers),
    [`by hand with ${ANCHOR} verify`]: ((f) => () => f(body))(verifyCallbackByHand(oo.verify)),
    'by hand with jsonwebtoken (string secret)': ((f) => () => f(body))(verifyCallbackByHand(jwt.verify)),
  };
  const cells = [];
  for (const [name, run] of Object.entries(signers)) {
    if (typeof run().token !== 'string') throw new Error(`${name} returned no token`);
    cells.push({ operation: 'sign_config', workload: 'editor_config', library: name, run, async: false });
  }
  for (const [name, run] of Object.entries(verifiers)) {
    const result = run();
    const key = result.key ?? result.data?.key;
    if (key !== callback.key) throw new Error(`${name} verified the callback wrongly: ${JSON.stringify(result)}`);
    cells.push({ operation: 'verify_callback', workload: 'save_callback', library: name, run, async: false });
  }
  return cells;
}

let sink;

async function timeBatch(cell, count) {
  const { run } = cell;
  const start = process.hrtime.bigint();
  if (cell.async) {
    for (let i = 0; i < count; i++) sink = await run();
  } else {
    for (let i = 0; i < count; i++) sink = run();
  }
  return Number(process.hrtime.bigint() - start);
}

/** Returns the number of calls that fills about `batchNs`. */
async function calibrate(cell, batchNs) {
  for (let count = 1; ; count *= 4) {
    const elapsed = await timeBatch(cell, count);
    if (elapsed >= batchNs / 10) return Math.max(1, Math.floor((count * batchNs) / elapsed));
  }
}

/** Times every cell once per round, round-robin, after one discarded warm-up round. */
async function measure(cells, rounds, batchNs) {
  const counts = [];
  for (const cell of cells) {
    // The first calibration runs while V8 still compiles the code, so it undercounts.
    await calibrate(cell, batchNs);
    counts.push(await calibrate(cell, batchNs));
  }
  const samples = cells.map(() => []);
  for (let round = 0; round <= rounds; round++) {
    for (let step = 0; step < cells.length; step++) {
      const index = (round + step) % cells.length;
      const elapsed = await timeBatch(cells[index], counts[index]);
      if (round > 0) samples[index].push(elapsed / counts[index]);
    }
  }
  return samples;
}

async function main() {
  const { values } = parseArgs({
    options: {
      workloads: { type: 'string' },
      output: { type: 'string' },
      rounds: { type: 'string', default: '11' },
      'batch-ms': { type: 'string', default: '40' },
    },
  });
  if (!values.workloads || !values.output) {
    throw new Error('usage: node bench.js --workloads DIR --output FILE [--rounds N] [--batch-ms MS]');
  }
  const rounds = Number(values.rounds);
  const batchMs = Number(values['batch-ms']);

  const workloads = loadWorkloads(values.workloads, Math.floor(Date.now() / 1000));
  const tokens = Object.fromEntries(Object.entries(workloads).map(([name, payload]) => [name, referenceToken(payload)]));
  const { libraries, unavailable } = await loadLibraries();
  if (!libraries[ANCHOR]) throw new Error(`${ANCHOR} cannot be loaded: ${unavailable[ANCHOR]}`);

  const cells = [];
  for (const [name, library] of Object.entries(libraries)) {
    await checkLibrary(name, library, workloads, tokens);
  }
  for (const operation of ['sign', 'verify']) {
    for (const [workload, payload] of Object.entries(workloads)) {
      for (const [name, library] of Object.entries(libraries)) {
        const argument = operation === 'sign' ? payload : tokens[workload];
        const fn = library[operation];
        const result = fn(argument);
        cells.push({
          operation,
          workload,
          library: name,
          run: () => fn(argument),
          async: typeof result?.then === 'function',
        });
        await result;
      }
    }
  }
  cells.push(...documentServerCells(workloads, tokens));

  const samples = await measure(cells, rounds, batchMs * 1e6);
  const record = {
    language: 'Node',
    runtime: `Node ${process.versions.node} (V8 ${process.versions.v8})`,
    anchor: ANCHOR,
    rounds,
    batch_ms: batchMs,
    libraries: Object.fromEntries(
      Object.entries(libraries).map(([name, library]) => [name, { version: library.version, note: library.note }]),
    ),
    unavailable,
    results: cells.map((cell, index) => ({
      operation: cell.operation,
      workload: cell.workload,
      library: cell.library,
      ns_per_op: samples[index],
    })),
  };
  fs.mkdirSync(path.dirname(values.output), { recursive: true });
  fs.writeFileSync(values.output, `${JSON.stringify(record, null, 1)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
