// The workerd benchmark Worker (bundled by bench/runtimes/workerd.mjs with esbuild, conditions
// workerd/worker/browser, the .wasm imported as a module: what wrangler does).
//   GET /probe         → how the clocks behave inside a request around ~busy work
//   GET /run?id=&n=    → runs case `id` n times; returns the in-Worker clock deltas
// Workers freeze Date.now() (and performance.now()) during a request, advancing them only across
// I/O, so the driver times /run from outside and subtracts the cost of an empty request.
import * as ours from 'isometrik-token';
import * as jose from 'jose';
import { loop, makeCases, runtimeName } from './cases.mjs';

let casesPromise;
const getCases = () => (casesPromise ??= makeCases(ours, jose));

const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      const cases = await getCases();
      if (url.pathname === '/probe') {
        const p0 = performance.now();
        const d0 = Date.now();
        await loop(cases[0].fn, 5000, false);
        return json({ runtime: runtimeName(), perfDelta: performance.now() - p0, dateDelta: Date.now() - d0 });
      }
      if (url.pathname === '/run') {
        const c = cases.find((x) => x.id === url.searchParams.get('id'));
        const n = Number(url.searchParams.get('n'));
        if (!c || !Number.isInteger(n) || n < 0) return json({ error: 'bad id or n' }, 400);
        const p0 = performance.now();
        const d0 = Date.now();
        await loop(c.fn, n, c.async);
        return json({ n, perfDelta: performance.now() - p0, dateDelta: Date.now() - d0 });
      }
      if (url.pathname === '/cases') {
        return json(cases.map(({ fn, ...meta }) => meta));
      }
      return json({ error: 'not found' }, 404);
    } catch (err) {
      return json({ error: String(err?.stack ?? err) }, 500);
    }
  },
};
