// Where parseDuration's rules (src/duration.rs) run in the browser build: a module of their own
// (cargo feature `durations`), inline as hex like the decode module, compiled on the first
// parseDuration. Only parseDuration reaches this file, so a bundler drops it (the hex included)
// from a page that never parses a duration. scripts/assemble-pkg.mjs puts this file in the
// place of durations.js in the browser build's stage.
import { fromHex } from './inline-hex.js';
import { loader } from './load.js';
import { initSync, raw_error, raw_input_buffer } from './glue-durations.js';
import { wasmHex } from './wasm-inline-durations.js';

export { raw_parse_duration as rawParseDuration } from './glue-durations.js';

/** @type {import('./boundary.js').Target | undefined} */
let target;

/**
 * parseDuration's module, made on first use (a function, not a constant made at import: a
 * bundler keeps whatever runs at import, and that would keep the hex).
 */
export function durations() {
  target ??= {
    ready: loader(initSync, () => () => fromHex(wasmHex)),
    inputBuffer: raw_input_buffer,
    error: raw_error,
  };
  return target;
}
