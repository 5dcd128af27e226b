// Cold start: fresh processes that import the package and make one token (createToken), against
// fresh processes that import jose and make one token (SignJWT), interleaved, `runs` each; and an
// empty process as the baseline. Reports medians of: import + first token (measured in the
// child), time from process start to the first token (the child's performance.now(), whose origin
// is the process start), and the whole process's wall time (spawn to exit, measured here).
//
//   node bench/coldstart.mjs [--runs 30] [--bun-runs 15] [--json out.json] [--baseline PKG_DIR]
//
// --baseline adds another build of the package (e.g. a copy of pkg/ from before a change) as a
// fourth subject, interleaved with the others in the same run.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, textTable } from './format.mjs';
import { BIN, PKG_DIR, ROOT } from './paths.mjs';
import { parseArgs, resultLine, runOk } from './proc.mjs';

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 30);
const BUN_RUNS = Number(args['bun-runs'] ?? 15);
const dir = path.join(import.meta.dirname, 'coldstart');
const url = (p) => pathToFileURL(p).href;
const oursUrl = url(path.join(PKG_DIR, 'dist/node.mjs')); // what Node and Bun resolve
const joseUrl = url(path.join(ROOT, 'node_modules/jose/dist/webapi/index.js'));

const subjects = [
  { id: 'ours', label: 'isometrik-token (import + createToken)', script: 'ours.mjs', arg: oursUrl },
  { id: 'jose', label: 'jose (import + SignJWT.sign)', script: 'jose.mjs', arg: joseUrl },
  { id: 'empty', label: 'empty process (baseline)', script: 'empty.mjs', arg: '' },
];
if (args.baseline) {
  const arg = url(path.resolve(args.baseline, 'dist/node.mjs'));
  subjects.splice(1, 0, { id: 'before', label: `isometrik-token from ${args.baseline}`, script: 'ours.mjs', arg });
}

async function measureRuntime(runtime, command, runs) {
  const samples = new Map(subjects.map((s) => [s.id, []]));
  // Warm the OS file cache once per subject (not counted).
  for (const s of subjects) await runOk(command, [path.join(dir, s.script), s.arg]);
  for (let r = 0; r < runs; r++) {
    for (const s of r % 2 ? [...subjects].reverse() : subjects) {
      const { stdout, ms } = await runOk(command, [path.join(dir, s.script), s.arg]);
      samples.get(s.id).push({ ...resultLine(stdout, 'COLD '), wallMs: ms });
    }
  }
  return subjects.map((s) => {
    const xs = samples.get(s.id);
    return {
      runtime,
      id: s.id,
      label: s.label,
      runs: xs.length,
      importAndFirstMs: median(xs.map((x) => x.importAndFirstMs)),
      sinceStartMs: median(xs.map((x) => x.sinceStartMs)),
      wallMs: median(xs.map((x) => x.wallMs)),
      samples: xs,
    };
  });
}

const results = [...(await measureRuntime(`node ${process.version}`, process.execPath, RUNS))];
if (BUN_RUNS > 0) results.push(...(await measureRuntime('bun', BIN('bun'), BUN_RUNS)));

const f = (ms) => ms.toFixed(1);
console.log(
  textTable(
    ['runtime', 'subject', 'runs', 'import + first token (ms)', 'process start → token (ms)', 'process wall (ms)'],
    results.map((r) => [
      r.runtime,
      r.label,
      r.runs,
      r.id === 'empty' ? '—' : f(r.importAndFirstMs),
      f(r.sinceStartMs),
      f(r.wallMs),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r'],
  ),
);
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ kind: 'coldstart', results }, null, 2));
