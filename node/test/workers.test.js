'use strict';
// worker_threads that load the package at the same time: the native addon and its shared
// secret cache give the same results in every thread.

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { Worker } = require('node:worker_threads');

const { PACKAGE_DIR } = require('./helpers');

const WORKER_COUNT = 4;
const TOKENS_PER_WORKER = 300;

// Signs and verifies with 40 secrets (more than the native cache keeps), then checks a
// DocumentServer callback and an error code. Runs inside each worker.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { sign, verify, DocumentServer } = require(workerData.packageDir);
const tokens = [];
for (let index = 0; index < workerData.count; index += 1) {
  const secret = 'secret-' + (index % 40);
  const token = sign({ index, worker: workerData.id, iat: 1700000000 }, secret, { algorithm: ['HS256', 'HS384', 'HS512'][index % 3] });
  const payload = verify(token, secret, { algorithms: ['HS256', 'HS384', 'HS512'], clockTimestamp: 1700000000 });
  if (payload.index !== index) throw new Error('payload mismatch at ' + index);
  tokens.push(token);
}
let wrongSecretCode;
try { verify(tokens[0], 'another secret'); } catch (err) { wrongSecretCode = err.code; }
const ds = new DocumentServer({ secret: 'secret', now: 1700000000 });
const body = { token: sign({ key: 'k' + workerData.id, status: 1, iat: 1700000000 }, 'secret') };
const callback = ds.verifyCallback(body, {});
parentPort.postMessage({ tokens, wrongSecretCode, callbackKey: callback.key });
`;

function runWorker(id) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { id, count: TOKENS_PER_WORKER, packageDir: PACKAGE_DIR },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker ${id} exited with code ${code}`));
    });
  });
}

test('workers match the main thread', async () => {
  const { sign } = require(PACKAGE_DIR);
  const results = await Promise.all(Array.from({ length: WORKER_COUNT }, (_, id) => runWorker(id)));

  results.forEach((result, id) => {
    assert.equal(result.tokens.length, TOKENS_PER_WORKER);
    assert.equal(result.wrongSecretCode, 'ERR_JWS_SIGNATURE_INVALID');
    assert.equal(result.callbackKey, `k${id}`);
    result.tokens.forEach((token, index) => {
      const expected = sign({ index, worker: id, iat: 1700000000 }, `secret-${index % 40}`, {
        algorithm: ['HS256', 'HS384', 'HS512'][index % 3],
      });
      assert.equal(token, expected, `worker ${id} token ${index}`);
    });
  });
});

test('terminated worker leaves package usable', async () => {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { id: 99, count: 1_000_000, packageDir: PACKAGE_DIR },
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  await worker.terminate();
  const result = await runWorker(7);
  assert.equal(result.callbackKey, 'k7');
});
