// Vercel Edge / Next.js middleware: the `edge-light` entry must run where WebAssembly cannot be
// compiled from bytes. Vercel compiles `import … from './x.wasm?module'` at deploy time and
// hands the code a WebAssembly.Module; its Edge Runtime (here @edge-runtime/vm, the same VM
// with wasm code generation off) refuses `new WebAssembly.Module(bytes)`. The bundle is made
// the way Next.js resolves packages for the edge (conditions edge-light, worker, browser).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bundleForEdge, edgeVm } from './support/edge.mjs';
import { makeConsumer, removeConsumer } from './support/package.mjs';

const SECRET = 'edge-test-secret-0123456789abcdefgh';
let dir;

before(() => {
  dir = makeConsumer('edge', { type: 'module' });
  fs.writeFileSync(
    path.join(dir, 'app.mjs'),
    `import * as m from 'isometrik-token';
globalThis.run = (secret) => {
  const out = {};
  const token = m.createToken({ apiKey: 'APIedge', apiSecret: secret, roomId: 'r', participantName: 'p' });
  out.sub = m.verifyToken(token, { apiSecret: secret, roomId: 'r' }).sub;
  out.decoded = m.decodeToken(token).room;
  try { m.verifyToken(token.slice(0, -2) + 'AA', { apiSecret: secret }); } catch (e) { out.forged = e.code; }
  return JSON.stringify(out);
};
globalThis.tryDecode = () => {
  const codes = [];
  for (let i = 0; i < 2; i++) { try { m.decodeToken('a.b.c'); codes.push('ok'); } catch (e) { codes.push(e.code); } }
  return JSON.stringify(codes);
};
`,
  );
});
after(() => removeConsumer(dir));

/** Bundles app.mjs as Next.js does for the edge. */
const bundle = (conditions) => bundleForEdge(dir, 'app.mjs', conditions);

test('the VM refuses to compile wasm from bytes (so the next test means something)', () => {
  const vm = edgeVm();
  assert.throws(() => vm.evaluate('new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0]))'), /disallowed/i);
});

test('edge-light: signs, verifies and decodes with wasm code generation off', async () => {
  const { code, inputs } = await bundle(['edge-light', 'worker', 'browser']);
  assert.ok(inputs.includes('node_modules/isometrik-token/dist/edge-light.js'), `inputs: ${inputs}`);
  assert.ok(!code.includes('wasmBase64'), 'the edge bundle carries wasm bytes inline');
  const vm = edgeVm();
  const wasm = fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/dist/isometrik_token_bg.wasm'));
  // What the platform does at deploy time; the module comes from another realm (the package
  // must accept it as it is, as Next.js's edge sandbox hands it over).
  vm.context.__precompiledWasm = new WebAssembly.Module(wasm);
  vm.evaluate(code);
  const out = JSON.parse(vm.evaluate(`run(${JSON.stringify(SECRET)})`));
  assert.deepEqual(out, { sub: 'p', decoded: 'r', forged: 'ERR_BAD_SIGNATURE' });
});

test('an entry with inline bytes fails on use, not at import, with ERR_WASM_UNAVAILABLE', async () => {
  const { code, inputs } = await bundle([]);
  assert.ok(inputs.includes('node_modules/isometrik-token/dist/web.js'), `inputs: ${inputs}`);
  const vm = edgeVm();
  vm.evaluate(code); // importing never throws
  assert.deepEqual(JSON.parse(vm.evaluate('tryDecode()')), ['ERR_WASM_UNAVAILABLE', 'ERR_WASM_UNAVAILABLE']);
});
