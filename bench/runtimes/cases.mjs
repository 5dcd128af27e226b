// The cross-runtime comparison: isometrik-token against jose (the portable anchor: one WebCrypto
// build for every runtime) on the fixture's claims and secret. Runtime-agnostic: the runtime's
// entry imports both libraries its own way and hands them in. Also holds the timing loop used
// where mitata cannot run (workerd refuses `new Function`), and, for uniformity, in Deno and Bun.
import {
  API_KEY,
  CREATE_OPTIONS,
  POOL_SIZE,
  SECRET_BYTES,
  SIGNER_OPTIONS,
  SUB,
  TOKEN_OPTIONS,
  VERIFY_OPTIONS,
  claimProblems,
  joseSignToken,
  poolSub,
} from '../fixtures.mjs';

/**
 * Builds the cases: [{ id, op: 'sign'|'verify', lib: 'ours'|'jose', info, async, fn }]. Checks
 * first that each library's token verifies with the other and that forgeries are refused;
 * throws otherwise.
 */
export async function makeCases(ours, jose) {
  const signer = new ours.TokenSigner(SIGNER_OPTIONS);
  const joseSign = (sub = SUB) => joseSignToken(jose, sub, SECRET_BYTES);
  const joseVerify = async (t) =>
    (await jose.jwtVerify(t, SECRET_BYTES, { issuer: API_KEY, algorithms: ['HS256'] })).payload;

  // Sanity: both ways round, plus a forgery.
  const problems = [];
  const tokens = {
    ours: signer.create(TOKEN_OPTIONS),
    oneShot: ours.createToken(CREATE_OPTIONS),
    jose: await joseSign(),
  };
  const verifiers = {
    ours: (t) => signer.verify(t),
    oneShot: (t) => ours.verifyToken(t, VERIFY_OPTIONS),
    jose: joseVerify,
  };
  for (const [from, token] of Object.entries(tokens)) {
    for (const [by, verify] of Object.entries(verifiers)) {
      try {
        for (const p of claimProblems(await verify(token))) problems.push(`${from} → ${by}: ${p}`);
      } catch (err) {
        problems.push(`${from} → ${by} threw ${err.code ?? ''} ${err.message}`);
      }
    }
  }
  const mallory = signer.create({ ...TOKEN_OPTIONS, participantName: 'mallory' });
  const [h, , sig] = tokens.ours.split('.');
  const forged = `${h}.${mallory.split('.')[1]}.${sig}`;
  for (const [by, verify] of Object.entries(verifiers)) {
    let accepted = false;
    try {
      accepted = (await verify(forged)) !== undefined;
    } catch {
      // refused
    }
    if (accepted) problems.push(`${by} accepted a forged token`);
  }
  if (problems.length) throw new Error(`sanity check failed:\n  ${problems.join('\n  ')}`);

  // The same 64 tokens (ours) for both verifiers.
  const pool = [];
  for (let i = 0; i < POOL_SIZE; i++) pool.push(signer.create({ ...TOKEN_OPTIONS, participantName: poolSub(i) }));
  const mask = POOL_SIZE - 1;
  let i = 0;
  return [
    { id: 'ours-sign', op: 'sign', lib: 'ours', label: 'TokenSigner.create', fn: () => signer.create(TOKEN_OPTIONS) },
    {
      id: 'ours-createToken',
      op: 'sign',
      lib: 'ours',
      info: true,
      label: 'createToken',
      fn: () => ours.createToken(CREATE_OPTIONS),
    },
    { id: 'jose-sign', op: 'sign', lib: 'jose', async: true, label: 'jose SignJWT', fn: () => joseSign() },
    {
      id: 'ours-verify',
      op: 'verify',
      lib: 'ours',
      label: 'TokenSigner.verify',
      fn: () => signer.verify(pool[i++ & mask]),
    },
    {
      id: 'ours-verifyToken',
      op: 'verify',
      lib: 'ours',
      info: true,
      label: 'verifyToken',
      fn: () => ours.verifyToken(pool[i++ & mask], VERIFY_OPTIONS),
    },
    {
      id: 'jose-verify',
      op: 'verify',
      lib: 'jose',
      async: true,
      label: 'jose jwtVerify',
      fn: () => joseVerify(pool[i++ & mask]),
    },
  ];
}

/** Runs `fn` `n` times (awaiting each call when `isAsync`). */
export async function loop(fn, n, isAsync) {
  let sink;
  if (isAsync) for (let k = 0; k < n; k++) sink = await fn();
  else for (let k = 0; k < n; k++) sink = fn();
  return sink;
}

/**
 * Times a case with an in-process clock: doubles the batch size until a batch takes at least
 * `minBatchMs`, then runs `batches` batches; ops/s = median over the batches (and the best).
 */
export async function timeCase(c, { now = () => performance.now(), minBatchMs = 40, batches = 7 } = {}) {
  let n = 16;
  await loop(c.fn, n, c.async); // warm-up
  for (;;) {
    const t0 = now();
    await loop(c.fn, n, c.async);
    if (now() - t0 >= minBatchMs) break;
    n *= 2;
  }
  const rates = [];
  for (let b = 0; b < batches; b++) {
    const t0 = now();
    await loop(c.fn, n, c.async);
    rates.push((n * 1000) / (now() - t0));
  }
  rates.sort((a, b) => a - b);
  return { n, batches, median: rates[rates.length >> 1], best: rates[rates.length - 1] };
}

/**
 * Times every case, rotating order over `rounds` rounds; keeps each case's best median. First,
 * every case runs for `warmMs` untimed, twice: engines compile wasm in tiers (Liftoff → TurboFan
 * in V8, BBQ → OMG in JavaScriptCore) and tier up in the background, so whatever ran first would
 * otherwise be timed on baseline code.
 */
export async function timeAll(cases, { rounds = 2, warmMs = 150, now = () => performance.now(), ...opts } = {}) {
  for (let pass = 0; pass < 2; pass++) {
    for (const c of cases) {
      const end = now() + warmMs;
      while (now() < end) await loop(c.fn, 64, c.async);
    }
  }
  const out = new Map(cases.map((c) => [c.id, []]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(k + r) % cases.length];
      out.get(c.id).push(await timeCase(c, { now, ...opts }));
    }
  }
  return cases.map((c) => {
    const runs = out.get(c.id);
    return {
      id: c.id,
      op: c.op,
      lib: c.lib,
      label: c.label,
      info: c.info ?? false,
      async: c.async ?? false,
      opsPerSec: Math.max(...runs.map((x) => x.median)),
      runs,
    };
  });
}

/** The runtime's name and version. */
export function runtimeName() {
  if (globalThis.Deno) return `deno ${Deno.version.deno} (V8 ${Deno.version.v8})`;
  if (globalThis.Bun) return `bun ${Bun.version} (JavaScriptCore)`;
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (globalThis.process?.versions?.node) return `node ${process.versions.node} (V8 ${process.versions.v8})`;
  return 'unknown';
}
