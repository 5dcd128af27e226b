// Vercel Edge Functions and Next.js middleware (`edge-light`). The Edge Runtime refuses to
// compile wasm from bytes; a `.wasm?module` import is compiled by the platform at deploy time
// and arrives as a WebAssembly.Module, instantiated on first use.
import wasmModule from './isometrik_token_bg.wasm?module';
import { provideWasm } from './load.js';

provideWasm(() => wasmModule);

export * from './api.js';
