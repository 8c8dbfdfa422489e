'use strict';
// The `integers` option: what verify, decode and DocumentServer do with an integer in the
// payload that a JavaScript number cannot hold exactly (beyond Number.MAX_SAFE_INTEGER,
// 2^53 - 1). JSON.parse, and so jsonwebtoken, rounds such an integer without a word.

const INTEGER_MODES = ['number', 'bigint', 'string', 'error'];

// Mode -> the code the native addon takes: 0 round, 1 fail, 2 return the exact digits.
const INTEGER_CODES = { number: 0, error: 1, bigint: 2, string: 2 };

function isIntegerMode(value) {
  return INTEGER_MODES.includes(value);
}

/** The message for an invalid `integers` option. */
const INTEGER_MODE_HINT = `"integers" must be one of ${INTEGER_MODES.map((mode) => `"${mode}"`).join(', ')}`;

/**
 * Replaces the rounded integers of a parsed value by their exact digits: a BigInt in
 * "bigint" mode, a string in "string" mode. `places` lists `[path, digits]`, where a path
 * is the member names and item indexes from the root.
 */
function restoreIntegers(value, places, mode) {
  for (const [path, digits] of places) {
    let parent = value;
    for (let index = 0; index < path.length - 1; index += 1) parent = parent[path[index]];
    // JSON.parse made every member an own data property, so this assignment never reaches
    // a setter, not even for a member named "__proto__".
    parent[path[path.length - 1]] = mode === 'bigint' ? BigInt(digits) : digits;
  }
  return value;
}

/**
 * Parses what the native addon returns for JSON text: the text itself, or `[text,
 * placesJson]` when it has integers beyond 2^53 - 1 and the mode requests their digits.
 */
function parseNative(result, mode) {
  if (typeof result === 'string') return JSON.parse(result);
  return restoreIntegers(JSON.parse(result[0]), JSON.parse(result[1]), mode);
}

module.exports = {
  INTEGER_MODES,
  INTEGER_CODES,
  INTEGER_MODE_HINT,
  isIntegerMode,
  restoreIntegers,
  parseNative,
};
