// The browser build in a real page: the decode-only Vite app of tests/apps/vite (no config),
// built once per package, served statically, and opened `runs` times in headless Chromium, each
// time in a fresh browser context (no code cache, nothing compiled yet). Reports what the page
// ships (JS + .wasm, raw and gzip -9) and the medians of its first decodeToken (the wasm is
// turned into bytes, compiled and instantiated on that call) and its second one.
//
//   node bench/page-decode.mjs [--runs 21] [--baseline PKG_DIR] [--split]
//
// The pages are served cross-origin isolated (COOP and COEP headers), so performance.now() has
// a resolution of 5 µs instead of 100. --split also wraps, before the page runs, the builtins and
// wasm exports the first decode goes through (hex to bytes, WebAssembly.Module and Instance, every
// wasm export, encodeInto, TextDecoder, JSON.parse) and reports the median time in each during the
// page's first decode, the rest being the package's JavaScript, wasm-bindgen's glue and the
// wrappers themselves running for the first time.
//
// --baseline adds another build of the package (e.g. /work/main/pkg, or a copy of pkg/ taken
// before a change), opened alternately with this one in the same browser. Needs `make pkg` and
// scripts/bootstrap-apps (Vite), like tests/js/apps-bundlers.test.mjs, whose helpers it uses.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../tests/js/support/chromium.mjs';
import {
  appBin,
  closeAll,
  EXAMPLE_CLAIMS,
  makeAppCopy,
  removeAppCopy,
  serveStatic,
  shippedBytes,
} from '../tests/apps/support.mjs';
import { median, textTable } from './format.mjs';
import { PKG_DIR } from './paths.mjs';
import { parseArgs } from './proc.mjs';

const args = parseArgs(process.argv.slice(2));
const RUNS = Number(args.runs ?? 21);
const SPLIT = args.split !== undefined;
/** performance.now() at 5 µs: https://developer.mozilla.org/docs/Web/API/Performance/now#security_requirements */
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Runs in the page before anything else (--split): times every call of the builtins and wasm
 * exports the first decode uses, into window.__split (ms by name), until that decode has run.
 */
function wrapForSplit() {
  const spent = {};
  window.__split = spent;
  const timed = (label, call) => {
    const t = performance.now();
    try {
      return call();
    } finally {
      if (!window.__app?.decodes?.length) spent[label] = (spent[label] ?? 0) + performance.now() - t;
    }
  };
  const method = (owner, name, label) => {
    const f = owner[name];
    owner[name] = function (...a) {
      return timed(label, () => f.apply(this, a));
    };
  };
  method(Uint8Array, 'fromHex', 'hex to bytes');
  method(JSON, 'parse', 'JSON.parse');
  method(TextEncoder.prototype, 'encodeInto', 'encodeInto');
  method(TextDecoder.prototype, 'decode', 'TextDecoder');
  const { Module, Instance } = WebAssembly;
  // Classes, not arrow functions: the glue calls them with `new`.
  WebAssembly.Module = class extends Module {
    constructor(bytes) {
      const t = performance.now();
      super(bytes);
      if (!window.__app?.decodes?.length) spent.compile = (spent.compile ?? 0) + performance.now() - t;
    }
  };
  WebAssembly.Instance = class {
    constructor(module, imports) {
      const instance = timed('instantiate', () => new Instance(module, imports));
      this.exports = {};
      for (const [name, value] of Object.entries(instance.exports)) {
        this.exports[name] = typeof value === 'function' ? (...a) => timed(`wasm ${name}`, () => value(...a)) : value;
      }
    }
  };
}

/** A Vite build of the decode-only app with the package in `pkgDir`: { dir, dist, sizes }. */
function buildApp(pkgDir) {
  const dir = makeAppCopy('vite'); // installs the packed pkg/ of this checkout
  if (path.resolve(pkgDir) !== path.resolve(PKG_DIR)) {
    const packs = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-bench-pack-'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', packs], { cwd: pkgDir, encoding: 'utf8' });
    const tarball = path.join(packs, JSON.parse(out)[0].filename);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', tarball], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  execFileSync(appBin('vite', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, CI: '1' },
  });
  return { dir, dist: path.join(dir, 'dist'), sizes: shippedBytes(path.join(dir, 'dist')).total };
}

/** One cold page load: the page's first and second decodeToken, in ms. */
async function openOnce(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    if (SPLIT) await page.addInitScript(wrapForSplit);
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForFunction(() => window.__app?.signing != null, null, { timeout: 10_000 });
    await page.click('#decode-again');
    await page.waitForFunction(() => window.__app.decodes.length === 2, null, { timeout: 10_000 });
    const app = await page.evaluate(() => window.__app);
    if (JSON.stringify(app.decodes[0].claims) !== JSON.stringify(EXAMPLE_CLAIMS)) {
      throw new Error(`the page decoded something else: ${JSON.stringify(app.decodes[0])}`);
    }
    return [...app.decodeMs, SPLIT ? await page.evaluate(() => window.__split) : undefined];
  } finally {
    await context.close();
  }
}

const subjects = [{ label: `this build (${path.relative(process.cwd(), PKG_DIR) || '.'})`, pkgDir: PKG_DIR }];
if (args.baseline) subjects.push({ label: `baseline (${args.baseline})`, pkgDir: args.baseline });

const browser = await launchChromium();
try {
  for (const s of subjects) {
    s.app = buildApp(s.pkgDir);
    s.server = await serveStatic(s.app.dist, ISOLATED);
    s.first = [];
    s.second = [];
    s.split = [];
  }
  for (let i = 0; i < RUNS; i++) {
    for (const s of subjects) {
      const [first, second, split] = await openOnce(browser, `${s.server.url}/`);
      s.first.push(first);
      s.second.push(second);
      if (split) s.split.push({ ...split, first });
    }
  }
  const ms = (x) => x.toFixed(2);
  const sorted = (xs) => [...xs].sort((a, b) => a - b);
  console.log(
    textTable(
      ['package', 'shipped raw B', 'gzip B', `first decode ms (median of ${RUNS})`, 'p10–p90', 'second decode ms'],
      subjects.map((s) => {
        const f = sorted(s.first);
        const p = (q) => f[Math.min(f.length - 1, Math.floor(q * f.length))];
        return [
          s.label,
          s.app.sizes.raw,
          s.app.sizes.gzip,
          ms(median(s.first)),
          `${ms(p(0.1))}–${ms(p(0.9))}`,
          ms(median(s.second)),
        ];
      }),
    ),
  );
  console.log(`Chromium ${browser.version()}, Vite app of tests/apps/vite, each open in a fresh context`);
  for (const s of subjects.filter((x) => x.split.length > 0)) {
    const names = [...new Set(s.split.flatMap(Object.keys))].filter((n) => n !== 'first');
    const rest = s.split.map((r) => r.first - names.reduce((sum, n) => sum + (r[n] ?? 0), 0));
    console.log(`\n${s.label}: the first decode, call by call (median of ${RUNS}, ms)`);
    console.log(
      textTable(
        ['part', 'ms'],
        [
          ...names.map((n) => [n, ms(median(s.split.map((r) => r[n] ?? 0)))]),
          ['the rest: package JS, glue, wrappers (first run)', ms(median(rest))],
          ['first decode (with the wrappers)', ms(median(s.split.map((r) => r.first)))],
        ],
      ),
    );
  }
} finally {
  for (const s of subjects) {
    await s.server?.close();
    removeAppCopy(s.app?.dir);
  }
  await closeAll(browser);
}
