// Ours vs jose in Deno, Bun and workerd (plus Node with the same loop, to cross-check the loop
// against the mitata numbers). Each runtime gets the bundle its package.json conditions choose:
// Deno dist/web.js, Bun dist/node.mjs, workerd dist/workerd.js, Node dist/node.mjs; jose is
// always its one webapi build from node_modules. No network.
//
//   node bench/runtimes/run.mjs [--rounds 2] [--only deno,bun,workerd,node] [--json out.json]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmtOps, fmtUs, fmtX, textTable } from '../format.mjs';
import { BIN, PKG_DIR, ROOT } from '../paths.mjs';
import { parseArgs, resultLine, runOk } from '../proc.mjs';
import { benchWorkerd } from './workerd.mjs';

const args = parseArgs(process.argv.slice(2));
const rounds = String(args.rounds ?? 2);
const only = new Set(String(args.only ?? 'node,deno,bun,workerd').split(','));
const entry = path.join(import.meta.dirname, 'cli-entry.mjs');
const url = (p) => pathToFileURL(p).href;
const jose = url(path.join(ROOT, 'node_modules/jose/dist/webapi/index.js'));

const runtimes = [];
if (only.has('node')) {
  const r = await runOk(process.execPath, [entry, url(path.join(PKG_DIR, 'dist/node.mjs')), jose, rounds]);
  runtimes.push({ key: 'node', ...resultLine(r.stdout) });
}
if (only.has('deno')) {
  const denoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-deno-'));
  try {
    const r = await runOk(
      BIN('deno'),
      [
        'run',
        '--no-remote',
        '--cached-only',
        '--no-lock',
        '--no-prompt',
        '--no-config',
        `--allow-read=${ROOT},${PKG_DIR}`,
        entry,
        url(path.join(PKG_DIR, 'dist/web.js')),
        jose,
        rounds,
      ],
      { env: { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1' } },
    );
    runtimes.push({ key: 'deno', ...resultLine(r.stdout) });
  } finally {
    fs.rmSync(denoDir, { recursive: true, force: true });
  }
}
if (only.has('bun')) {
  const r = await runOk(BIN('bun'), [entry, url(path.join(PKG_DIR, 'dist/node.mjs')), jose, rounds]);
  runtimes.push({ key: 'bun', ...resultLine(r.stdout) });
}
if (only.has('workerd')) {
  runtimes.push({ key: 'workerd', ...(await benchWorkerd({ rounds: Number(rounds) })) });
}

const rows = [];
for (const rt of runtimes) {
  for (const op of ['sign', 'verify']) {
    const jose = rt.results.find((r) => r.op === op && r.lib === 'jose');
    for (const r of rt.results.filter((x) => x.op === op)) {
      rows.push([
        rt.key,
        op,
        r.label,
        fmtOps(r.opsPerSec),
        fmtUs(r.opsPerSec),
        r === jose ? '—' : fmtX(r.opsPerSec / jose.opsPerSec),
      ]);
    }
  }
}
console.log(
  textTable(['runtime', 'op', 'implementation', 'ops/s', 'µs/op', '÷ jose'], rows, ['l', 'l', 'l', 'r', 'r', 'r']),
);
for (const rt of runtimes) console.log(`${rt.key}: ${rt.runtime}; ${rt.method}`);
const workerd = runtimes.find((r) => r.key === 'workerd');
if (workerd) {
  console.log(
    `workerd clock probe: performance.now() advanced ${workerd.probe.perfDelta} ms and Date.now() ${workerd.probe.dateDelta} ms across 5,000 signs inside one request`,
  );
}
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ kind: 'runtimes', runtimes }, null, 2));
