// Memory: 1,000,000 tokens (TokenSigner.create + TokenSigner.verify) in one process, then the
// other entry points and the error paths, asserting that nothing grows after warm-up. Exits 1
// (after printing the numbers) if anything does.
//
//   node --expose-gc bench/memory.mjs [--tokens 1000000] [--json out.json]
//
// The wasm linear memory is reached without a debug export: WebAssembly.Instance is wrapped
// (only while the package is imported) so that the instance the package creates is recorded;
// its exported Memory's buffer.byteLength is the wasm heap, and its exported Tables' lengths
// show whether JS values handed to the wasm (externrefs) are released.
//
// Checked after warm-up (100,000 tokens) against the end:
//   - wasm memory: must not grow at all (linear memory never shrinks, so any growth is kept);
//   - externref tables: must not grow;
//   - V8 heap used after a full GC: at most +1 MiB;
//   - RSS: at most +16 MiB (RSS also moves with the JIT, the allocator and GC heuristics; a
//     leak of even 16 bytes per token would add 16 MB over a million tokens).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CREATE_OPTIONS, SIGNER_OPTIONS, TOKEN_OPTIONS, VERIFY_OPTIONS } from './fixtures.mjs';
import { fmtInt, textTable } from './format.mjs';
import { PKG_DIR } from './paths.mjs';
import { parseArgs } from './proc.mjs';
import { importWithInstance } from '../tests/js/support/wasm-instance.mjs';

const args = parseArgs(process.argv.slice(2));
const TOKENS = Number(args.tokens ?? 1_000_000);
const WARMUP = Math.min(100_000, TOKENS / 10);
const SAMPLE_EVERY = TOKENS / 10;
const LIMITS = { wasmBytes: 0, tableSlots: 0, heapUsed: 1 << 20, rss: 16 << 20 };

if (typeof globalThis.gc !== 'function') {
  console.error('memory.mjs needs --expose-gc');
  process.exit(2);
}

// ── reach the package's wasm instance ────────────────────────────────────────────────────────
const { module: ours, instance } = await importWithInstance(pathToFileURL(path.join(PKG_DIR, 'dist/node.mjs')).href);
const exportsOf = Object.entries(instance.exports);
const memories = exportsOf.filter(([, v]) => v instanceof WebAssembly.Memory);
const tables = exportsOf.filter(([, v]) => v instanceof WebAssembly.Table);
if (memories.length !== 1) throw new Error(`expected one exported Memory, found ${memories.map(([k]) => k)}`);

function snapshot(label) {
  gc();
  gc();
  const m = process.memoryUsage();
  return {
    label,
    wasmBytes: memories[0][1].buffer.byteLength,
    tableSlots: tables.reduce((sum, [, t]) => sum + t.length, 0),
    heapUsed: m.heapUsed,
    arrayBuffers: m.arrayBuffers,
    external: m.external,
    rss: m.rss,
  };
}

// ── phase 1: a million tokens through one signer ─────────────────────────────────────────────
const signer = new ours.TokenSigner(SIGNER_OPTIONS);
const snapshots = [snapshot('after import')];
const t0 = performance.now();
let done = 0;
let checksum = 0;
function makeAndVerify(n) {
  for (let i = 0; i < n; i++) {
    const token = signer.create(TOKEN_OPTIONS);
    const claims = signer.verify(token);
    checksum += claims.exp & 1;
    done++;
  }
}
makeAndVerify(WARMUP);
const warm = snapshot(`after warm-up (${fmtInt(done)} tokens)`);
snapshots.push(warm);
while (done < TOKENS) {
  makeAndVerify(Math.min(SAMPLE_EVERY, TOKENS - done));
  if (done % SAMPLE_EVERY === 0 || done === TOKENS) snapshots.push(snapshot(`${fmtInt(done)} tokens`));
}
const phase1Seconds = (performance.now() - t0) / 1000;
const end1 = snapshots[snapshots.length - 1];

// ── phase 2: the other entry points and the error paths (each throws an IsometrikTokenError) ──
const EACH = Math.max(1000, TOKENS / 20);
const token = signer.create(TOKEN_OPTIONS);
const forged = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
const expectThrow = (f, code) => {
  try {
    f();
  } catch (err) {
    if (err.code !== code) throw err;
    return;
  }
  throw new Error(`expected ${code}`);
};
const phase2 = [
  ['createToken', () => ours.createToken(CREATE_OPTIONS)],
  ['verifyToken', () => ours.verifyToken(token, VERIFY_OPTIONS)],
  ['decodeToken', () => ours.decodeToken(token)],
  ['verify forged → ERR_BAD_SIGNATURE', () => expectThrow(() => signer.verify(forged), 'ERR_BAD_SIGNATURE')],
  [
    'create bad room → ERR_INVALID_OPTIONS',
    () => expectThrow(() => signer.create({ ...TOKEN_OPTIONS, roomId: '' }), 'ERR_INVALID_OPTIONS'),
  ],
  ['decode garbage → ERR_MALFORMED_TOKEN', () => expectThrow(() => ours.decodeToken('a.b'), 'ERR_MALFORMED_TOKEN')],
];
const warmupOf = (f) => {
  for (let i = 0; i < EACH / 10; i++) f();
};
for (const [, f] of phase2) warmupOf(f);
const warm2 = snapshot(`phase 2 after warm-up`);
for (const [, f] of phase2) for (let i = 0; i < EACH; i++) f();
const end2 = snapshot(`phase 2: ${fmtInt(EACH)} calls of each of ${phase2.length}`);
snapshots.push(warm2, end2);

// ── verdict ──────────────────────────────────────────────────────────────────────────────────
const MiB = (b) => `${(b / 1048576).toFixed(2)} MiB`;
const signedMiB = (b) => `${b >= 0 ? '+' : '−'}${MiB(Math.abs(b))}`;
console.log(
  textTable(
    ['point', 'wasm memory', 'externref slots', 'heap used', 'arrayBuffers', 'rss'],
    snapshots.map((s) => [
      s.label,
      MiB(s.wasmBytes),
      fmtInt(s.tableSlots),
      MiB(s.heapUsed),
      MiB(s.arrayBuffers),
      MiB(s.rss),
    ]),
  ),
);
const failures = [];
for (const [what, from, to] of [
  ['phase 1 (create + verify)', warm, end1],
  ['phase 2 (other entry points, error paths)', warm2, end2],
]) {
  for (const [key, limit] of Object.entries(LIMITS)) {
    const growth = to[key] - from[key];
    if (growth > limit)
      failures.push(
        `${what}: ${key} grew by ${key.endsWith('Slots') ? growth : signedMiB(growth)} (limit ${key.endsWith('Slots') ? limit : MiB(limit)})`,
      );
  }
}
console.log(
  `${fmtInt(TOKENS)} tokens created and verified in ${phase1Seconds.toFixed(1)} s (${fmtInt(TOKENS / phase1Seconds)}/s); ` +
    `growth after warm-up: wasm ${signedMiB(end1.wasmBytes - warm.wasmBytes)}, rss ${signedMiB(end1.rss - warm.rss)}, heap ${signedMiB(end1.heapUsed - warm.heapUsed)}`,
);
if (args.json) {
  fs.writeFileSync(
    args.json,
    JSON.stringify(
      {
        kind: 'memory',
        tokens: TOKENS,
        warmup: WARMUP,
        phase1Seconds,
        phase2Each: EACH,
        limits: LIMITS,
        snapshots,
        warm,
        end: end1,
        warm2,
        end2,
        failures,
        checksum,
      },
      null,
      2,
    ),
  );
}
if (failures.length) {
  console.error(`MEMORY GREW AFTER WARM-UP:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('memory: no growth after warm-up (wasm memory, externref tables, heap, rss)');
