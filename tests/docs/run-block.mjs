// Runs one documentation block (a file written by tests/docs/run.mjs) the way a user would:
// `node run-block.mjs FILE`. An ES module is imported, a `.cjs` file required. A block that
// exports a Worker-style handler (`export default { fetch }`) is then called once with the
// request the README's endpoints expect and the environment as `env`, and must answer 2xx.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const file = path.resolve(process.argv[2]);
const mod = file.endsWith('.cjs') ? createRequire(file)(file) : await import(pathToFileURL(file).href);
const handler = mod?.default;
if (typeof handler?.fetch === 'function') {
  const request = new Request('http://127.0.0.1/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roomName: 'daily-standup', participantName: 'alice' }),
  });
  const response = await handler.fetch(request, { ...process.env });
  const body = await response.text();
  if (!response.ok) throw new Error(`the block's fetch handler answered ${response.status}: ${body}`);
  console.log(`[run-block] fetch handler: ${response.status} ${body.slice(0, 40)}…`);
}
