#!/usr/bin/env bash
# Installs the packed npm tarball into an empty project and uses both entry points.
set -euo pipefail
tarball="$(ls -t "$(pwd)"/dist/onlyoffice-jwt-*.tgz | head -n 1)"
project="$(mktemp -d)"
trap 'rm -rf "$project"' EXIT
cd "$project"
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$tarball"
node -e '
const assert = require("node:assert");
const jwt = require("onlyoffice-jwt");
const token = jwt.sign({ key: "k1", status: 2 }, "secret", { noTimestamp: true });
assert.deepStrictEqual(jwt.verify(token, "secret"), { key: "k1", status: 2 });
const ds = new jwt.DocumentServer({ secret: "secret" });
const config = ds.signConfig({ document: { key: "k1", url: "https://h/f", permissions: {} } });
assert.strictEqual(typeof config.token, "string");
'
node --input-type=module -e '
import assert from "node:assert";
import { sign, verify } from "onlyoffice-jwt";
assert.deepStrictEqual(verify(sign({ a: 1 }, "s", { noTimestamp: true }), "s"), { a: 1 });
'
echo "npm pack: 1 passed, 0 failed"
