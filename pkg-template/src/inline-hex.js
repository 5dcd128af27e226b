// The decode-only wasm carried inside the JS as hex (written by scripts/assemble-pkg.mjs, which
// says why hex: scripts/inline-wasm.mjs), for pages and bundlers that must not fetch or import a
// .wasm asset. Turned into bytes and compiled on first use, never at import; once compiled, never
// again (load.js keeps the module).
import { provideWasm } from './load.js';
import { wasmHex } from './wasm-inline.js';

/** The bytes of a hex text (an inline .wasm). */
export function fromHex(hex) {
  // Browsers (Chromium 140, Firefox 133, Safari 18.2 on): native.
  if (typeof Uint8Array.fromHex === 'function') return Uint8Array.fromHex(hex);
  // Node and Bun: native (read as a property, so no bundler injects a Buffer polyfill).
  const NodeBuffer = globalThis.Buffer;
  if (typeof NodeBuffer === 'function') return NodeBuffer.from(hex, 'hex');
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

provideWasm(() => fromHex(wasmHex));
