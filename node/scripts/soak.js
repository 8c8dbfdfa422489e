#!/usr/bin/env node
'use strict';
// Soak test: runs a million sign-and-verify cycles through the native addon and checks that
// the resident set size (RSS) stops growing, as it does when the addon and its napi
// conversions free everything they allocate.
//
// Usage: node scripts/soak.js [--cycles N] [--max-growth-mib M]
// (the script restarts itself with --expose-gc when it was started without it)
//
// Each cycle signs one token and verifies one, rotating over four kinds of work:
//   1. sign and verify with the module-level functions, algorithms and option mixes;
//   2. the same with 24 secrets in turn, more than the addon's cache of 16 keyed secrets;
//   3. DocumentServer.signConfig, signRequest, then verifyCallback of a body token or of a
//      header token;
//   4. failures: a wrong secret, an expired token, a duplicate member, a forged callback,
//      each of which makes the addon build an error object.
//
// RSS is read after a forced garbage collection: before the run (after a warm-up), halfway
// and at the end. V8 enlarges its heap and its string table during the first few hundred
// thousand cycles and then keeps them. On the machine of bench/RESULTS.md, Node 20 grew by
// about 33 MiB up to cycle 400,000 and by less than 1 MiB after it. So the bound applies to
// the second half of the run, where a leak would still grow with the number of cycles. The
// default of 8 MiB over 500,000 cycles fails for a leak of 17 bytes per cycle or more.
// The script exits with status 1 when the second half grew by more than the bound.

const { spawnSync } = require('node:child_process');

if (typeof global.gc !== 'function') {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', ...process.execArgv, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}

const crypto = require('node:crypto');
const path = require('node:path');
const { parseArgs } = require('node:util');

const jwt = require(path.join(__dirname, '..'));

const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '1000000' },
    'max-growth-mib': { type: 'string', default: '8' },
  },
});
const CYCLES = Number(values.cycles);
const MAX_GROWTH_MIB = Number(values['max-growth-mib']);
if (!Number.isSafeInteger(CYCLES) || CYCLES < 1 || !(MAX_GROWTH_MIB > 0)) {
  console.error('soak: --cycles must be a positive integer and --max-growth-mib a positive number');
  process.exit(2);
}
const WARM_UP_CYCLES = Math.min(50_000, CYCLES);
const REPORT_EVERY = Math.max(1, Math.floor(CYCLES / 10));
const MIB = 1024 * 1024;

const SECRET = 'soak-secret-0123456789abcdef0123';
const SECRETS = Array.from(
  { length: 24 },
  (_, index) => `soak-secret-${index}-${'x'.repeat(index)}`,
);
const ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const NOW = Math.floor(Date.now() / 1000);

const server = new jwt.DocumentServer({ secret: SECRET });
const CONFIG = {
  document: {
    fileType: 'docx',
    key: 'soak-doc',
    title: 'Отчёт о нагрузке.docx',
    url: 'https://host.example/files/soak-doc',
    permissions: { edit: true, download: true },
  },
  documentType: 'word',
  editorConfig: {
    callbackUrl: 'https://host.example/callback',
    mode: 'edit',
    user: { id: '1842', name: 'Jürgen Groß' },
  },
};

function rawToken(payload, secret) {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

const DUPLICATE_MEMBER = rawToken('{"key":"a","key":"b","status":1}', SECRET);
const EXPIRED = jwt.sign({ key: 'old', status: 1, exp: NOW - 3600 }, SECRET);
const FORGED_CALLBACK = rawToken('{"key":"soak-doc","status":1}', 'not the secret');

/** Runs `fn` and returns its error; an operation that was expected to fail but did not is a bug. */
function expectFailure(fn, code) {
  try {
    fn();
  } catch (err) {
    if (err.code !== code) throw new Error(`expected ${code}, got ${err.code}: ${err.message}`);
    return;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

function moduleCycle(index) {
  const algorithm = ALGORITHMS[index % 3];
  const payload = { key: `doc-${index}`, status: index % 8, users: [String(index)], title: 'Groß' };
  const options = index % 2 === 0 ? { algorithm } : { algorithm, expiresIn: '5m', subject: 'soak' };
  const token = jwt.sign(payload, SECRET, options);
  const claims = jwt.verify(token, SECRET, { algorithms: [algorithm], complete: index % 5 === 0 });
  const key = claims.payload ? claims.payload.key : claims.key;
  if (key !== payload.key) throw new Error(`cycle ${index}: verified the wrong payload`);
}

function secretCycle(index) {
  const secret = SECRETS[index % SECRETS.length];
  const token = jwt.sign({ key: `doc-${index}`, big: '12345678901234567890' }, secret);
  const claims = jwt.verify(token, Buffer.from(secret), { integers: 'bigint' });
  if (claims.key !== `doc-${index}`) throw new Error(`cycle ${index}: verified the wrong payload`);
}

function documentServerCycle(index) {
  const signed = server.signConfig(CONFIG);
  if (typeof signed.token !== 'string') throw new Error(`cycle ${index}: no config token`);
  const fields = {
    key: 'soak-doc',
    status: 2,
    url: `https://ds.example/cache/${index}`,
    users: ['1842'],
  };
  const request = server.signRequest(fields);
  const source = index % 2 === 0 ? 'body' : 'header';
  const callback =
    source === 'body'
      ? server.verifyCallback(Buffer.from(JSON.stringify(request.body)), {})
      : server.verifyCallback('', request.headers);
  if (callback.source !== source || callback.url !== fields.url) {
    throw new Error(`cycle ${index}: verified the wrong callback`);
  }
}

function failureCycle(index) {
  const token = jwt.sign({ key: `doc-${index}` }, SECRET);
  switch (index % 4) {
    case 0:
      expectFailure(() => jwt.verify(token, 'wrong secret'), 'ERR_JWS_SIGNATURE_INVALID');
      break;
    case 1:
      expectFailure(() => jwt.verify(EXPIRED, SECRET), 'ERR_JWT_EXPIRED');
      break;
    case 2:
      expectFailure(() => jwt.verify(DUPLICATE_MEMBER, SECRET), 'ERR_JSON_DUPLICATE_MEMBER');
      break;
    default:
      expectFailure(
        () => server.verifyCallback({ token: FORGED_CALLBACK }, {}),
        'ERR_JWS_SIGNATURE_INVALID',
      );
  }
}

const KINDS = [moduleCycle, secretCycle, documentServerCycle, failureCycle];

function runCycles(first, count) {
  for (let index = first; index < first + count; index += 1) KINDS[index % KINDS.length](index);
}

/** Returns the process's memory after a forced garbage collection. */
function memory() {
  global.gc();
  global.gc();
  return process.memoryUsage();
}

function mib(bytes) {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

function report(label, usage) {
  console.log(
    `${label.padStart(16)}: RSS ${mib(usage.rss)}, V8 heap ${mib(usage.heapUsed)} used of ` +
      `${mib(usage.heapTotal)}, external ${mib(usage.external)}`,
  );
}

function main() {
  console.log(
    `soak: ${CYCLES} cycles of one sign and one verify; bound on RSS growth over the second half: ${MAX_GROWTH_MIB} MiB`,
  );
  report('start', memory());
  runCycles(0, WARM_UP_CYCLES);
  const before = memory();
  report(`after ${WARM_UP_CYCLES} warm-up`, before);

  const half = Math.floor(CYCLES / 2);
  const started = process.hrtime.bigint();
  let halfway;
  for (let done = 0; done < CYCLES;) {
    const count = Math.min(REPORT_EVERY, (done < half ? half : CYCLES) - done);
    runCycles(WARM_UP_CYCLES + done, count);
    done += count;
    const usage = memory();
    if (done === half) halfway = usage;
    report(`${done} cycles`, usage);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = memory();

  const growth = after.rss - before.rss;
  const secondHalf = after.rss - halfway.rss;
  const passed = secondHalf <= MAX_GROWTH_MIB * MIB;
  console.log(
    `${CYCLES} cycles in ${seconds.toFixed(1)} s (${Math.round(CYCLES / seconds)} per second)`,
  );
  console.log(
    `RSS before ${mib(before.rss)}, after ${mib(after.rss)}: growth ${mib(growth)} ` +
      `(${(growth / CYCLES).toFixed(1)} bytes per cycle), of which ${mib(secondHalf)} in the second half ` +
      `(${(secondHalf / (CYCLES - half)).toFixed(1)} bytes per cycle)`,
  );
  console.log(
    passed
      ? `PASS: RSS grew by at most ${MAX_GROWTH_MIB} MiB over the second half`
      : `FAIL: RSS grew by more than ${MAX_GROWTH_MIB} MiB over the second half, which points to a leak`,
  );
  process.exitCode = passed ? 0 : 1;
}

main();
