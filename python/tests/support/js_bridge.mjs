// The npm package's side of the Python tests (python/tests/js.py spawns it). Reads ONE JSON
// request from stdin, writes ONE JSON response to stdout, in the same order as the jobs:
//
//   {"op": "create", "options": {...}}          -> {"token": "..."} | {"error": {code, field}}
//        createToken(options); options.apiSecret is {"utf8": s} or {"hex": h}, currentDate ms
//   {"op": "verify", "token": t, "options": {...}} -> {"claims": {...}} | {"error": {...}}
//        verifyToken(t, options), same secret and date forms
//   {"op": "hostile"}                           -> {"cases": [{name, token?, control?, build_error?}]}
//        every tests/hostile/cases.json token, built by tests/js/support/hostile-builder.mjs (the
//        builder tests/js/hostile.test.mjs proves byte-identical to the Rust runner's)
//
// The package is the built one: pkg/dist/node.cjs (scripts/build-pkg). Secrets are never
// echoed back.
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const iso = require(path.join(root, 'pkg/dist/node.cjs'));

const secretOf = (s) => (s.hex !== undefined ? new Uint8Array(Buffer.from(s.hex, 'hex')) : s.utf8);

function options(o) {
  const out = { ...o };
  if (o.apiSecret !== undefined) out.apiSecret = secretOf(o.apiSecret);
  if (o.currentDate !== undefined) out.currentDate = new Date(o.currentDate);
  return out;
}

function attempt(fn) {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof iso.IsometrikTokenError)) throw err;
    return { error: { code: err.code, field: err.field ?? null, claim: err.claim ?? null } };
  }
}

async function hostile() {
  const builder = await import(path.join(root, 'tests/js/support/hostile-builder.mjs'));
  const { suite, cases } = builder.loadSuite();
  return cases.map((kase) => {
    const out = { name: kase.name };
    try {
      out.token = builder.buildToken(suite, kase);
    } catch (err) {
      if (!(err instanceof builder.BuildError)) throw err;
      out.build_error = err.message;
      return out;
    }
    if (kase.control !== undefined) {
      try {
        out.control = builder.buildToken(suite, builder.withoutDamage(kase));
      } catch (err) {
        if (!(err instanceof builder.BuildError)) throw err;
        out.control_error = err.message;
      }
    }
    return out;
  });
}

const request = JSON.parse(fs.readFileSync(0, 'utf8'));
const results = [];
for (const job of request.jobs) {
  if (job.op === 'create') {
    results.push(attempt(() => ({ token: iso.createToken(options(job.options)) })));
  } else if (job.op === 'verify') {
    results.push(attempt(() => ({ claims: iso.verifyToken(job.token, options(job.options)) })));
  } else if (job.op === 'hostile') {
    results.push({ cases: await hostile() });
  } else {
    throw new Error(`unknown op ${job.op}`);
  }
}
process.stdout.write(JSON.stringify({ results }));
