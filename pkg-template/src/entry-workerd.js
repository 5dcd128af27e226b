// Cloudflare Workers (workerd). Workers refuse to compile wasm from bytes at run time, so the
// .wasm is imported as a module (wrangler/esbuild hand us a WebAssembly.Module), instantiated
// on first use.
import wasmModule from './isometrik_token_bg.wasm';
import { provideWasm } from './load.js';

provideWasm(() => wasmModule);

export * from './api.js';
