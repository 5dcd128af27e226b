// workerd: bundles bench/runtimes/worker.mjs with esbuild the way wrangler does (conditions
// workerd/worker/browser; our dist/workerd.js with its .wasm imported as a module; jose's
// browser build), runs it in Miniflare and times each case FROM OUTSIDE: a request that runs the
// case n times, minus the median cost of an empty request (n = 0), because the Worker's clocks
// do not advance during a request (checked and reported by /probe).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from '../format.mjs';
import { PKG_DIR, ROOT } from '../paths.mjs';
import { bundleWorker, startMiniflare, stopMiniflare } from '../../tests/js/support/workerd.mjs';

/** Runs the workerd benchmark; resolves to { runtime, method, probe, results }. */
export async function benchWorkerd({ rounds = 2, requests = 7, minRequestMs = 120 } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-workerd-'));
  try {
    const worker = await bundleWorker({
      absWorkingDir: ROOT,
      entry: path.join(import.meta.dirname, 'worker.mjs'),
      outdir: out,
      plugins: [
        {
          name: 'package-under-test',
          setup(b) {
            b.onResolve({ filter: /^isometrik-token$/ }, () => ({ path: path.join(PKG_DIR, 'dist/workerd.js') }));
          },
        },
      ],
    });
    const { inputs } = worker;
    if (!inputs.some((i) => i.endsWith('dist/workerd.js')))
      throw new Error(`the Worker did not bundle dist/workerd.js: ${inputs}`);
    if (!inputs.some((i) => i.includes('jose/dist/webapi')))
      throw new Error(`the Worker did not bundle jose's webapi build: ${inputs}`);
    const mf = await startMiniflare(worker, { compatibilityDate: '2025-01-01', host: '127.0.0.1', port: 0 });
    try {
      const get = async (p) => {
        const res = await mf.dispatchFetch(`http://bench${p}`);
        const body = await res.json();
        if (res.status !== 200) throw new Error(`${p}: ${res.status} ${body.error}`);
        return body;
      };
      const probe = await get('/probe');
      const cases = await get('/cases');
      /** Wall time of one /run request, ms. */
      const timed = async (id, n) => {
        const t0 = performance.now();
        const body = await get(`/run?id=${id}&n=${n}`);
        return { ms: performance.now() - t0, inside: body.perfDelta };
      };
      const emptyMs = async () => {
        const xs = [];
        for (let k = 0; k < 9; k++) xs.push((await timed(cases[0].id, 0)).ms);
        return median(xs);
      };
      for (let k = 0; k < 20; k++) await timed(cases[0].id, 0); // warm the connection
      // Warm every case (wasm tier-up, JIT) before anything is timed: two passes of ~150 ms each.
      for (let pass = 0; pass < 2; pass++) {
        for (const c of cases) {
          let n = 64;
          while ((await timed(c.id, n)).ms < 150 && n < 1 << 22) n *= 2;
        }
      }
      const runs = new Map(cases.map((c) => [c.id, []]));
      let overheadMs = await emptyMs();
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < cases.length; k++) {
          const c = cases[(k + r) % cases.length];
          // Calibrate: n such that one request's work takes about minRequestMs.
          let n = 64;
          await timed(c.id, n);
          for (;;) {
            const { ms } = await timed(c.id, n);
            if (ms - overheadMs >= minRequestMs || n >= 1 << 22) break;
            n *= 2;
          }
          const rates = [];
          const insideRates = [];
          for (let q = 0; q < requests; q++) {
            const { ms, inside } = await timed(c.id, n);
            rates.push((n * 1000) / Math.max(ms - overheadMs, 1e-3));
            if (inside > 0) insideRates.push((n * 1000) / inside);
          }
          runs.get(c.id).push({
            n,
            overheadMs,
            median: median(rates),
            best: Math.max(...rates),
            insideMedian: insideRates.length ? median(insideRates) : null,
          });
        }
        overheadMs = await emptyMs();
      }
      const results = cases.map((c) => {
        const rs = runs.get(c.id);
        return {
          ...c,
          info: c.info ?? false,
          async: c.async ?? false,
          opsPerSec: Math.max(...rs.map((x) => x.median)),
          runs: rs,
        };
      });
      return {
        runtime: `workerd (Miniflare ${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/miniflare/package.json'), 'utf8')).version})`,
        method: 'timed from outside: (request wall time − empty-request median) / n',
        probe,
        results,
      };
    } finally {
      await stopMiniflare(mf);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.main || process.argv[1] === import.meta.filename) {
  const r = await benchWorkerd({ rounds: 1 });
  console.log(JSON.stringify(r, null, 2));
}
