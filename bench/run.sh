#!/usr/bin/env bash
# Runs the benchmarks of `make bench`: installs the pinned peers, measures Python, Node and
# Rust one after another (never two at once), then writes bench/RESULTS.md and
# bench/ratios.png. Expects the wheel in dist/ and the Node addon in node/, which the
# Makefile builds first.
#
# Environment: PYTHON (interpreter for the peers' venv, default python3), BENCH_ROUNDS
# (measured rounds per language, default 21), BENCH_BATCH_MS (length of one timed batch in
# milliseconds, default 40), BENCH_RUST_PASSES (Criterion passes, default 5) and
# BENCH_CRITERION_ARGS (extra Criterion arguments, such as "--measurement-time 0.5").
set -euo pipefail

cd "$(dirname "$0")/.."
bench=bench
venv=$bench/.peers/venv
results=$bench/results
rounds=${BENCH_ROUNDS:-21}
batch_ms=${BENCH_BATCH_MS:-40}
passes=${BENCH_RUST_PASSES:-5}
python=${PYTHON:-python3}

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

step "Python peers"
if [[ ! -f $venv/.installed || $bench/requirements.txt -nt $venv/.installed ]]; then
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -r "$bench/requirements.txt"
    touch "$venv/.installed"
fi
wheel=$(ls dist/onlyoffice_jwt-*-cp310-abi3-*.whl | head -n 1)
"$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps "$wheel"

step "Node peers"
if [[ ! -f $bench/node/node_modules/.installed || $bench/node/package-lock.json -nt $bench/node/node_modules/.installed ]]; then
    # NOTE: `npm ci` rejects this lock file here ("Missing: @node-rs/jsonwebtoken-android-arm-eabi
    # from lock file"), so the exact versions of package.json are installed with `npm install`.
    (cd "$bench/node" && npm install --no-audit --no-fund --loglevel=error)
    touch "$bench/node/node_modules/.installed"
fi

mkdir -p "$results"
step "Python: $rounds rounds"
"$venv/bin/python" "$bench/python/bench.py" --workloads "$bench/workloads" \
    --output "$results/python.json" --rounds "$rounds" --batch-ms "$batch_ms"

step "Node: $rounds rounds"
node "$bench/node/bench.js" --workloads "$bench/workloads" \
    --output "$results/node.json" --rounds "$rounds" --batch-ms "$batch_ms"

step "Rust: $passes Criterion passes"
target_dir=$(cargo metadata --format-version 1 --no-deps |
    "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
# Criterion keeps earlier runs; remove them so that the page shows this run only.
rm -rf "$target_dir/criterion/sign" "$target_dir/criterion/verify" "$target_dir/criterion/document_server"
# Criterion measures one benchmark after another, so a busy moment of the machine would hit the
# core and its floor unequally. Several short passes, each saved as its own baseline, are
# paired like the rounds of the Python and Node measurements.
log=$bench/.peers/criterion.log
for pass in $(seq 1 "$passes"); do
    # shellcheck disable=SC2086 # BENCH_CRITERION_ARGS is a list of arguments.
    if ! cargo bench --quiet -p onlyoffice-jwt --bench jws -- --noplot --save-baseline "pass$pass" \
        ${BENCH_CRITERION_ARGS:-} > "$log" 2>&1; then
        tail -n 40 "$log"
        echo "Criterion pass $pass failed; the whole output is in $log" >&2
        exit 1
    fi
    echo "Criterion pass $pass of $passes done"
done

step "Report"
"$venv/bin/python" "$bench/report.py" --results "$results" --workloads "$bench/workloads" \
    --criterion "$target_dir/criterion" --rust-passes "$passes" --output "$bench/RESULTS.md" --chart "$bench/ratios.png"
echo "Wrote $bench/RESULTS.md and $bench/ratios.png"
