// Size budgets (bytes, deterministic; `make test` fails above them): a little above what each
// artifact weighs today, lowered whenever it shrinks. The goals they move toward:
// full .wasm ≤ 64 KB raw / 28 KB gzip; a decode-only browser app ≤ 12 KB gzip in total.
// Measured values live in the size report's output and bench/RESULTS.md, not here.
export const BUDGETS = {
  'full .wasm (dist/isometrik_token_bg.wasm)': { raw: 102400, gzip: 44544 },
  'decode .wasm (inside dist/decode.js)': { raw: 23552, gzip: 12288 },
  // parseDuration's module: a bundler leaves it out of a page that never parses a duration.
  'durations .wasm (inside dist/decode.js)': { raw: 14336, gzip: 7680 },
  // Both modules ride inline as hex (scripts/inline-wasm.mjs): twice their bytes raw, but gzip,
  // which is what a page downloads, within ~7% of the binary's.
  'dist/decode.js': { raw: 88064, gzip: 26624 },
  // The Node build carries the full .wasm inline (base64), as web.js does: it must run wherever a
  // server bundler puts it, with no file beside it.
  'dist/node.mjs': { gzip: 71680 },
  'dist/node.cjs': { gzip: 71680 },
  'dist/web.js': { gzip: 71680 },
  'dist/workerd.js': { gzip: 12032 },
  'dist/edge-light.js': { gzip: 12032 },
};

/** Decode-only apps built with no config (tests/js/apps-bundlers.test.mjs): all JS + wasm. */
// What keeps them above the 12 KB goal: bench/BUILD.md (the decode-only build).
export const APP_BUDGETS = {
  vite: { gzip: 18944 },
  webpack: { gzip: 18944 },
};
