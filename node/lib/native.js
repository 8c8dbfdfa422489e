'use strict';
// Loads the native addon: the one built from source when there is one, otherwise the prebuilt
// one that the package ships for Linux x64 with glibc.

const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');
const PREBUILT_NAME = 'onlyoffice-jwt.linux-x64-gnu.node';
const PREBUILT_PATH = path.join(PACKAGE_DIR, PREBUILT_NAME);
// Written by scripts/build-native.js when the install script builds the addon with cargo.
const SOURCE_BUILD_PATH = path.join(PACKAGE_DIR, 'build', 'onlyoffice-jwt.node');

const HOW_TO_BUILD =
  'Build the addon from source with `npm rebuild onlyoffice-jwt` (needs Rust 1.88 or later ' +
  'and a C linker; ONLYOFFICE_JWT_BUILD_FROM_SOURCE=1 forces a build on Linux x64). ' +
  'In a source checkout, use `make node` at the repository root or `npm run build-native` ' +
  'in the node/ folder.';

function loadFailure(addonPath, err) {
  const failure = new Error(
    `onlyoffice-jwt: the native addon ${addonPath} does not load on ` +
      `${process.platform}-${process.arch}: ${err.message} ${HOW_TO_BUILD}`,
  );
  failure.cause = err;
  return failure;
}

function requireAddon(addonPath) {
  try {
    return require(addonPath);
  } catch (err) {
    throw loadFailure(addonPath, err);
  }
}

/**
 * Returns whether this Linux uses musl libc, where the prebuilt addon, linked against glibc,
 * cannot work. On Alpine, /usr/bin/ldd is musl's dynamic loader, and with glibc it is a shell
 * script that does not name musl.
 */
function isMusl() {
  try {
    return fs.readFileSync('/usr/bin/ldd', 'latin1').includes('musl');
  } catch {
    return !process.report?.getReport?.().header?.glibcVersionRuntime;
  }
}

function loadAddon() {
  // A source build exists only where the install script or `npm run build-native` made one
  // (no prebuilt addon loaded, or a build was forced), so it takes precedence.
  if (fs.existsSync(SOURCE_BUILD_PATH)) return requireAddon(SOURCE_BUILD_PATH);

  if (process.platform !== 'linux' || process.arch !== 'x64' || isMusl()) {
    const libc = process.platform === 'linux' && process.arch === 'x64' ? ' with musl libc' : '';
    throw new Error(
      `onlyoffice-jwt: no native addon for ${process.platform}-${process.arch}${libc}: the ` +
        'package ships a prebuilt addon for linux-x64 with glibc only, and ' +
        `${SOURCE_BUILD_PATH} is missing. ${HOW_TO_BUILD}`,
    );
  }
  if (!fs.existsSync(PREBUILT_PATH)) {
    throw new Error(
      `onlyoffice-jwt: the native addon ${PREBUILT_PATH} is missing. ${HOW_TO_BUILD}`,
    );
  }
  return requireAddon(PREBUILT_PATH);
}

module.exports = loadAddon();
