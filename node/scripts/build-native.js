#!/usr/bin/env node
'use strict';
// Builds the native addon from Rust sources with `cargo build --release` and puts it where
// lib/native.js looks for it. Two layouts:
//
// - An installed package: the sources are in native/, a Cargo workspace with its own
//   Cargo.lock (scripts/pack-native.js creates it at pack time). The build runs with
//   --locked and writes build/onlyoffice-jwt.node. Cargo's target folder is native/target,
//   or CARGO_TARGET_DIR when set. The script removes native/target after a successful
//   build, because the addon is all the package needs from it.
// - A source checkout: the sources are the repository's workspace one folder up. The build
//   writes the addon where `make node` does on Linux x64, and build/onlyoffice-jwt.node on
//   other platforms.
//
// Usage: node scripts/build-native.js (or `npm run build-native`).

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');
const PREBUILT_PATH = path.join(PACKAGE_DIR, 'onlyoffice-jwt.linux-x64-gnu.node');
const SOURCE_BUILD_PATH = path.join(PACKAGE_DIR, 'build', 'onlyoffice-jwt.node');
const CRATE = 'onlyoffice-jwt-node';
const LIBRARY_TARGET = 'onlyoffice_jwt_node';
const RUST_VERSION = '1.88';
const REBUILD = 'then run `npm rebuild onlyoffice-jwt`';
// The last part of cargo's error output that is kept to explain a failed build.
const STDERR_TAIL_BYTES = 64 * 1024;

/** An error whose message the install script prints as it is, without a stack trace. */
class BuildError extends Error {}

/** Returns where the sources are, how to run cargo on them and where the addon goes. */
function sourceLayout() {
  const nativeDir = path.join(PACKAGE_DIR, 'native');
  if (fs.existsSync(path.join(nativeDir, 'Cargo.toml'))) {
    return {
      workspaceDir: nativeDir,
      cargoFlags: ['--locked'],
      defaultTargetDir: path.join(nativeDir, 'target'),
      removeDefaultTargetDir: true,
      output: SOURCE_BUILD_PATH,
    };
  }
  const repositoryDir = path.join(PACKAGE_DIR, '..');
  if (fs.existsSync(path.join(repositoryDir, 'core', 'Cargo.toml'))) {
    const linuxX64 = process.platform === 'linux' && process.arch === 'x64';
    return {
      workspaceDir: repositoryDir,
      cargoFlags: [],
      defaultTargetDir: path.join(repositoryDir, 'target'),
      removeDefaultTargetDir: false,
      output: linuxX64 ? PREBUILT_PATH : SOURCE_BUILD_PATH,
    };
  }
  throw new BuildError(
    `the Rust sources of the addon are missing: neither ${nativeDir} nor ` +
      `${path.join(repositoryDir, 'core')} exists. Reinstall the package from its npm tarball.`,
  );
}

/** Returns the paragraph that explains a failed cargo build, from cargo's error output. */
function explainFailure(status, stderr) {
  const linker = /linker `([^`]+)` not found/.exec(stderr);
  if (linker) {
    return (
      `the C compiler and linker \`${linker[1]}\` was not found, and rustc needs it to link ` +
      'the addon. Install one (Debian and Ubuntu: `apt-get install build-essential`; Alpine: ' +
      '`apk add build-base`; Fedora: `dnf install gcc`; macOS: `xcode-select --install`), ' +
      `${REBUILD}.`
    );
  }
  if (/is not supported by the following package|requires rustc [0-9.]+ or newer/.test(stderr)) {
    return (
      `the installed Rust is too old: the addon needs Rust ${RUST_VERSION} or later. ` +
      `Run \`rustup update\`, ${REBUILD}.`
    );
  }
  return (
    `\`cargo build\` failed with exit code ${status}, and its output above shows why. ` +
    `Fix the cause, ${REBUILD}.`
  );
}

/**
 * Runs `cargo build` and resolves with the path of the built library. Cargo writes rendered
 * diagnostics to stderr and JSON messages to stdout. The JSON messages name the library file
 * whatever the platform, target folder or configured target.
 */
function runCargo(layout, targetDir) {
  const args = [
    'build',
    '--release',
    ...layout.cargoFlags,
    '--package',
    CRATE,
    '--message-format',
    'json-render-diagnostics',
  ];
  return new Promise((resolve, reject) => {
    const cargo = spawn('cargo', args, {
      cwd: layout.workspaceDir,
      env: { ...process.env, CARGO_TARGET_DIR: targetDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const libraries = [];
    let stdoutRest = '';
    let stderrTail = '';

    cargo.stdout.setEncoding('utf8');
    cargo.stdout.on('data', (chunk) => {
      const lines = (stdoutRest + chunk).split('\n');
      stdoutRest = lines.pop();
      for (const line of lines) libraries.push(...builtLibraries(line));
    });
    cargo.stderr.setEncoding('utf8');
    cargo.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });

    cargo.on('error', (err) => {
      if (err.code === 'ENOENT') {
        reject(
          new BuildError(
            `cargo was not found on PATH. Install Rust ${RUST_VERSION} or later from ` +
              `https://rustup.rs (it includes cargo), make sure cargo is on PATH, ${REBUILD}.`,
          ),
        );
      } else {
        reject(new BuildError(`cannot run cargo: ${err.message}.`));
      }
    });
    cargo.on('close', (status, signal) => {
      libraries.push(...builtLibraries(stdoutRest));
      if (signal) {
        reject(new BuildError(`cargo was stopped by signal ${signal}.`));
      } else if (status !== 0) {
        reject(new BuildError(explainFailure(status, stderrTail)));
      } else if (libraries.length !== 1) {
        reject(new BuildError(`cargo reported ${libraries.length} addon libraries, expected 1.`));
      } else {
        resolve(libraries[0]);
      }
    });
  });
}

/** Returns the dynamic library files that one line of cargo's JSON output reports. */
function builtLibraries(line) {
  if (!line.startsWith('{')) return [];
  const message = JSON.parse(line);
  if (message.reason !== 'compiler-artifact' || message.target.name !== LIBRARY_TARGET) return [];
  // .so on Linux, .dylib on macOS, .dll on Windows (beside a .dll.lib import library).
  return message.filenames.filter((file) => /\.(so|dylib|dll)$/.test(file));
}

/** Copies `from` to `to` through a new file, so a process that has `to` loaded keeps its copy. */
function replaceFile(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const staged = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, staged);
  fs.renameSync(staged, to);
}

/** Builds the addon, checks that it loads, and resolves with its path. */
async function buildNative() {
  const layout = sourceLayout();
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(layout.workspaceDir, process.env.CARGO_TARGET_DIR)
    : layout.defaultTargetDir;
  const library = await runCargo(layout, targetDir);
  replaceFile(library, layout.output);
  if (layout.removeDefaultTargetDir && targetDir === layout.defaultTargetDir) {
    fs.rmSync(targetDir, { recursive: true, force: true });
  }
  try {
    require(layout.output);
  } catch (err) {
    throw new BuildError(
      `the addon built from source, ${layout.output}, does not load: ${err.message}`,
    );
  }
  return layout.output;
}

/** Runs buildNative and exits with status 1 and a message when it fails. */
function main(prefix) {
  buildNative().then(
    (output) => console.error(`${prefix}: built ${output}`),
    (err) => {
      const reason = err instanceof BuildError ? err.message : err.stack;
      console.error(`${prefix}: cannot build the native addon from source: ${reason}`);
      process.exit(1);
    },
  );
}

module.exports = { buildNative, main };

if (require.main === module) main('build-native');
