// Deno, `isometrik-token/full` in browsers, and the `default` condition: the full build with
// its wasm inline (no bundler plugin, no fetch, no top-level await, no asset to copy).
import './inline.js';

export * from './api.js';
