// Command-line runner for Node (ESM), Deno and Bun: runs the conformance script and prints one
// line, `CONFORMANCE {json}`, with the file the package resolved to in this runtime.
import { runConformance } from './conformance.mjs';

const result = runConformance();
try {
  result.resolved = String(import.meta.resolve('isometrik-token'));
} catch (err) {
  result.resolved = `unresolved: ${err}`;
}
console.log(`CONFORMANCE ${JSON.stringify(result)}`);
