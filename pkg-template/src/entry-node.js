// Node and Bun (bundled to dist/node.cjs; dist/node.mjs re-exports it, so `import` and
// `require` share one instance and one IsometrikTokenError class). Synchronous: no top-level await.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSync } from './glue.js';

initSync({ module: readFileSync(join(__dirname, 'isometrik_token_bg.wasm')) });

export * from './api.js';
