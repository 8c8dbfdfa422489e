#!/usr/bin/env bash
# Checks the packed npm tarball (dist/onlyoffice-jwt-*.tgz, from `make pack`), run from the
# repository root by `make test-pack`:
#
# 1. Its contents: the Rust sources in native/ without target/ or tests, and a native/Cargo.lock
#    that locks the same crate versions as the repository's Cargo.lock.
# 2. Installed into an empty project, with a `cargo` on PATH that fails when run: the install
#    script keeps the prebuilt addon, both entry points work, and the full Node suite
#    (node/test/*.test.js) passes against the installed package.
# 3. Installed into another empty project with ONLYOFFICE_JWT_BUILD_FROM_SOURCE=1: cargo builds
#    the addon from native/ (34 to 110 s on a shared 2-core machine), and the full suite
#    passes against it with the prebuilt addon deleted.
# 4. The install script's errors when cargo, or the C linker, is missing.
#
# Each project copies node/test to node/test, tests/vectors to tests/vectors and
# examples/ds_standin.js to examples/, the layout the tests expect, and installs the tests'
# devDependencies. ONLYOFFICE_JWT_PACKAGE_DIR points the tests at the installed package.
set -euo pipefail

repository="$(pwd)"
tarball="$(ls -t "$repository"/dist/onlyoffice-jwt-*.tgz | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
checks=0

pass() {
  checks=$((checks + 1))
  echo "npm pack: $1"
}

fail() {
  echo "npm pack: FAILED: $1" >&2
  exit 1
}

# Prints name@range for each devDependency of node/package.json, one a line.
dev_dependencies() {
  node -e '
    const { devDependencies } = require(process.argv[1]);
    for (const [name, range] of Object.entries(devDependencies)) console.log(`${name}@${range}`);
  ' "$repository/node/package.json"
}

# Creates an empty project at $1/node beside copies of the tests, vectors and stand-in.
# The project allows the install script of onlyoffice-jwt, since npm may block dependency
# install scripts that allowScripts does not cover.
create_project() {
  local root="$1"
  mkdir -p "$root/node" "$root/tests" "$root/examples"
  cp -r "$repository/node/test" "$root/node/test"
  cp -r "$repository/tests/vectors" "$root/tests/vectors"
  cp "$repository/examples/ds_standin.js" "$root/examples/"
  cat >"$root/node/package.json" <<'EOF'
{
  "name": "onlyoffice-jwt-pack-check",
  "version": "0.0.0",
  "private": true,
  "allowScripts": { "onlyoffice-jwt": true }
}
EOF
}

# Runs the full Node suite in project $1 against the package installed there.
run_suite() {
  local project="$1/node"
  (cd "$project" && ONLYOFFICE_JWT_PACKAGE_DIR="$project/node_modules/onlyoffice-jwt" \
    node --test test/*.test.js) >"$1/suite.log" 2>&1 || {
    tail -n 60 "$1/suite.log" >&2
    fail "the Node suite failed against $project/node_modules/onlyoffice-jwt"
  }
  grep -E '^# (tests|pass|fail|skipped|todo)' "$1/suite.log" | tr '\n' ' '
  echo
  grep -q '^# fail 0$' "$1/suite.log" || fail "the Node suite reported failures"
}

# A folder for PATH with node only, and one whose cargo records that it ran and fails.
node_only_bin="$work/bin-node"
mkdir -p "$node_only_bin"
ln -s "$(command -v node)" "$node_only_bin/node"
failing_cargo_bin="$work/bin-failing-cargo"
mkdir -p "$failing_cargo_bin"
cat >"$failing_cargo_bin/cargo" <<EOF
#!/bin/sh
touch '$work/cargo-ran'
exit 1
EOF
chmod +x "$failing_cargo_bin/cargo"

mapfile -t dev_packages < <(dev_dependencies)

# 1. Contents.
listing="$(tar -tzf "$tarball")"
grep -qx 'package/native/Cargo.lock' <<<"$listing" || fail "native/Cargo.lock is not in the tarball"
grep -qx 'package/native/node/src/lib.rs' <<<"$listing" || fail "native/node/src is not in the tarball"
grep -qx 'package/native/core/src/lib.rs' <<<"$listing" || fail "native/core/src is not in the tarball"
if grep -E '/(target|tests|benches)/' <<<"$listing"; then fail "build output or tests in the tarball"; fi
locked_versions() { awk '/^name = /{ name = $3 } /^version = /{ print name, $3 }' | sort; }
extra="$(comm -23 <(tar -xOzf "$tarball" package/native/Cargo.lock | locked_versions) \
  <(locked_versions <"$repository/Cargo.lock"))"
[ -z "$extra" ] || fail "native/Cargo.lock locks versions that Cargo.lock does not: $extra"
pass "tarball $(basename "$tarball"), $(stat -c %s "$tarball") bytes, has the Rust sources and a matching lock file"

# 2. The prebuilt addon.
prebuilt="$work/prebuilt"
create_project "$prebuilt"
(cd "$prebuilt/node" && PATH="$failing_cargo_bin:$PATH" \
  npm install --no-audit --no-fund --loglevel=error "$tarball" "${dev_packages[@]}")
package="$prebuilt/node/node_modules/onlyoffice-jwt"
[ ! -e "$work/cargo-ran" ] || fail "installing with a loadable prebuilt addon ran cargo"
[ ! -e "$package/build" ] || fail "installing with a loadable prebuilt addon created build/"
pass "install kept the prebuilt addon and did not run cargo"

(cd "$prebuilt/node" && node -e '
const assert = require("node:assert");
const jwt = require("onlyoffice-jwt");
const token = jwt.sign({ key: "k1", status: 2 }, "secret", { noTimestamp: true });
assert.deepStrictEqual(jwt.verify(token, "secret"), { key: "k1", status: 2 });
const ds = new jwt.DocumentServer({ secret: "secret" });
const config = ds.signConfig({ document: { key: "k1", url: "https://h/f", permissions: {} } });
assert.strictEqual(typeof config.token, "string");
' && node --input-type=module -e '
import assert from "node:assert";
import { sign, verify } from "onlyoffice-jwt";
assert.deepStrictEqual(verify(sign({ a: 1 }, "s", { noTimestamp: true }), "s"), { a: 1 });
')
pass "require and import work"

run_suite "$prebuilt"
pass "full Node suite passed against the installed package"

# 4a. No cargo: the install script names it, and leaves the package as it was.
if output="$(cd "$package" && PATH="$node_only_bin" ONLYOFFICE_JWT_BUILD_FROM_SOURCE=1 \
  node scripts/install.js 2>&1)"; then
  fail "a forced build without cargo succeeded"
fi
grep -q 'cargo was not found on PATH' <<<"$output" || fail "no message about cargo: $output"
[ ! -e "$package/build" ] || fail "a failed build created build/"
pass "a forced build without cargo fails with: $(grep -o 'cargo was not found on PATH[^.]*' <<<"$output")"

# 3. A forced source build, with cargo's target folder at its default, native/target.
source_build="$work/source-build"
create_project "$source_build"
started=$SECONDS
(cd "$source_build/node" && env -u CARGO_TARGET_DIR ONLYOFFICE_JWT_BUILD_FROM_SOURCE=1 \
  npm install --no-audit --no-fund --loglevel=error "$tarball" "${dev_packages[@]}")
package="$source_build/node/node_modules/onlyoffice-jwt"
[ -f "$package/build/onlyoffice-jwt.node" ] || fail "the forced build wrote no build/onlyoffice-jwt.node"
[ ! -e "$package/native/target" ] || fail "the forced build left native/target behind"
pass "forced source build and install took $((SECONDS - started)) s"

rm "$package/onlyoffice-jwt.linux-x64-gnu.node"
(cd "$source_build/node" && node -e '
const assert = require("node:assert");
const jwt = require("onlyoffice-jwt");
const addons = Object.keys(require.cache).filter((file) => file.endsWith(".node"));
assert.deepStrictEqual(addons, [require.resolve("onlyoffice-jwt/package.json").replace(/package\.json$/, "build/onlyoffice-jwt.node")]);
assert.strictEqual(jwt.verify(jwt.sign({ a: 1 }, "s"), "s").a, 1);
')
run_suite "$source_build"
pass "full Node suite passed against the addon built from source"

# 4b. cargo without a C linker, when the linker is not in cargo's folder.
cargo_dir="$(dirname "$(command -v cargo)")"
if [ -x "$cargo_dir/cc" ]; then
  pass "SKIPPED the missing-linker check: cc is in cargo's folder $cargo_dir"
else
  if output="$(cd "$package" && PATH="$node_only_bin:$cargo_dir" CARGO_TARGET_DIR="$work/no-linker" \
    ONLYOFFICE_JWT_BUILD_FROM_SOURCE=1 node scripts/install.js 2>&1)"; then
    fail "a forced build without a C linker succeeded"
  fi
  grep -q 'the C compiler and linker `cc` was not found' <<<"$output" ||
    fail "no message about the C linker: $(tail -n 5 <<<"$output")"
  [ -d "$work/no-linker" ] || fail "the build did not use CARGO_TARGET_DIR"
  pass "a forced build without a C linker fails with: the C compiler and linker \`cc\` was not found"
fi

echo "npm pack: $checks passed, 0 failed"
