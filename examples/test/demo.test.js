// Runs examples/demo.js end to end, so that the README's demo keeps working. DEMO_PYTHON must
// name a Python that can import onlyoffice_jwt (`make test-demo` sets it).
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { before, test } = require('node:test');

const DEMO = path.join(__dirname, '..', 'demo.js');
const HOST_COUNT = 2;
const STEPS_PER_HOST = 7;

let run;

before(() => {
  // The demo stops itself after 45 s; the extra margin only guards against a hung spawn.
  run = spawnSync(process.execPath, [DEMO], { encoding: 'utf8', timeout: 60_000 });
});

test('demo exits with status 0', () => {
  assert.equal(run.error, undefined);
  assert.equal(run.status, 0, `demo output:\n${run.stdout}\n${run.stderr}`);
});

test('demo summary counts every step as passed', () => {
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.at(-1), `${HOST_COUNT * STEPS_PER_HOST} passed, 0 failed`);
});

test('demo transcript has no FAIL line', () => {
  const failures = run.stdout.split('\n').filter((line) => line.includes('FAIL'));
  assert.deepEqual(failures, []);
});

test('demo shows the non-ASCII title from each host', () => {
  const titles = run.stdout.split('\n').filter((line) => line.startsWith('  title     '));
  assert.equal(titles.length, HOST_COUNT);
  for (const line of titles) assert.match(line, /Отчёт за квартал – Q3 \(черновик\)\.docx$/);
});
