// Entry for Deno, Bun (and Node, to cross-check the loop against mitata): times ours vs jose and
// prints one `RESULT {json}` line. Arguments: the package bundle's URL and jose's URL (so that
// each runtime gets the build its package.json conditions would choose, resolved locally; no
// network). Run by bench/runtimes/run.mjs.
import { makeCases, runtimeName, timeAll } from './cases.mjs';

const argv = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [oursUrl, joseUrl, rounds = '2'] = argv;
const ours = await import(oursUrl);
const jose = await import(joseUrl);
const cases = await makeCases(ours, jose);
const results = await timeAll(cases, { rounds: Number(rounds) });
console.log(`RESULT ${JSON.stringify({ runtime: runtimeName(), method: 'in-process performance.now()', results })}`);
