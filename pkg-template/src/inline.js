// The wasm carried inside the JS (base64), for runtimes and bundlers that must not fetch, read
// or import a .wasm asset. Decoded and compiled on first use, never at import; once compiled,
// never decoded again (load.js keeps the module).
import { provideWasm } from './load.js';
import { wasmBase64 } from './wasm-inline.js';

function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  // Node and Bun: native (read as a property, so no bundler injects a Buffer polyfill).
  const NodeBuffer = globalThis.Buffer;
  if (typeof NodeBuffer === 'function') return NodeBuffer.from(text, 'base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

provideWasm(() => fromBase64(wasmBase64));
