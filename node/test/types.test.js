'use strict';
// Type-checks index.d.ts against typical usage (test/types/usage.ts) with the TypeScript
// compiler in strict mode.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { test } = require('node:test');
const { pathToFileURL } = require('node:url');

const { PACKAGE_DIR } = require('./helpers');

test('index.d.ts compiles against typical usage', () => {
  const compiler = require.resolve('typescript/bin/tsc');
  const project = path.join(__dirname, 'types', 'tsconfig.json');
  const result = spawnSync(process.execPath, [compiler, '-p', project], { encoding: 'utf8' });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});

test('ES module entry has the same exports', async () => {
  const esm = await import(pathToFileURL(path.join(PACKAGE_DIR, 'index.mjs')).href);
  const cjs = require(PACKAGE_DIR);
  for (const name of Object.keys(cjs)) assert.equal(esm[name], cjs[name], name);
  assert.equal(esm.default, cjs);
});
