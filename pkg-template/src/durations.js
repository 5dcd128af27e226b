// Where parseDuration's rules (src/duration.rs) run: in the full builds, the package's one wasm
// module (Input's and coreError's default target). The browser build has its own module for
// them instead (durations-browser.js, which scripts/assemble-pkg.mjs puts in this file's place).
export { raw_parse_duration as rawParseDuration } from './glue.js';

/** @returns {import('./boundary.js').Target | undefined} the package's module (the default) */
export function durations() {
  return undefined;
}
