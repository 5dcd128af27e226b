// Browsers, Deno and anything else: the wasm travels inline (base64) and is compiled
// synchronously, so no bundler plugin, no fetch, no top-level await and no asset to copy.
import { initSync } from './glue.js';
import { wasmBase64 } from './wasm-inline.js';

function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

initSync({ module: fromBase64(wasmBase64) });

export * from './api.js';
