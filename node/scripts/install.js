#!/usr/bin/env node
'use strict';
// npm `install` script. When the native addon loads, it does nothing and needs no Rust.
// When it does not load (another platform or libc than the prebuilt addon's, or a missing
// addon), the script builds the addon from the Rust sources with cargo (build-native.js).
//
// ONLYOFFICE_JWT_BUILD_FROM_SOURCE=1 builds from source even when the prebuilt addon loads.

const { main } = require('./build-native');

const FORCE_VARIABLE = 'ONLYOFFICE_JWT_BUILD_FROM_SOURCE';

function buildForced() {
  const value = (process.env[FORCE_VARIABLE] ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/** Returns why the addon does not load, or undefined when it loads. */
function addonLoadFailure() {
  try {
    require('../lib/native');
    return undefined;
  } catch (err) {
    return err.message;
  }
}

if (buildForced()) {
  console.error(`onlyoffice-jwt: ${FORCE_VARIABLE} is set, so the addon is built from source.`);
  main('onlyoffice-jwt');
} else {
  const failure = addonLoadFailure();
  if (failure !== undefined) {
    console.error(`${failure}\nonlyoffice-jwt: building the addon from source with cargo.`);
    main('onlyoffice-jwt');
  }
}
