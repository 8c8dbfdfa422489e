'use strict';
// Shared test helpers: the package under test, shared vector files, secrets and error
// assertions.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

// The package under test: this source tree, or the folder that ONLYOFFICE_JWT_PACKAGE_DIR
// names, such as an installed copy in node_modules (tests/packaging/npm_pack.sh sets it).
const PACKAGE_DIR = process.env.ONLYOFFICE_JWT_PACKAGE_DIR
  ? path.resolve(process.env.ONLYOFFICE_JWT_PACKAGE_DIR)
  : path.join(__dirname, '..');
// The Rust sources of the addon: src/ in a source tree, native/node/src/ in a packed package.
const RUST_SOURCE_DIR = [
  path.join(PACKAGE_DIR, 'src'),
  path.join(PACKAGE_DIR, 'native', 'node', 'src'),
].find((dir) => fs.existsSync(dir));
const VECTOR_DIR = path.join(__dirname, '..', '..', 'tests', 'vectors');

/** Returns [fileName, vectors] for every JSON vector file, sorted by name. */
function vectorFiles() {
  if (!fs.existsSync(VECTOR_DIR)) return [];
  return fs
    .readdirSync(VECTOR_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [
      name,
      JSON.parse(fs.readFileSync(path.join(VECTOR_DIR, name), 'utf8')).vectors,
    ]);
}

/** Converts a vector secret ({utf8} or {hex}) to a string or Buffer. */
function vectorSecret(secret) {
  if (Object.prototype.hasOwnProperty.call(secret, 'utf8')) return secret.utf8;
  if (Object.prototype.hasOwnProperty.call(secret, 'hex')) return Buffer.from(secret.hex, 'hex');
  throw new Error(`unknown secret form ${JSON.stringify(secret)}`);
}

/**
 * Returns the text of a vector string member. Large inputs are stored as
 * {"pieces": [text | {"repeat": text, "count": n}, ...]}, joined in order.
 */
function vectorText(value) {
  if (typeof value === 'string') return value;
  const isPieces =
    value !== null && typeof value === 'object' && Object.keys(value).join() === 'pieces';
  if (!isPieces)
    throw new Error(
      `expected a string or a pieces spec, found ${JSON.stringify(value).slice(0, 80)}`,
    );
  return value.pieces
    .map((piece) => (typeof piece === 'string' ? piece : piece.repeat.repeat(piece.count)))
    .join('');
}

/** Runs `fn`, expects it to throw, and returns the error. */
function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an error, but the call returned');
}

/** Asserts that `fn` throws an error with `code` and returns it. */
function throwsCode(fn, code) {
  const err = thrown(fn);
  assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.message}`);
  return err;
}

module.exports = {
  PACKAGE_DIR,
  RUST_SOURCE_DIR,
  VECTOR_DIR,
  vectorFiles,
  vectorSecret,
  vectorText,
  thrown,
  throwsCode,
};
