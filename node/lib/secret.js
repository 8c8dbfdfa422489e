'use strict';
// Secrets as the native addon takes them: a string (used as UTF-8) or a Buffer (raw bytes).

const { KeyObject } = require('node:crypto');

// The bytes of each secret KeyObject seen, exported once: a KeyObject cannot change, and
// export() copies the key on every call.
const EXPORTED = new WeakMap();

function exportedSecret(key) {
  let material = EXPORTED.get(key);
  if (material === undefined) {
    material = key.export();
    EXPORTED.set(key, material);
  }
  return material;
}

/**
 * Classifies a secret given to sign or verify.
 *
 * Returns `{ material }` for a string, Buffer, typed array, ArrayBuffer or secret KeyObject,
 * `{ asymmetricType }` for a public or private KeyObject, and `{ invalid: true }` otherwise.
 * A string is never parsed as a PEM key: it is always an HMAC secret.
 */
function classifySecret(secret) {
  if (typeof secret === 'string' || Buffer.isBuffer(secret)) return { material: secret };
  if (ArrayBuffer.isView(secret)) {
    return { material: Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength) };
  }
  if (secret instanceof ArrayBuffer) return { material: Buffer.from(secret) };
  if (secret instanceof KeyObject) {
    if (secret.type === 'secret') return { material: exportedSecret(secret) };
    return { asymmetricType: secret.type };
  }
  return { invalid: true };
}

module.exports = { classifySecret };
