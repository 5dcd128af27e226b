// `isometrik-token/server` on the Vercel Edge Runtime (Next.js edge routes and middleware): the
// handler's whole contract (server-contract/), bundled the way Next.js bundles for the edge
// (conditions edge-light, worker, browser; `.wasm?module` precompiled by the platform) and run in
// @edge-runtime/vm with wasm code generation off, as edge.test.mjs runs the library itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';
import { makeConsumer, removeConsumer } from './support/package.mjs';

const CONTRACT = path.join(import.meta.dirname, 'server-contract');
let dir;

before(() => {
  dir = makeConsumer('server-edge', { type: 'module' });
  for (const file of ['contract.mjs', 'random.mjs']) fs.copyFileSync(path.join(CONTRACT, file), path.join(dir, file));
  fs.writeFileSync(
    path.join(dir, 'app.mjs'),
    "import { runContract } from './contract.mjs';\n" +
      'globalThis.contract = async () => JSON.stringify(await runContract());\n',
  );
});
after(() => removeConsumer(dir));

test('edge-light: the whole contract with wasm code generation off', { timeout: 120_000 }, async (t) => {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: ['app.mjs'],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['edge-light', 'worker', 'browser'],
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'wasm-module',
        setup(b) {
          b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: 'wasm-module' }));
          b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, () => ({
            contents: 'export default globalThis.__precompiledWasm;',
          }));
        },
      },
    ],
  });
  const inputs = Object.keys(result.metafile.inputs);
  for (const file of ['server-edge-light.js', 'edge-light.js']) {
    assert.ok(inputs.includes(`node_modules/isometrik-token/dist/${file}`), `${file} not bundled: ${inputs}`);
  }
  assert.ok(
    !inputs.some((i) => /dist\/(web|node|decode|workerd|server-web|server-node)\.(c|m)?js$/.test(i)),
    `${inputs}`,
  );
  const vm = new EdgeVM({ codeGeneration: { strings: false, wasm: false } });
  const wasm = fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/dist/isometrik_token_bg.wasm'));
  vm.context.__precompiledWasm = new WebAssembly.Module(wasm);
  vm.evaluate(result.outputFiles[0].text);
  const outcome = JSON.parse(await vm.evaluate('contract()'));
  t.diagnostic(`edge-runtime: ${outcome.passed}/${outcome.total} checks passed [${outcome.runtime}]`);
  assert.match(outcome.runtime, /^edge-runtime/);
  assert.deepEqual(outcome.failures, []);
  assert.ok(outcome.total >= 15);
});
