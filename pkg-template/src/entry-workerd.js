// Cloudflare Workers (workerd). Workers refuse to compile wasm from bytes at run time, so the
// .wasm is imported as a module (wrangler/esbuild hand us a WebAssembly.Module) and
// instantiated synchronously.
import wasmModule from './isometrik_token_bg.wasm';
import { initSync } from './glue.js';

initSync({ module: wasmModule });

export * from './api.js';
