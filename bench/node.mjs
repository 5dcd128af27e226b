// Node: isometrik-token against fast-jwt, jose, jsonwebtoken, hono/jwt,
// @tsndr/cloudflare-worker-jwt and jwt-decode, timed with mitata's `measure`.
//
//   node --expose-gc bench/node.mjs [--rounds 3] [--time 200] [--json out.json]
//
// Each implementation is measured `rounds` times, interleaved (the order rotates each round), for
// at least `time` ms per measurement, in batches of 128 calls (async calls awaited one by one);
// the reported time per op is the best round's median batch (see measure.mjs: a batch carries
// its share of GC, and the median and the best of interleaved rounds keep a burst of load from
// another process on this shared machine from landing on one library only). Verify and decode
// cycle through a pool of 64 distinct tokens, made by our signer, the same bytes for every
// library.
import fs from 'node:fs';
import { POOL_SIZE, poolSub } from './fixtures.mjs';
import { fmtOps, fmtUs, fmtX, textTable } from './format.mjs';
import { parseArgs } from './proc.mjs';
import { timeNs } from './measure.mjs';
import { decoders, ours, sanityCheck, signers, tokensFrom, verifiers, versions } from './node-libs.mjs';

const args = parseArgs(process.argv.slice(2));
const ROUNDS = Number(args.rounds ?? 3);
const TIME_MS = Number(args.time ?? 200);

const sanity = await sanityCheck();
console.log(
  `sanity: ${sanity.checks} checks passed (${sanity.signers} signers × ${sanity.verifiers} verifiers and ${sanity.decoders} decoders, forgeries refused by all)`,
);

const pool = await tokensFrom(
  signers[0],
  Array.from({ length: POOL_SIZE }, (_, i) => poolSub(i)),
);
const mask = POOL_SIZE - 1;

/** Everything to time: { group, id, label, ours?, info?, async?, fn }. */
const cases = [];
for (const s of signers) cases.push({ group: 'sign', ...s, fn: () => s.sign() });
for (const v of verifiers) {
  let i = 0;
  cases.push({ group: 'verify', ...v, fn: () => v.verify(pool[i++ & mask]) });
}
for (const d of decoders) {
  let i = 0;
  cases.push({ group: 'decode', ...d, fn: () => d.decode(pool[i++ & mask]) });
}

const started = Date.now();
const samples = new Map(cases.map((c) => [c, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = cases.map((_, i) => cases[(i + round * 7) % cases.length]);
  for (const c of order) {
    samples.get(c).push(await timeNs(c.fn, { timeMs: TIME_MS }));
  }
  process.stdout.write(`round ${round + 1}/${ROUNDS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

const results = cases.map((c) => {
  const rounds = samples.get(c);
  const bestNs = Math.min(...rounds.map((r) => r.ns));
  return {
    group: c.group,
    id: c.id,
    label: c.label,
    ours: c.ours ?? null,
    info: c.info ?? false,
    async: c.async ?? false,
    opsPerSec: 1e9 / bestNs,
    rounds,
  };
});

const find = (group, id) => results.find((r) => r.group === group && r.id === id);
const oursRef = {
  sign: { signer: find('sign', 'ours-signer'), oneShot: find('sign', 'ours-oneshot') },
  verify: { signer: find('verify', 'ours-signer'), oneShot: find('verify', 'ours-oneshot') },
  decode: { decode: find('decode', 'ours') },
};

for (const group of ['sign', 'verify', 'decode']) {
  const refs = Object.entries(oursRef[group]);
  const rows = results
    .filter((r) => r.group === group)
    .sort((a, b) => b.opsPerSec - a.opsPerSec)
    .map((r) => [
      r.label + (r.async ? ' (async)' : ''),
      fmtOps(r.opsPerSec),
      fmtUs(r.opsPerSec),
      ...refs.map(([, ref]) => (r === ref ? '—' : fmtX(ref.opsPerSec / r.opsPerSec))),
    ]);
  const refHeaders = refs.map(([, ref]) => `${ref.label.replace('isometrik-token ', '')} ÷ it`);
  console.log(`\n${group}\n${textTable([group, 'ops/s', 'µs/op', ...refHeaders], rows)}`);
}

const out = {
  kind: 'node',
  node: process.version,
  versions,
  sanity,
  rounds: ROUNDS,
  timeMs: TIME_MS,
  poolSize: POOL_SIZE,
  seconds: (Date.now() - started) / 1000,
  tokenBytes: pool[0].length,
  oursExports: Object.keys(ours).sort(),
  results,
};
if (args.json) fs.writeFileSync(args.json, JSON.stringify(out, null, 2));
