# Entry points of the project. CI runs `make test` through .ci/run.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
NODE_ADDON := node/onlyoffice-jwt.linux-x64-gnu.node
CARGO_PROFILE := release

.PHONY: fuzz-tool help venv wheel python sdist test-sdist node pack examples demo test test-rust test-python test-node test-pack test-demo fuzz fuzz-smoke lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s "$$(printf '\t')"

$(VENV)/.installed: python/requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r python/requirements-dev.txt
	touch $@

venv: $(VENV)/.installed ## Create .venv with maturin, pytest and the peer libraries

# Two abi3 wheels: cp310-abi3, which pip prefers on 3.10 and later, and cp39-abi3 for 3.9.
wheel: venv ## Build the abi3 wheels (CPython 3.10+ and 3.9) into dist/
	rm -f dist/onlyoffice_jwt-*.whl
	$(VENV)/bin/maturin build --quiet --release -m python/Cargo.toml -o dist
	$(VENV)/bin/maturin build --quiet --release -m python/Cargo.toml --features abi3-py39 -o dist

sdist: venv ## Build the Python source distribution into dist/
	rm -f dist/onlyoffice_jwt-*.tar.gz
	cd python && ../$(VENV)/bin/maturin sdist -o ../dist

# Builds a wheel from the sdist in a clean folder, as pip does for users without a wheel.
test-sdist: sdist ## Check that the Python sdist builds into a wheel
	rm -rf dist/sdist-check
	$(VPY) -m pip wheel --quiet --no-deps -w dist/sdist-check dist/onlyoffice_jwt-*.tar.gz
	ls dist/sdist-check/onlyoffice_jwt-*.whl

python: wheel ## Install the best wheel for .venv's Python into .venv
	$(VPY) -m pip install --quiet --force-reinstall --no-deps --no-index --find-links dist onlyoffice-jwt

# The copy gets a fresh inode, so that a running process keeps its mapped copy of the old addon.
node: ## Build the Node addon and install the Node test dependencies
	cargo build --quiet --$(CARGO_PROFILE) -p onlyoffice-jwt-node
	cp --remove-destination target/$(CARGO_PROFILE)/libonlyoffice_jwt_node.so $(NODE_ADDON)
	cd node && npm install --no-audit --no-fund --loglevel=error

pack: node ## Pack the npm package, with the prebuilt addon, into dist/
	mkdir -p dist
	cd node && npm pack --silent --pack-destination ../dist

examples: node ## Install the dependencies of the examples
	cd examples && npm install --no-audit --no-fund --loglevel=error

demo: python node examples ## Run a Python host and a Node host against a Document Server stand-in
	DEMO_PYTHON=$(abspath $(VPY)) node examples/demo.js

test-rust: ## Run the core crate's tests and check its docs build without warnings
	cargo test -p onlyoffice-jwt --all-features
	RUSTDOCFLAGS="-D warnings" cargo doc --quiet -p onlyoffice-jwt --no-deps --all-features

ABI39_DIR := dist/abi39-site

test-python: python examples ## Run the Python suite against the installed wheel, and the vectors against the 3.9 wheel
	$(VPY) -m pytest python/tests
	rm -rf $(ABI39_DIR)
	$(VPY) -m pip install --quiet --no-deps --target $(ABI39_DIR) dist/onlyoffice_jwt-*-cp39-abi3-*.whl
	PYTHONPATH=$(ABI39_DIR) $(VPY) -c "import onlyoffice_jwt._native as n, sys; assert '$(ABI39_DIR)' in n.__file__, n.__file__"
	PYTHONPATH=$(ABI39_DIR) $(VPY) -m pytest -q -p no:cacheprovider python/tests/test_vectors.py python/tests/test_document_server.py

test-node: node ## Run the Node suite
	cd node && node --test test/*.test.js

test-pack: pack ## Install the npm tarball into empty projects: the Node suite on the prebuilt addon and on a source build
	bash tests/packaging/npm_pack.sh

test-demo: python node examples ## Run the demo as a test
	DEMO_PYTHON=$(abspath $(VPY)) node --test examples/test/

FUZZ_TARGETS := verify_token parse_json find_header verify_callback
FUZZ_SECONDS ?= 60
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the stable toolchain accept them.
FUZZ_ENV := RUSTC_BOOTSTRAP=1

fuzz-tool:
	@command -v cargo-fuzz >/dev/null || cargo install --quiet --locked cargo-fuzz@0.13.2

fuzz: fuzz-tool ## Run each fuzz target for FUZZ_SECONDS (default 60)
	python3 fuzz/seed_corpus.py
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		$(FUZZ_ENV) cargo fuzz run -O $$target -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 || exit 1; \
	done

fuzz-smoke: ## Run each fuzz target for 10 seconds
	$(MAKE) fuzz FUZZ_SECONDS=10

test: lint test-rust fuzz-smoke test-python test-sdist test-node test-pack test-demo ## Build everything and run every suite

lint: ## Check formatting and lints
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

clean: ## Remove build output
	cargo clean
	rm -rf $(VENV) dist node/node_modules node/native node/build examples/node_modules $(NODE_ADDON)

.PHONY: bench
bench: wheel node ## Measure against the peer libraries (5 to 10 minutes); writes bench/RESULTS.md
	PYTHON=$(PYTHON) bash bench/run.sh

# The Node half runs node/scripts/soak.js when that script exists, and is skipped otherwise.
.PHONY: soak
soak: python ## Sign and verify a million times in Python, then Node, and check memory stays bounded
	$(VPY) python/soak.py
	@if [ -f node/scripts/soak.js ]; then \
		$(MAKE) --no-print-directory node && node --expose-gc node/scripts/soak.js; \
	else \
		echo "soak: node/scripts/soak.js not found, so the Node soak is skipped"; \
	fi
