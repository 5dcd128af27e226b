// Node and Bun (bundled to dist/node.cjs; dist/node.mjs re-exports it, so `import` and
// `require` share one instance and one IsometrikTokenError class). The .wasm beside this file
// is read and compiled on first use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provideWasm } from './boundary.js';

provideWasm(() => readFileSync(join(__dirname, 'isometrik_token_bg.wasm')));

export * from './api.js';
