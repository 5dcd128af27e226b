// A forgotten TokenSigner is reclaimed: wasm-bindgen registers every signer with a
// FinalizationRegistry, so once the JS object is garbage the Rust key state is freed (and
// overwritten). Without that, every signer would keep ~500 bytes of wasm memory forever, and
// wasm memory never shrinks.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './support/package.mjs';
import { run } from './support/run.mjs';

const supportUrl = new URL('./support/wasm-instance.mjs', import.meta.url).href;
const entryUrl = pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href;

// Runs in a child with --expose-gc: rounds of 20,000 signers that are used once and dropped
// (never freed), a forced GC between rounds, then the size of the module's wasm memory.
const child = `
const { importWithInstance } = await import(${JSON.stringify(supportUrl)});
const { module: { TokenSigner }, memory } = await importWithInstance(${JSON.stringify(entryUrl)});
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const sizes = [];
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 20000; i++) {
    new TokenSigner({ apiKey: 'K', apiSecret: 'reclaim-test-secret-0123456789abcdef' }).create({ roomId: 'r', participantName: 'p' });
  }
  for (let k = 0; k < 3; k++) { globalThis.gc(); await settle(); }
  sizes.push(memory.buffer.byteLength);
}
console.log(JSON.stringify(sizes));
`;

test('forgotten TokenSigners are reclaimed: wasm memory stops growing', async () => {
  const { code, stdout, stderr } = await run(process.execPath, ['--expose-gc', '--input-type=module', '-e', child], {
    timeout: 120_000,
  });
  assert.equal(code, 0, stderr);
  const sizes = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.equal(sizes.length, 6);
  // 20,000 unreclaimed signers would add ~10 MiB a round; after the first rounds (heap warm-up)
  // the memory must not grow by even 1 MiB over the remaining 60,000 signers.
  const growth = sizes[5] - sizes[2];
  assert.ok(growth < 1024 * 1024, `wasm memory grew by ${growth} bytes after warm-up: ${sizes.join(', ')}`);
});

// The browser build has its own allocator (a small free list, src/wasm.rs): decoding many tokens
// of many sizes, with errors among them, must reuse its memory rather than grow it.
const decodeUrl = pathToFileURL(path.join(root, 'pkg/dist/decode.js')).href;
const decodeChild = `
const { importWithInstance } = await import(${JSON.stringify(supportUrl)});
const { module: { decodeToken, decodeTokenHeader, parseDuration }, memory } = await importWithInstance(${JSON.stringify(decodeUrl)});
const b64 = (text) => Buffer.from(text).toString('base64url');
const sizes = [];
for (let round = 0; round < 6; round++) {
  for (let i = 0; i < 5000; i++) {
    const payload = JSON.stringify({ sub: 'x'.repeat(i % 3000), n: i, a: { b: [1, 2, { c: 'é\\\\u0041' }] } });
    const token = b64('{"alg":"HS256","kid":"' + 'k'.repeat(i % 500) + '"}') + '.' + b64(payload) + '.c2ln';
    decodeToken(token);
    decodeTokenHeader(token);
    try { decodeToken(token + '.x'); } catch {}
    try { decodeToken(b64('{"a":1,"a":2}') + '.' + b64(payload) + '.'); } catch {}
    try { parseDuration(i + ' fortnights'); } catch {}
    parseDuration(i + 1 + 'h');
  }
  sizes.push(memory.buffer.byteLength);
}
console.log(JSON.stringify(sizes));
`;

test('the browser build reuses its memory: 30,000 decodes of varied sizes, errors among them', async () => {
  const { code, stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', decodeChild], {
    timeout: 120_000,
  });
  assert.equal(code, 0, stderr);
  const sizes = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.equal(sizes.length, 6);
  // Each round decodes ~30 MB of text; memory that is not reused would grow by that much.
  const growth = sizes[5] - sizes[1];
  assert.ok(growth < 256 * 1024, `wasm memory grew by ${growth} bytes after warm-up: ${sizes.join(', ')}`);
});
