// `isometrik-token/server` in every server runtime: packs pkg/, installs the tarball into
// throwaway consumer projects and runs the handler's whole contract (server-contract/) in Node,
// Deno, Bun and workerd (Miniflare, bundled the way wrangler does), checking each loaded the
// server entry over its own full build. Nothing is skipped: a missing tool is a failure.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bin, makeConsumer, packTarball } from './support/package.mjs';
import { copyServerContract } from './support/server-contract.mjs';
import { runOk, withTimeout } from './support/run.mjs';
import { bundleWorker, startMiniflare, stopMiniflare } from './support/workerd.mjs';

const DIST = '/node_modules/isometrik-token/dist/';
const cleanup = [];
const results = new Map();

before(() => cleanup.push(path.dirname(packTarball())));
after(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** A consumer project with the packed package and the contract; its folder and the contract's. */
function consumer(name) {
  const dir = makeConsumer(`server-${name}`, { type: 'module' });
  cleanup.push(dir);
  return { dir, contract: path.relative(dir, copyServerContract(dir)) };
}

function parse({ stdout, stderr }) {
  const line = stdout.split('\n').find((l) => l.startsWith('SERVER_CONTRACT '));
  assert.ok(line, `no SERVER_CONTRACT line\nstdout: ${stdout}\nstderr: ${stderr}`);
  return JSON.parse(line.slice('SERVER_CONTRACT '.length));
}

function expectPassed(t, label, result, runtimePrefix) {
  t.diagnostic(`${label}: ${result.passed}/${result.total} checks passed [${result.runtime}]`);
  assert.ok(result.runtime.startsWith(runtimePrefix), `${label} ran in "${result.runtime}"`);
  assert.deepEqual(result.failures, [], `${label}: failed checks`);
  assert.ok(result.total >= 15, 'too few checks ran');
  results.set(label, result);
}

function resolvedTo(result, server, full) {
  assert.ok(result.resolved['isometrik-token/server'].endsWith(`${DIST}${server}`), JSON.stringify(result.resolved));
  assert.ok(result.resolved['isometrik-token'].endsWith(`${DIST}${full}`), JSON.stringify(result.resolved));
}

test('Node', { timeout: 120_000 }, async (t) => {
  const { dir, contract } = consumer('node');
  const main = path.join(contract, 'main.mjs');
  const result = parse(await runOk(process.execPath, [main], { cwd: dir, timeout: 90_000 }));
  expectPassed(t, 'node', result, 'node ');
  resolvedTo(result, 'server-node.js', 'node.mjs');
});

test('Deno (npm package in node_modules, no permissions)', { timeout: 120_000 }, async (t) => {
  const { dir, contract } = consumer('deno');
  const main = path.join(contract, 'main.mjs');
  const args = ['run', '--node-modules-dir=manual', '--cached-only', '--no-lock', '--no-prompt', main];
  const env = { DENO_DIR: path.join(dir, '.deno-dir'), DENO_NO_UPDATE_CHECK: '1' };
  const result = parse(await runOk(bin('deno'), args, { cwd: dir, env, timeout: 90_000 }));
  expectPassed(t, 'deno', result, 'deno ');
  resolvedTo(result, 'server-web.js', 'web.js');
});

test('Bun', { timeout: 120_000 }, async (t) => {
  const { dir, contract } = consumer('bun');
  const env = { BUN_INSTALL_CACHE_DIR: path.join(dir, '.bun-cache') };
  const main = path.join(contract, 'main.mjs');
  const result = parse(await runOk(bin('bun'), ['--no-install', main], { cwd: dir, env, timeout: 90_000 }));
  expectPassed(t, 'bun', result, 'bun ');
  resolvedTo(result, 'server-node.js', 'node.mjs');
});

test('workerd (Miniflare, bundled like wrangler)', { timeout: 120_000 }, async (t) => {
  const { dir, contract } = consumer('workerd');
  const entry = path.join(contract, 'worker.mjs');
  const worker = await bundleWorker({ absWorkingDir: dir, entry, outdir: path.join(dir, 'out') });
  for (const file of ['server-workerd.js', 'workerd.js', 'server.js']) {
    assert.ok(
      worker.inputs.includes(`node_modules/isometrik-token/dist/${file}`),
      `${file} not bundled: ${worker.inputs}`,
    );
  }
  assert.ok(
    !worker.inputs.some((i) => /dist\/(web\.js|node\.c?js|node\.mjs|decode\.js|server-(web|node)\.js)$/.test(i)),
    `other builds bundled: ${worker.inputs}`,
  );
  assert.equal(worker.wasm.length, 1, 'one .wasm module');
  const mf = await startMiniflare(worker, { compatibilityDate: '2026-04-01', host: '127.0.0.1', port: 0 });
  try {
    for (const label of ['workerd', 'workerd (2nd request)']) {
      const response = await withTimeout(mf.dispatchFetch('http://127.0.0.1/'), 90_000, 'dispatchFetch');
      const text = await response.text();
      assert.equal(response.status, 200, text);
      expectPassed(t, label, JSON.parse(text), 'workerd');
    }
  } finally {
    await stopMiniflare(mf);
  }
});

test('every runtime ran the same checks', () => {
  const labels = ['node', 'deno', 'bun', 'workerd', 'workerd (2nd request)'];
  assert.deepEqual(
    labels.filter((label) => !results.has(label)),
    [],
    'runtimes without a result',
  );
  for (const label of labels) assert.deepEqual(results.get(label).checks, results.get('node').checks, label);
});
