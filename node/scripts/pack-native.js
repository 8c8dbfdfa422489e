#!/usr/bin/env node
'use strict';
// npm `prepack` and `postpack` script. Before packing, it copies the Rust sources of the
// addon (the core crate and this package's crate) into native/ as a Cargo workspace with
// its own Cargo.lock, so that scripts/install.js can build the addon where no prebuilt one
// loads. After packing (`--clean`), it removes native/ again.
//
// Usage: node scripts/pack-native.js [--clean]

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.join(__dirname, '..');
const repositoryDir = path.join(packageDir, '..');
const nativeDir = path.join(packageDir, 'native');

// Tables of the core manifest that a build of the addon does not use. The benchmark target
// points at ../bench, which the package does not ship, and dev-dependencies would add test
// crates to the lock file.
const UNUSED_CORE_TABLES = new Set(['[dev-dependencies]', '[[bench]]', '[[test]]', '[[example]]']);

function fail(message) {
  console.error(`pack-native: ${message}`);
  process.exit(1);
}

/**
 * Splits a Cargo manifest into tables: [header, lines]. Comment lines right above a header
 * belong to that header's table, because they describe it.
 */
function manifestTables(text) {
  const tables = [['', []]];
  let pendingComments = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) {
      tables.push([trimmed.replace(/\s*#.*$/, ''), [...pendingComments, line]]);
      pendingComments = [];
    } else if (trimmed.startsWith('#')) {
      pendingComments.push(line);
    } else {
      tables.at(-1)[1].push(...pendingComments, line);
      pendingComments = [];
    }
  }
  tables.at(-1)[1].push(...pendingComments);
  return tables;
}

/** Returns the core manifest without the tables that only the repository's tests use. */
function coreManifest() {
  const text = fs.readFileSync(path.join(repositoryDir, 'core', 'Cargo.toml'), 'utf8');
  const usedTables = manifestTables(text).filter(([header]) => !UNUSED_CORE_TABLES.has(header));
  return `${usedTables
    .flatMap(([, lines]) => lines)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/**
 * Returns the workspace manifest of native/: the repository's, with only the core and node
 * crates as members, so that the shared package metadata, lints and release profile (fat LTO,
 * one codegen unit, as the prebuilt addon) stay the same.
 */
function workspaceManifest() {
  const text = fs.readFileSync(path.join(repositoryDir, 'Cargo.toml'), 'utf8');
  const lines = text.split('\n');
  const membersAt = lines.findIndex((line) => /^members\s*=/.test(line));
  if (membersAt === -1) fail('the repository Cargo.toml has no `members = [...]` line.');
  lines[membersAt] = 'members = ["core", "node"]';
  const header =
    '# The Rust sources of the onlyoffice-jwt addon, which scripts/install.js builds with\n' +
    '# `cargo build --release --locked` where no prebuilt addon loads.\n';
  return header + lines.filter((line) => !/^default-members\s*=/.test(line)).join('\n');
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.error) fail(`cannot run ${command}: ${result.error.message}.`);
  if (result.status !== 0) {
    fail(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${result.stderr}`);
  }
}

/**
 * Writes native/Cargo.lock: the repository's lock file with the packages the addon does not
 * need removed. Cargo keeps every locked version while it prunes, so the source build uses
 * the same crate versions as the prebuilt addon.
 */
function writeLockFile() {
  fs.copyFileSync(path.join(repositoryDir, 'Cargo.lock'), path.join(nativeDir, 'Cargo.lock'));
  run('cargo', ['update', '--workspace', '--offline', '--quiet'], nativeDir);
  const check = ['metadata', '--locked', '--offline', '--format-version', '1', '--no-deps'];
  run('cargo', check, nativeDir);
}

function copyCrateSources(crate, files) {
  const from = path.join(repositoryDir, crate);
  const to = path.join(nativeDir, crate);
  fs.mkdirSync(to, { recursive: true });
  fs.cpSync(path.join(from, 'src'), path.join(to, 'src'), { recursive: true });
  for (const name of files) fs.copyFileSync(path.join(from, name), path.join(to, name));
}

function createNative() {
  if (!fs.existsSync(path.join(repositoryDir, 'core', 'Cargo.toml'))) {
    fail(`${repositoryDir} is not an onlyoffice-jwt source checkout (core/Cargo.toml is missing).`);
  }
  fs.rmSync(nativeDir, { recursive: true, force: true });
  copyCrateSources('core', []);
  fs.writeFileSync(path.join(nativeDir, 'core', 'Cargo.toml'), coreManifest());
  copyCrateSources('node', ['Cargo.toml', 'build.rs']);
  fs.writeFileSync(path.join(nativeDir, 'Cargo.toml'), workspaceManifest());
  writeLockFile();
}

if (process.argv.includes('--clean')) {
  fs.rmSync(nativeDir, { recursive: true, force: true });
} else {
  createNative();
}
