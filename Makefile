# The README's two commands: `make demo` (build the package, start the demo) and `make test`
# (every test). Both run the bootstrap first, so they work on a fresh machine.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
FUZZ_SECONDS ?= 30

.PHONY: all bootstrap pkg demo test lint test-rust test-wasm test-js size fuzz fuzz-smoke bench clean

all: pkg

bootstrap:
	@bash scripts/bootstrap

# The publishable npm package, assembled in pkg/ from the wasm build and pkg-template/.
pkg: bootstrap
	@bash scripts/build-pkg

demo: pkg
	@node www-example/server.mjs

test: bootstrap lint test-rust test-wasm pkg size test-js fuzz-smoke

lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --quiet
	@! cargo tree -e normal --target wasm32-unknown-unknown | grep -E '\b(ring|openssl|getrandom|aws-lc)' \
	  || { echo "forbidden dependency in the wasm tree"; exit 1; }

test-rust:
	cargo test

# wasm-bindgen-test suites (tests/node.rs, tests/browser.rs) in Node and headless Chromium.
test-wasm:
	wasm-pack test --node -- --test node
	wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test browser

# Every tests/js/*.test.mjs against the packed package (node's test runner).
test-js: pkg
	node --test --test-concurrency=1 tests/js/

size: pkg
	@node scripts/size-report.mjs --check

fuzz:
	@bash scripts/fuzz $(FUZZ_SECONDS)

fuzz-smoke:
	@bash scripts/fuzz 30

bench: pkg
	node bench/run.mjs

clean:
	rm -rf target pkg fuzz/target .artifacts
