// Size budgets (bytes, deterministic; `make test` fails above them): a little above what each
// artifact weighs today, lowered whenever it shrinks. The goals they move toward (issue 11):
// full .wasm ≤ 64 KB raw / 28 KB gzip; a decode-only browser app ≤ 20 KB gzip in total.
// Measured values live in the size report's output and bench/RESULTS.md, not here.
export const BUDGETS = {
  'full .wasm (dist/isometrik_token_bg.wasm)': { raw: 129024, gzip: 54272 },
  'decode .wasm (inside dist/decode.js)': { raw: 65536, gzip: 30720 },
  'dist/decode.js': { gzip: 40960 },
};

/** Decode-only apps built with no config (tests/js/apps-bundlers.test.mjs): all JS + wasm. */
export const APP_BUDGETS = {
  vite: { gzip: 40960 },
  webpack: { gzip: 40960 },
};
