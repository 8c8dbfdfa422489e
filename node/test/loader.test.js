'use strict';
// The loader: a clear error when the prebuilt addon is missing.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

test('missing addon explains how to build', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'onlyoffice-jwt-loader-'));
  try {
    const packageDir = path.join(__dirname, '..');
    fs.cpSync(path.join(packageDir, 'lib'), path.join(copy, 'lib'), { recursive: true });
    fs.copyFileSync(path.join(packageDir, 'index.js'), path.join(copy, 'index.js'));
    fs.symlinkSync(path.join(packageDir, 'node_modules'), path.join(copy, 'node_modules'));

    const result = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(copy)})`], {
      encoding: 'utf8',
    });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /native addon .*onlyoffice-jwt\.linux-x64-gnu\.node is missing/);
    assert.match(result.stderr, /npm run build-native/);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
