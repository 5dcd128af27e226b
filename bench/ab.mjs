// Interleaved A/B of two builds of the package in one process (alternating, best of 15 rounds of
// 20,000 calls), for machines whose speed drifts between runs:
//   node bench/ab.mjs OLD/pkg/dist/node.mjs NEW/pkg/dist/node.mjs
// (build the old one with `git worktree add ../old <rev> && (cd ../old && bash scripts/build-pkg)`).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [oldPath, newPath] = process.argv.slice(2);
if (!oldPath || !newPath) {
  console.error('usage: node bench/ab.mjs OLD/pkg/dist/node.mjs NEW/pkg/dist/node.mjs');
  process.exit(2);
}
// dist/node.mjs registers its API under a global symbol named with the package version, and a
// second copy of the same version exports the first one's API (one instance per process): drop
// that registration between the two imports, or both sides would time the old build.
const forget = () => {
  for (const key of Object.getOwnPropertySymbols(globalThis)) {
    if (/^isometrik-token@.*\/node$/.test(key.description ?? '')) delete globalThis[key];
  }
};
const A = await import(pathToFileURL(path.resolve(oldPath)).href);
forget();
const B = await import(pathToFileURL(path.resolve(newPath)).href);
forget();
if (A.TokenSigner === B.TokenSigner) throw new Error('ab: both paths gave the same instance');
const opts = {
  roomId: 'daily-standup',
  participantName: 'alice',
  permissions: { canPublish: true, canSubscribe: true, canUpdateMetadata: true },
  expiresIn: '1h',
};
const secret = 'isometrik-golden-test-secret-0123456789';
const sA = new A.TokenSigner({ apiKey: 'APIkey123', apiSecret: secret });
const sB = new B.TokenSigner({ apiKey: 'APIkey123', apiSecret: secret });
const tok = sA.create(opts);
const cases = {
  create: [() => sA.create(opts), () => sB.create(opts)],
  createToken: [
    () => A.createToken({ apiKey: 'APIkey123', apiSecret: secret, ...opts }),
    () => B.createToken({ apiKey: 'APIkey123', apiSecret: secret, ...opts }),
  ],
  verify: [() => sA.verify(tok), () => sB.verify(tok)],
  verifyToken: [() => A.verifyToken(tok, { apiSecret: secret }), () => B.verifyToken(tok, { apiSecret: secret })],
  decode: [() => A.decodeToken(tok), () => B.decodeToken(tok)],
};
for (const [name, [fa, fb]] of Object.entries(cases)) {
  for (let i = 0; i < 20000; i++) {
    fa();
    fb();
  }
  const best = [Infinity, Infinity];
  for (let r = 0; r < 15; r++) {
    for (const [k, f] of [
      [0, fa],
      [1, fb],
    ]) {
      const t0 = performance.now();
      for (let i = 0; i < 20000; i++) f();
      best[k] = Math.min(best[k], ((performance.now() - t0) / 20000) * 1000);
    }
  }
  console.log(
    `${name.padEnd(12)} old ${best[0].toFixed(2)} µs  new ${best[1].toFixed(2)} µs  new/old ${(best[1] / best[0]).toFixed(2)}`,
  );
}
