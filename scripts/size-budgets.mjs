// Size budgets (bytes, deterministic; `make test` fails above them): a little above what each
// artifact weighs today, lowered whenever it shrinks. The goals they move toward:
// full .wasm ≤ 64 KB raw / 28 KB gzip; a decode-only browser app ≤ 20 KB gzip in total.
// Measured values live in the size report's output and bench/RESULTS.md, not here.
export const BUDGETS = {
  'full .wasm (dist/isometrik_token_bg.wasm)': { raw: 102400, gzip: 44544 },
  'decode .wasm (inside dist/decode.js)': { raw: 35840, gzip: 17920 },
  // The boundary by name (slots, builtins taken at load, nested calls refused, every field
  // wiped) weighs about 1 KB of wasm and 1.5 KB of JS in the decode bundle.
  'dist/decode.js': { raw: 60416, gzip: 28672 },
  // The Node build carries the full .wasm inline (base64), as web.js does: it must run wherever a
  // server bundler puts it, with no file beside it.
  'dist/node.mjs': { gzip: 71680 },
  'dist/node.cjs': { gzip: 71680 },
  'dist/web.js': { gzip: 71680 },
  'dist/workerd.js': { gzip: 11776 },
  'dist/edge-light.js': { gzip: 11776 },
};

/** Decode-only apps built with no config (tests/js/apps-bundlers.test.mjs): all JS + wasm. */
// The same boundary change as dist/decode.js above (about 0.3 KB gzip in a page); the half-size
// goal of the decode build is open work.
export const APP_BUDGETS = {
  vite: { gzip: 27136 },
  webpack: { gzip: 27136 },
};
