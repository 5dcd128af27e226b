// Command-line runner for Node, Deno and Bun: runs the token handler's contract and prints one
// line, `SERVER_CONTRACT {json}`, with the files `isometrik-token/server` and `isometrik-token`
// resolved to in this runtime.
import { runContract } from './contract.mjs';

const result = await runContract();
result.resolved = {};
for (const specifier of ['isometrik-token/server', 'isometrik-token']) {
  try {
    result.resolved[specifier] = String(import.meta.resolve(specifier));
  } catch (error) {
    result.resolved[specifier] = `unresolved: ${error}`;
  }
}
console.log(`SERVER_CONTRACT ${JSON.stringify(result)}`);
