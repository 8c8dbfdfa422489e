'use strict';
// The loader and the install script: which addon loads, the errors when none does, and an
// install script that needs no cargo while the addon loads.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { afterEach, test } = require('node:test');

const { PACKAGE_DIR } = require('./helpers');

// The file of the addon that the package under test loads.
const LOADED_ADDON = (() => {
  require(path.join(PACKAGE_DIR, 'lib', 'native'));
  return Object.keys(require.cache).find((file) => file.endsWith('.node'));
})();
// The folder that contains the package's dependency `ms`: node_modules in a source tree, the
// project's node_modules for an installed package.
const DEPENDENCY_DIR = path.dirname(
  path.dirname(require.resolve('ms/package.json', { paths: [PACKAGE_DIR] })),
);

const temporaryDirs = [];

afterEach(() => {
  for (const dir of temporaryDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `onlyoffice-jwt-${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

/** Copies the package's JavaScript (no addon, no Rust sources) into a new folder. */
function copyPackageScripts() {
  const copy = temporaryDir('loader');
  fs.cpSync(path.join(PACKAGE_DIR, 'lib'), path.join(copy, 'lib'), { recursive: true });
  fs.cpSync(path.join(PACKAGE_DIR, 'scripts'), path.join(copy, 'scripts'), { recursive: true });
  fs.copyFileSync(path.join(PACKAGE_DIR, 'index.js'), path.join(copy, 'index.js'));
  fs.symlinkSync(DEPENDENCY_DIR, path.join(copy, 'node_modules'));
  return copy;
}

/**
 * Returns a folder for PATH with `node` and, when `cargoMarker` is given, a `cargo` that
 * writes its arguments to that file and fails, so that a test can check whether cargo ran.
 */
function binDir(cargoMarker) {
  const bin = temporaryDir('bin');
  fs.symlinkSync(process.execPath, path.join(bin, 'node'));
  if (cargoMarker) {
    const script = `#!/bin/sh\necho "$@" > '${cargoMarker}'\nexit 1\n`;
    fs.writeFileSync(path.join(bin, 'cargo'), script, { mode: 0o755 });
  }
  return bin;
}

function runNode(args, env = {}) {
  return spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, ONLYOFFICE_JWT_BUILD_FROM_SOURCE: '', ...env },
  });
}

test('missing addon explains how to build', () => {
  const copy = copyPackageScripts();

  const result = runNode(['-e', `require(${JSON.stringify(copy)})`]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /native addon .*onlyoffice-jwt\.linux-x64-gnu\.node is missing/);
  assert.match(result.stderr, /npm rebuild onlyoffice-jwt/);
  assert.match(result.stderr, /npm run build-native/);
});

test('source build preferred over prebuilt', () => {
  const copy = copyPackageScripts();
  fs.mkdirSync(path.join(copy, 'build'));
  fs.copyFileSync(LOADED_ADDON, path.join(copy, 'build', 'onlyoffice-jwt.node'));
  fs.writeFileSync(path.join(copy, 'onlyoffice-jwt.linux-x64-gnu.node'), 'not an addon');

  const script = `
    const jwt = require(${JSON.stringify(copy)});
    const token = jwt.sign({ key: 'doc-1' }, 'secret', { noTimestamp: true });
    console.log(jwt.verify(token, 'secret').key);
    console.log(Object.keys(require.cache).filter((file) => file.endsWith('.node')).join());
  `;
  const result = runNode(['-e', script]);
  assert.equal(result.status, 0, result.stderr);
  const [key, addons] = result.stdout.trim().split('\n');
  assert.equal(key, 'doc-1');
  assert.equal(addons, path.join(copy, 'build', 'onlyoffice-jwt.node'));
});

test('broken source build explains how to rebuild', () => {
  const copy = copyPackageScripts();
  fs.mkdirSync(path.join(copy, 'build'));
  fs.writeFileSync(path.join(copy, 'build', 'onlyoffice-jwt.node'), 'not an addon');

  const result = runNode(['-e', `require(${JSON.stringify(copy)})`]);
  assert.notEqual(result.status, 0);
  assert.match(result.stderr, /native addon .*build.onlyoffice-jwt\.node does not load/);
  assert.match(result.stderr, /npm rebuild onlyoffice-jwt/);
});

test('install script skips cargo when addon loads', () => {
  const marker = path.join(temporaryDir('marker'), 'cargo-ran');
  const install = path.join(PACKAGE_DIR, 'scripts', 'install.js');

  const result = runNode([install], { PATH: binDir(marker) });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, '');
  assert.equal(fs.existsSync(marker), false, 'the install script ran cargo');
});

test('install script builds when addon missing', () => {
  const copy = copyPackageScripts();
  fs.mkdirSync(path.join(copy, 'native'));
  fs.writeFileSync(path.join(copy, 'native', 'Cargo.toml'), '');
  const marker = path.join(temporaryDir('marker'), 'cargo-ran');

  const result = runNode([path.join(copy, 'scripts', 'install.js')], { PATH: binDir(marker) });
  assert.equal(result.status, 1);
  const cargoArguments = fs.readFileSync(marker, 'utf8');
  assert.match(cargoArguments, /^build --release --locked --package onlyoffice-jwt-node /);
  assert.match(result.stderr, /`cargo build` failed with exit code 1/);
});

test('install script names missing cargo', () => {
  const copy = copyPackageScripts();
  fs.mkdirSync(path.join(copy, 'native'));
  fs.writeFileSync(path.join(copy, 'native', 'Cargo.toml'), '');

  const result = runNode([path.join(copy, 'scripts', 'install.js')], { PATH: binDir() });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /native addon .* is missing/);
  assert.match(result.stderr, /cannot build the native addon from source: cargo was not found/);
  assert.match(result.stderr, /https:\/\/rustup\.rs/);
  assert.equal(fs.existsSync(path.join(copy, 'build')), false);
});

test('forced build runs cargo despite loading addon', () => {
  const marker = path.join(temporaryDir('marker'), 'cargo-ran');
  const copy = copyPackageScripts();
  fs.mkdirSync(path.join(copy, 'native'));
  fs.writeFileSync(path.join(copy, 'native', 'Cargo.toml'), '');
  fs.copyFileSync(LOADED_ADDON, path.join(copy, 'onlyoffice-jwt.linux-x64-gnu.node'));

  const result = runNode([path.join(copy, 'scripts', 'install.js')], {
    PATH: binDir(marker),
    ONLYOFFICE_JWT_BUILD_FROM_SOURCE: '1',
  });
  assert.equal(result.status, 1);
  assert.ok(fs.existsSync(marker), 'the install script did not run cargo');
  assert.match(result.stderr, /ONLYOFFICE_JWT_BUILD_FROM_SOURCE is set/);
});
