'use strict';
// Loads the prebuilt native addon that sits next to the package's index.js.

const fs = require('node:fs');
const path = require('node:path');

const ADDON_NAME = 'onlyoffice-jwt.linux-x64-gnu.node';
const ADDON_PATH = path.join(__dirname, '..', ADDON_NAME);

function loadAddon() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `onlyoffice-jwt ships a native addon for linux-x64 only, not for ${process.platform}-${process.arch}. ` +
        'Build one from a source checkout with `npm run build-native` (needs Rust and cargo).',
    );
  }
  if (!fs.existsSync(ADDON_PATH)) {
    throw new Error(
      `onlyoffice-jwt: the native addon ${ADDON_PATH} is missing. ` +
        'In a source checkout, build it with `make node` at the repository root, or with ' +
        '`npm run build-native` in the node/ folder (needs Rust and cargo).',
    );
  }
  return require(ADDON_PATH);
}

module.exports = loadAddon();
