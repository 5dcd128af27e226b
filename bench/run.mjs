// `make bench`: every benchmark, each in its own process, then the targets' verdicts,
// bench/results.json, bench/RESULTS.md and bench/results.svg.
//
//   node bench/run.mjs                 everything (~3–5 min on 2 cores)
//   node bench/run.mjs --quick         a fast smoke run (fewer rounds and runs, 100k tokens)
//   node bench/run.mjs --only node,runtimes,coldstart,memory,boundary,size
//   node bench/run.mjs --report-only   re-render RESULTS.md and results.svg from results.json
//   node bench/run.mjs --strict        exit 1 if a target is MISSED (default: only a failed
//                                      sanity check or memory growth fails the run)
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { BENCH_DIR, PKG_DIR, ROOT, WASM_PATH } from './paths.mjs';
import { parseArgs, runProcess } from './proc.mjs';
import { checkTargets, renderMarkdown, renderSvg, targetLines } from './report.mjs';

const args = parseArgs(process.argv.slice(2));
const RESULTS_JSON = path.join(BENCH_DIR, 'results.json');
const quick = Boolean(args.quick);
const only = new Set(String(args.only ?? 'size,node,boundary,runtimes,coldstart,memory').split(','));

if (!fs.existsSync(WASM_PATH)) {
  console.error(`bench: ${WASM_PATH} is missing: build the package first (make pkg)`);
  process.exit(2);
}

/**
 * Every benchmark measures one snapshot of the package: pkg/ is copied to a temporary directory
 * (under the build lock, so never half-written) and the children get it as BENCH_PKG_DIR. A
 * rebuild of pkg/ during the run (another session's `make pkg`) then changes nothing here.
 */
function snapshotPackage() {
  if (process.env.BENCH_PKG_DIR) return PKG_DIR;
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pkg-'));
  const lock = path.join(ROOT, 'target/.build-pkg.lock');
  if (fs.existsSync(path.dirname(lock))) {
    execFileSync('flock', ['-w', '900', lock, 'cp', '-a', `${PKG_DIR}/.`, dest]);
  } else {
    fs.cpSync(PKG_DIR, dest, { recursive: true });
  }
  process.on('exit', () => fs.rmSync(dest, { recursive: true, force: true }));
  process.env.BENCH_PKG_DIR = dest;
  return dest;
}

function meta(startedAt, loadBefore, pkgDir) {
  const cpus = os.cpus();
  const wasm = fs.readFileSync(path.join(pkgDir, 'dist/isometrik_token_bg.wasm'));
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'Cargo.toml', 'pkg-template'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    if (dirty) commit += ' + uncommitted changes in src/Cargo.toml/pkg-template';
  } catch {
    // not a git checkout
  }
  return {
    date: new Date(startedAt).toISOString(),
    seconds: (Date.now() - startedAt) / 1000,
    cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadBefore,
    loadAfter: os.loadavg(),
    pkgDir:
      process.env.BENCH_PKG_DIR === pkgDir && pkgDir !== PKG_DIR
        ? 'a snapshot of pkg/'
        : path.relative(ROOT, pkgDir) || '.',
    pkgVersion: JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version,
    wasmSha256: crypto.createHash('sha256').update(wasm).digest('hex'),
    commit,
  };
}

/** .wasm raw and gzip -9, computed like scripts/size-report.mjs, and cross-checked with it. */
async function size(pkgDir) {
  const wasm = fs.readFileSync(path.join(pkgDir, 'dist/isometrik_token_bg.wasm'));
  const out = { raw: wasm.length, gzip: zlib.gzipSync(wasm, { level: 9 }).length };
  const script = path.join(ROOT, 'scripts/size-report.mjs');
  const same = (() => {
    try {
      return fs.readFileSync(path.join(ROOT, 'pkg/dist/isometrik_token_bg.wasm')).equals(wasm);
    } catch {
      return false;
    }
  })();
  // size-report reads pkg/ itself: compare only if pkg/ still holds the snapshot's .wasm.
  if (fs.existsSync(script) && same) {
    const r = await runProcess(process.execPath, [script], { timeout: 90_000 });
    const raw = /^\s*raw\s+(\d+) B/m.exec(r.stdout)?.[1];
    const gzip = /^\s*gzip -9\s+(\d+) B/m.exec(r.stdout)?.[1];
    if (raw && gzip) {
      out.sizeReport = { raw: Number(raw), gzip: Number(gzip) };
      if (out.sizeReport.raw !== out.raw || out.sizeReport.gzip !== out.gzip) {
        console.warn(`bench: size-report says raw ${raw} / gzip ${gzip}, bench computed ${out.raw} / ${out.gzip}`);
      }
    }
  }
  console.log(`.wasm: ${out.raw} B raw, ${out.gzip} B gzip -9`);
  return out;
}

/** Runs a child benchmark that writes JSON; echoes its output. Resolves to { json, code }. */
async function child(name, script, scriptArgs, nodeFlags = [], timeout = 300_000) {
  const jsonPath = path.join(os.tmpdir(), `bench-${name}-${process.pid}.json`);
  console.log(
    `\n━━ ${name} ━━ (load ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  const t0 = Date.now();
  const r = await runProcess(
    process.execPath,
    [...nodeFlags, path.join(BENCH_DIR, script), ...scriptArgs, '--json', jsonPath],
    {
      timeout,
      echo: true,
    },
  );
  console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s, exit ${r.code})`);
  let json = null;
  if (fs.existsSync(jsonPath)) {
    json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
    fs.rmSync(jsonPath);
  }
  return { json, code: r.code };
}

let results;
const failures = [];
if (args['report-only']) {
  results = JSON.parse(fs.readFileSync(RESULTS_JSON, 'utf8'));
} else {
  const startedAt = Date.now();
  const loadBefore = os.loadavg();
  const pkgDir = snapshotPackage();
  results = {};
  if (only.has('size')) results.size = await size(pkgDir);
  if (only.has('node')) {
    const r = await child(
      'node',
      'node.mjs',
      quick ? ['--rounds', '1', '--time', '100'] : ['--rounds', '3', '--time', '300'],
      ['--expose-gc'],
    );
    if (r.code !== 0) failures.push(`node benchmark exited ${r.code} (sanity check?)`);
    results.node = r.json;
  }
  if (only.has('boundary')) {
    const r = await child('boundary', 'boundary.mjs', quick ? ['--time', '60'] : ['--time', '120'], ['--expose-gc']);
    if (r.code !== 0) failures.push(`boundary benchmark exited ${r.code}`);
    results.boundary = r.json;
  }
  if (only.has('runtimes')) {
    const r = await child('runtimes', 'runtimes/run.mjs', quick ? ['--rounds', '1'] : ['--rounds', '3']);
    if (r.code !== 0) failures.push(`runtimes benchmark exited ${r.code}`);
    results.runtimes = r.json;
  }
  if (only.has('coldstart')) {
    const r = await child(
      'coldstart',
      'coldstart.mjs',
      quick ? ['--runs', '6', '--bun-runs', '4'] : ['--runs', '30', '--bun-runs', '15'],
    );
    if (r.code !== 0) failures.push(`cold start benchmark exited ${r.code}`);
    results.coldstart = r.json;
  }
  if (only.has('memory')) {
    const r = await child('memory', 'memory.mjs', quick ? ['--tokens', '100000'] : ['--tokens', '1000000'], [
      '--expose-gc',
    ]);
    if (r.code !== 0) failures.push(`memory check failed (exit ${r.code})`);
    results.memory = r.json;
  }
  results.meta = meta(startedAt, loadBefore, pkgDir);
  if (quick || only.size < 6) {
    console.log('\n(partial or quick run: results.json, RESULTS.md and results.svg are left as they were)');
  } else {
    fs.writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  }
}

const targets = checkTargets(results);
console.log(`\n━━ targets ━━\n${targetLines(targets).join('\n')}`);
console.log(`${targets.filter((t) => t.met).length} of ${targets.length} met`);
if (args['report-only'] || !(quick || only.size < 6)) {
  fs.writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), renderMarkdown(results, targets));
  fs.writeFileSync(path.join(BENCH_DIR, 'results.svg'), renderSvg(results));
  console.log('wrote bench/RESULTS.md, bench/results.svg, bench/results.json');
}
if (args['write-quick']) {
  fs.writeFileSync(path.join(os.tmpdir(), 'bench-RESULTS.md'), renderMarkdown(results, targets));
  fs.writeFileSync(path.join(os.tmpdir(), 'bench-results.svg'), renderSvg(results));
}
if (failures.length) {
  console.error(`\nbench: ${failures.join('; ')}`);
  process.exit(1);
}
if (args.strict && targets.some((t) => t.met === false)) process.exit(1);
