'use strict';
// Time spans as jsonwebtoken 9.0.2 reads them: seconds as a number, or an `ms` string.

const ms = require('ms');

/**
 * Returns `iat` (or the current time) plus `time`, in seconds, or `undefined` when `time`
 * is neither a number nor a string `ms` can read. Strings are rounded down to whole seconds.
 */
function timespan(time, iat) {
  const timestamp = iat || Math.floor(Date.now() / 1000);

  if (typeof time === 'string') {
    const milliseconds = ms(time);
    if (typeof milliseconds === 'undefined') return undefined;
    return Math.floor(timestamp + milliseconds / 1000);
  }
  if (typeof time === 'number') return timestamp + time;
  return undefined;
}

module.exports = { timespan };
