#!/usr/bin/env node
'use strict';
// Builds the native addon from a source checkout: runs cargo at the repository root and
// copies the library next to index.js under the name the loader expects.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.join(__dirname, '..');
const repositoryDir = path.join(packageDir, '..');
const addonPath = path.join(packageDir, 'onlyoffice-jwt.linux-x64-gnu.node');

if (!fs.existsSync(path.join(repositoryDir, 'core', 'Cargo.toml'))) {
  console.error(
    `build-native: ${repositoryDir} is not an onlyoffice-jwt source checkout (core/Cargo.toml is missing).`,
  );
  process.exit(1);
}

const cargo = spawnSync('cargo', ['build', '--release', '-p', 'onlyoffice-jwt-node'], {
  cwd: repositoryDir,
  stdio: 'inherit',
});
if (cargo.error) {
  console.error(
    `build-native: cannot run cargo: ${cargo.error.message}. Install Rust from https://rustup.rs.`,
  );
  process.exit(1);
}
if (cargo.status !== 0) {
  console.error(`build-native: cargo build failed with exit code ${cargo.status}.`);
  process.exit(cargo.status ?? 1);
}

const targetDir = process.env.CARGO_TARGET_DIR
  ? path.resolve(repositoryDir, process.env.CARGO_TARGET_DIR)
  : path.join(repositoryDir, 'target');
const built = path.join(targetDir, 'release', 'libonlyoffice_jwt_node.so');
// Copy beside the addon, then rename over it: a running process that has the old addon
// mapped keeps its file, where copying in place would change the mapped code under it.
const staged = `${addonPath}.${process.pid}.tmp`;
fs.copyFileSync(built, staged);
fs.renameSync(staged, addonPath);
console.log(`build-native: wrote ${addonPath}`);
