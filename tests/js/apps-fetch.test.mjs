// The README's deploy recipes for runtimes with a fetch-style server (tests/apps/fetch), each run
// from a project with only the packed package installed: the Cloudflare Worker (bundled as
// wrangler does, run in workerd by Miniflare), Deno (`deno run`), Bun (`bun run`) and a Vercel
// Edge Function (bundled with Next.js's edge conditions, run in Vercel's Edge Runtime VM with
// WebAssembly compilation off, the .wasm handed in precompiled as Vercel does). Each must answer
// as its demo `authorize` decides (expectRecipeEndpoint: 401 without the password, with it a token
// holding exactly the grant); nothing about the package is configured.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bundleForEdge, edgeVm } from './support/edge.mjs';
import { bin, makeConsumer, removeConsumer } from './support/package.mjs';
import { startServer } from './support/server-process.mjs';
import { bundleWorker, startMiniflare, stopMiniflare } from './support/workerd.mjs';
import { withTimeout } from './support/run.mjs';
import { APPS, DEMO_PASSWORD, RECIPE_BODY, expectRecipeEndpoint, freePort } from '../apps/support.mjs';

const API_KEY = 'fetch-app-key';
const SECRET = 'fetch-app-secret-Zx4Cv6Bn8Mq1We3Rt5Yu';
const ENV = { ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET, DEMO_PASSWORD };

let dir;
let lib;
before(async () => {
  dir = makeConsumer('fetch-apps', { type: 'module' });
  for (const file of fs.readdirSync(path.join(APPS, 'fetch'))) {
    fs.copyFileSync(path.join(APPS, 'fetch', file), path.join(dir, file));
  }
  lib = await import(path.join(dir, 'node_modules/isometrik-token/dist/node.mjs'));
});
after(() => removeConsumer(dir));

const verify = (token) => lib.verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY });

/** Checks the endpoint of a started server process, then stops it. */
async function checkServer(server) {
  // Deno listens on every interface and prints http://0.0.0.0:…, but the handler serves plain
  // HTTP only to a loopback name (the README says to ask http://localhost:… locally).
  const url = server.url.replace('//0.0.0.0:', '//127.0.0.1:');
  try {
    const post = (headers) =>
      fetch(url, { method: 'POST', headers, body: RECIPE_BODY, signal: AbortSignal.timeout(30_000) });
    await expectRecipeEndpoint(post, verify, { apiKey: API_KEY, where: () => `\nserver output:\n${server.output()}` });
  } finally {
    await server.stop();
  }
}

test('Cloudflare Worker (worker.js, bundled like wrangler, in workerd)', { timeout: 120_000 }, async () => {
  const worker = await bundleWorker({ absWorkingDir: dir, entry: 'worker.js', outdir: path.join(dir, 'out-worker') });
  for (const file of ['server-workerd.js', 'workerd.js']) {
    assert.ok(worker.inputs.includes(`node_modules/isometrik-token/dist/${file}`), `inputs: ${worker.inputs}`);
  }
  const mf = await startMiniflare(worker, { compatibilityDate: '2025-01-01', bindings: ENV });
  try {
    const post = (headers) =>
      withTimeout(
        mf.dispatchFetch('http://127.0.0.1/', { method: 'POST', headers, body: RECIPE_BODY }),
        60_000,
        'dispatchFetch',
      );
    await expectRecipeEndpoint(post, verify, { apiKey: API_KEY });
  } finally {
    await stopMiniflare(mf);
  }
});

test('Deno (deno.js, npm package in node_modules)', { timeout: 120_000 }, async () => {
  const args = [
    'run',
    '--node-modules-dir=manual',
    '--cached-only',
    '--no-lock',
    '--no-prompt',
    '--allow-net',
    '--allow-env',
    'deno.js',
  ];
  const env = {
    ...ENV,
    PORT: String(await freePort()),
    DENO_DIR: path.join(dir, '.deno-dir'),
    DENO_NO_UPDATE_CHECK: '1',
  };
  await checkServer(await startServer(bin('deno'), args, { cwd: dir, env, timeout: 60_000 }));
});

test('Bun (bun.js)', { timeout: 120_000 }, async () => {
  const env = { ...ENV, PORT: String(await freePort()), BUN_INSTALL_CACHE_DIR: path.join(dir, '.bun-cache') };
  await checkServer(
    await startServer(bin('bun'), ['--no-install', 'run', 'bun.js'], { cwd: dir, env, timeout: 60_000 }),
  );
});

test('Vercel Edge Function (vercel-edge.js) in the Edge Runtime, wasm compilation off', {
  timeout: 120_000,
}, async () => {
  // Bundled as Vercel and Next.js resolve packages for the edge; `.wasm?module` imports become
  // the module the platform compiled at deploy time (a global set below).
  fs.writeFileSync(
    path.join(dir, 'vercel-edge-entry.js'),
    "import handler from './vercel-edge.js'; globalThis.handler = handler;",
  );
  const { code, inputs } = await bundleForEdge(dir, 'vercel-edge-entry.js', ['edge-light', 'worker', 'browser']);
  for (const file of ['server-edge-light.js', 'edge-light.js']) {
    assert.ok(inputs.includes(`node_modules/isometrik-token/dist/${file}`), `inputs: ${inputs}`);
  }
  const vm = edgeVm();
  const wasm = fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/dist/isometrik_token_bg.wasm'));
  vm.context.__precompiledWasm = new WebAssembly.Module(wasm);
  vm.context.process = { env: ENV };
  vm.evaluate(code);
  // The Request is made inside the VM, as the platform would: the handler checks it is one.
  const post = (headers) =>
    vm.evaluate(
      `handler(new Request('https://example.vercel.app/api/token', { method: 'POST', headers: ${JSON.stringify(headers)}, body: ${JSON.stringify(RECIPE_BODY)} }))`,
    );
  await expectRecipeEndpoint(post, verify, { apiKey: API_KEY });
});
