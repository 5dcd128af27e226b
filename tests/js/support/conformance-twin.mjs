// The conformance script's CommonJS twin, shared by the runtime tests.

/**
 * The CommonJS twin of the conformance script (`source`: conformance.mjs): the same checks,
 * loaded with `require`. One derivation for every runtime test (runtimes.test.mjs under the
 * machine's Node, apps-node-versions.test.mjs under Node 18–26), so each runs the same checks.
 */
export function conformanceCjsTwin(source) {
  const importLine = "import * as api from 'isometrik-token';";
  if (source.split(importLine).length !== 2)
    throw new Error('conformance.mjs must have exactly one `import * as api` line');
  const exported = [...source.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]);
  if (!exported.includes('runConformance')) throw new Error('conformance.mjs must export runConformance');
  const body = source
    .replace(importLine, "const api = require('isometrik-token');")
    .replace(/^export function /gm, 'function ');
  if (/^\s*(import|export)\s/m.test(body)) throw new Error('conformance.mjs has another import/export statement');
  return `'use strict';\n// Generated from conformance.mjs by tests/js/support/conformance-twin.mjs.\n${body}\nmodule.exports = { ${exported.join(', ')} };\n`;
}
