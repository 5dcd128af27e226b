// `isometrik-token/server` on the Vercel Edge Runtime (Next.js edge routes and middleware): the
// handler's whole contract (server-contract/), bundled the way Next.js bundles for the edge
// (conditions edge-light, worker, browser; `.wasm?module` precompiled by the platform) and run in
// @edge-runtime/vm with wasm code generation off, as edge.test.mjs runs the library itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bundleForEdge, edgeVm } from './support/edge.mjs';
import { makeConsumer, removeConsumer } from './support/package.mjs';
import { copyServerContract } from './support/server-contract.mjs';

let dir;
let entry;

before(() => {
  dir = makeConsumer('server-edge', { type: 'module' });
  const contract = copyServerContract(dir);
  entry = path.join(contract, 'edge.mjs');
  fs.writeFileSync(
    entry,
    "import { runContract } from './contract.mjs';\n\n" +
      'globalThis.contract = async () => JSON.stringify(await runContract());\n',
  );
});
after(() => removeConsumer(dir));

test('edge-light: the whole contract with wasm code generation off', { timeout: 120_000 }, async (t) => {
  const { code, inputs } = await bundleForEdge(dir, entry, ['edge-light', 'worker', 'browser']);
  for (const file of ['server-edge-light.js', 'edge-light.js']) {
    assert.ok(inputs.includes(`node_modules/isometrik-token/dist/${file}`), `${file} not bundled: ${inputs}`);
  }
  assert.ok(
    !inputs.some((i) => /dist\/(web|node|decode|workerd|server-web|server-node)\.(c|m)?js$/.test(i)),
    `${inputs}`,
  );
  const vm = edgeVm();
  const wasm = fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/dist/isometrik_token_bg.wasm'));
  vm.context.__precompiledWasm = new WebAssembly.Module(wasm);
  vm.evaluate(code);
  const outcome = JSON.parse(await vm.evaluate('contract()'));
  t.diagnostic(`edge-runtime: ${outcome.passed}/${outcome.total} checks passed [${outcome.runtime}]`);
  assert.match(outcome.runtime, /^edge-runtime/);
  assert.deepEqual(outcome.failures, []);
  assert.ok(outcome.total >= 15);
});
