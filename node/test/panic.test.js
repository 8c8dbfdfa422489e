'use strict';
// A panic in the Rust code becomes a JavaScript error, and the process goes on. The addon
// has a function that only panics, `_panicForTests`, which the package does not export.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const { Worker } = require('node:worker_threads');

const { PACKAGE_DIR, RUST_SOURCE_DIR, thrown } = require('./helpers');

const native = require(path.join(PACKAGE_DIR, 'lib', 'native'));
const { sign, verify, DocumentServer } = require(PACKAGE_DIR);

// The first line of a Rust item, after its attributes and doc comments.
const ITEM = /^\s*(pub(\([a-z]+\))?\s+)?(fn|struct|impl|enum)\b/;

test('panic thrown as Error', () => {
  const err = thrown(() => native._panicForTests('deliberate panic for the test suite'));
  assert.ok(err instanceof Error);
  assert.equal(err.message, 'deliberate panic for the test suite');
  assert.equal(err.code, 'GenericFailure');
});

test('package works after panics', () => {
  for (let round = 0; round < 3; round += 1) {
    assert.throws(() => native._panicForTests(`panic ${round}`), { message: `panic ${round}` });
    const token = sign({ key: 'doc-1', status: 1 }, 'secret');
    assert.equal(verify(token, 'secret').key, 'doc-1');
    const ds = new DocumentServer({ secret: 'secret' });
    assert.equal(ds.verifyCallback({ token }, {}).status, 1);
  }
});

test('panic not exported by package', () => {
  const jwt = require(PACKAGE_DIR);
  assert.equal(jwt._panicForTests, undefined);
  assert.throws(() => require.resolve('onlyoffice-jwt/lib/native', { paths: [PACKAGE_DIR] }));
});

test('process exits normally after panic', () => {
  const script = `
    const native = require(${JSON.stringify(path.join(PACKAGE_DIR, 'lib', 'native'))});
    try { native._panicForTests('panic in a child process'); } catch (err) { console.log('caught: ' + err.message); }
    console.log('still running');
  `;
  const result = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, RUST_BACKTRACE: '0' },
  });
  assert.equal(result.signal, null, `killed by ${result.signal}: ${result.stderr}`);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'caught: panic in a child process\nstill running\n');
  // Rust's default panic hook still reports the panic on stderr, as a bug report needs.
  assert.match(result.stderr, /panicked at .*panic in a child process/s);
});

test('panic in worker thread caught there', async () => {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const native = require(workerData.native);
    let message;
    try { native._panicForTests('panic in a worker'); } catch (err) { message = err.message; }
    parentPort.postMessage(message);
  `;
  const worker = new Worker(source, {
    eval: true,
    workerData: { native: path.join(PACKAGE_DIR, 'lib', 'native') },
    env: { ...process.env, RUST_BACKTRACE: '0' },
    stderr: true,
  });
  const [message] = await Promise.all([
    new Promise((resolve) => worker.once('message', resolve)),
    new Promise((resolve, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
    }),
  ]);
  assert.equal(message, 'panic in a worker');
});

// napi-rs converts a panic into an error only in functions marked `catch_unwind`; in any
// other exported function a panic aborts the process. This checks every export in the source.
test('every native export catches panics', () => {
  const exports = [];
  for (const file of fs.readdirSync(RUST_SOURCE_DIR).filter((name) => name.endsWith('.rs'))) {
    const lines = fs.readFileSync(path.join(RUST_SOURCE_DIR, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!/^\s*#\[napi\b/.test(line)) return;
      const item = lines.slice(index + 1).find((next) => ITEM.test(next));
      if (!/\bfn\s/.test(item)) return; // a struct or an impl block
      exports.push({ where: `${file}:${index + 1}`, attribute: line.trim() });
    });
  }
  assert.ok(exports.length >= 10, `found only ${exports.length} exported functions`);
  const uncovered = exports.filter(({ attribute }) => !/\bcatch_unwind\b/.test(attribute));
  assert.deepEqual(uncovered, []);
});
