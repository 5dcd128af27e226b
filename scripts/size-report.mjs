#!/usr/bin/env node
// Prints what each deploy target receives: the full .wasm and the decode-only .wasm (raw,
// gzip -9, brotli), every entry bundle, the decode-only app bundles built by Vite and webpack
// (from .artifacts/app-sizes.json, written by tests/js/apps-bundlers.test.mjs, when present),
// every file of the packed tarball, and how long the browser build takes to compile on first
// use. Reads pkg/ (run `make pkg` first) and writes nothing.
//
//   node scripts/size-report.mjs           print the report
//   node scripts/size-report.mjs --check   ... and exit 1 if an artifact is over its budget
//   ... --apps                             include the decode-only app bundles (written by the
//                                          app tests: only meaningful after they ran)
//
// The budgets (bytes, deterministic) are in scripts/size-budgets.mjs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { inlineWasms } from './inline-wasm.mjs';
import { APP_BUDGETS, BUDGETS } from './size-budgets.mjs';

const root = path.resolve(import.meta.dirname, '..');
const pkg = path.join(root, 'pkg');
const dist = path.join(pkg, 'dist');
const check = process.argv.includes('--check');
const apps = process.argv.includes('--apps');
const unknown = process.argv.slice(2).filter((a) => a !== '--check' && a !== '--apps');
if (unknown.length > 0) {
  console.error(`size-report: unknown argument(s) ${unknown.join(' ')} (usage: size-report.mjs [--check] [--apps])`);
  process.exit(2);
}
if (!fs.existsSync(path.join(dist, 'isometrik_token_bg.wasm'))) {
  console.error('size-report: pkg/dist is missing: run `make pkg` first');
  process.exit(2);
}

const gzip = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes) =>
  zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
/** The wasm a bundle carries inline (base64 or a byte string: scripts/inline-wasm.mjs), if any. */
const inlineWasm = (file) => inlineWasms(fs.readFileSync(path.join(dist, file), 'utf8'))[0];

const artifacts = {
  'full .wasm (dist/isometrik_token_bg.wasm)': fs.readFileSync(path.join(dist, 'isometrik_token_bg.wasm')),
  'decode .wasm (inside dist/decode.js)': inlineWasm('decode.js'),
  // The browser build's second module: only pages that call parseDuration ship it.
  'durations .wasm (inside dist/decode.js)': inlineWasms(fs.readFileSync(path.join(dist, 'decode.js'), 'utf8'))[1],
};
for (const file of fs
  .readdirSync(dist)
  .filter((f) => /\.(c|m)?js$/.test(f))
  .sort()) {
  artifacts[`dist/${file}`] = fs.readFileSync(path.join(dist, file));
}

const over = [];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const num = (n) => String(n).padStart(9);
const verdict = (bytes, limit) => {
  if (limit === undefined) return '';
  return bytes <= limit ? ` ≤ ${limit}` : ` OVER ${limit}`;
};
const line = (label, raw, gz, br, budget = {}) => {
  if (budget.raw !== undefined && raw > budget.raw) over.push(`${label}: raw ${raw} B > ${budget.raw} B`);
  if (budget.gzip !== undefined && gz > budget.gzip) over.push(`${label}: gzip ${gz} B > ${budget.gzip} B`);
  console.log(
    `  ${label.padEnd(44)} ${num(raw)} B${verdict(raw, budget.raw).padEnd(12)} gzip ${num(gz)} B${verdict(gz, budget.gzip).padEnd(12)}` +
      (br === undefined ? '' : ` brotli ${num(br)} B`) +
      `  (${kb(raw)})`,
  );
};

const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: pkg,
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  }),
)[0];
console.log(
  `${packed.name}@${packed.version}: what each target receives (bytes; budgets from scripts/size-budgets.mjs)`,
);
for (const [label, bytes] of Object.entries(artifacts)) {
  if (bytes === undefined) {
    over.push(`${label}: missing`);
    continue;
  }
  line(label, bytes.length, gzip(bytes), brotli(bytes), BUDGETS[label]);
}
for (const label of Object.keys(BUDGETS)) if (!(label in artifacts)) over.push(`${label}: no such artifact`);
// The Node entry carries the full .wasm inline (base64: no file read, so it runs wherever a server
// bundler puts it): how much of it that is.
{
  const node = artifacts['dist/node.mjs'];
  const inline = node.toString('utf8').match(/"(AGFzbQ[A-Za-z0-9+/=]+)"/)?.[1].length ?? 0;
  console.log(
    `  Node entry (dist/node.mjs, likewise node.cjs): ${kb(node.length)}, of which the inline .wasm (base64) ${kb(inline)}, the JS ${kb(node.length - inline)}`,
  );
}

const appSizes = path.join(root, '.artifacts/app-sizes.json');
if (!apps) {
  console.log('decode-only apps: see `size-report.mjs --apps` (after tests/js/apps-bundlers.test.mjs)');
} else if (fs.existsSync(appSizes)) {
  console.log('decode-only apps (all JS + wasm a page loads; built by tests/js/apps-bundlers.test.mjs)');
  for (const [app, size] of Object.entries(JSON.parse(fs.readFileSync(appSizes, 'utf8')))) {
    line(app, size.raw, size.gzip, undefined, APP_BUDGETS[app]);
  }
} else {
  over.push('decode-only apps: not built (.artifacts/app-sizes.json is written by tests/js/apps-bundlers.test.mjs)');
}

// First use of the browser build: a fresh process imports dist/decode.js and decodes one token
// (the wasm is compiled and instantiated on that first call). Median of 11 processes; Node's V8
// on this machine, which a page's V8 resembles (the Vite/webpack page tests record theirs).
{
  const { createToken } = await import(path.join(dist, 'node.mjs'));
  const token = createToken({
    apiKey: 'K',
    apiSecret: 'size-report-secret-0123456789abcdef',
    roomId: 'r',
    participantName: 'p',
  });
  const script = `const t0 = performance.now(); const m = await import(${JSON.stringify(path.join(dist, 'decode.js'))}); const t1 = performance.now(); m.decodeToken(${JSON.stringify(token)}); const t2 = performance.now(); console.log(JSON.stringify([t1 - t0, t2 - t1]));`;
  const runs = [];
  for (let i = 0; i < 11; i++) {
    runs.push(
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 }),
      ),
    );
  }
  const median = (k) =>
    runs
      .map((r) => r[k])
      .sort((x, y) => x - y)[5]
      .toFixed(2);
  console.log(
    `  browser build, first use: import ${median(0)} ms, first decodeToken (compile + instantiate + decode) ${median(1)} ms (median of 11 fresh Node ${process.version} processes)`,
  );
}

console.log(`tarball files (${packed.files.length})`);
for (const f of [...packed.files].sort((a, b) => a.path.localeCompare(b.path))) {
  console.log(`  ${f.path.padEnd(44)} ${num(f.size)} B  (${kb(f.size)})`);
}
console.log(`  ${`tarball (${packed.filename})`.padEnd(44)} ${num(packed.size)} B`);

if (check) {
  if (over.length > 0) {
    console.error(`size-report: over budget:\n  ${over.join('\n  ')}`);
    process.exit(1);
  }
  console.log('size-report: every artifact is within its budget');
}
