// Helpers for the app suites (tests/js/apps-*.test.mjs): a copy of one app of tests/apps/ with the
// packed package installed in it, a static server for its build, the shipped bytes of a build,
// and one page run in headless Chromium.
//
// Layout of a run: tests/apps/<app>/ holds the app's sources and its tools, installed by
// scripts/bootstrap-apps from the committed lockfile (node_modules/). A test copies the sources
// into tests/apps/<app>/.test-<pid>-XXXXXX/ and installs the packed tarball there, as a user would
// (`npm install ./isometrik-token-x.y.z.tgz`): the app resolves `isometrik-token` through the
// copy's node_modules and the package's exports map, and its tools from the folder above.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { packTarball, root } from '../js/support/package.mjs';
import { withTimeout } from '../js/support/run.mjs';

export const APPS = import.meta.dirname;
const NPM_TIMEOUT_MS = 120_000;
/** What the app folders hold besides their sources. */
const NOT_SOURCES = new Set(['node_modules', 'package-lock.json', 'dist', '.next']);

/** tests/apps/<app>/node_modules/.bin/<name>, failing clearly when the bootstrap has not run. */
export function appBin(app, name) {
  const file = path.join(APPS, app, 'node_modules/.bin', name);
  if (!fs.existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run scripts/bootstrap-apps`);
  return file;
}

/**
 * Copies the sources of tests/apps/<app> into a fresh tests/apps/<app>/.test-<pid>-XXXXXX/ and installs
 * the packed package there; returns the copy's directory (remove it with removeAppCopy).
 */
export function makeAppCopy(app) {
  const from = path.join(APPS, app);
  removeStaleCopies(from);
  const dir = fs.mkdtempSync(path.join(from, `.test-${process.pid}-`));
  for (const entry of fs.readdirSync(from)) {
    if (NOT_SOURCES.has(entry) || entry.startsWith('.test-') || entry === 'package.json') continue;
    fs.cpSync(path.join(from, entry), path.join(dir, entry), { recursive: true });
  }
  // The app's package.json without its tools (they are installed in the folder above).
  const { dependencies, devDependencies, ...manifest } = JSON.parse(
    fs.readFileSync(path.join(from, 'package.json'), 'utf8'),
  );
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', packTarball()], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: NPM_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
  return dir;
}

/** Copies left by a test process that is gone (killed before its `after` hook ran). */
function removeStaleCopies(from) {
  for (const entry of fs.readdirSync(from)) {
    const pid = Number(/^\.test-(\d+)-/.exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (err) {
      if (err.code === 'ESRCH') fs.rmSync(path.join(from, entry), { recursive: true, force: true });
    }
  }
}

export function removeAppCopy(dir) {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir` (relative paths, sorted). */
function filesUnder(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * What a build in `dir` ships to the browser: every .js/.mjs and .wasm file, raw and gzip -9 (as
 * scripts/size-report.mjs measures), with totals: { files: [{ file, raw, gzip }], js, wasm, total }.
 */
export function shippedBytes(dir) {
  const files = filesUnder(dir)
    .filter((f) => /\.(m?js|wasm)$/.test(f))
    .map((file) => {
      const bytes = fs.readFileSync(path.join(dir, file));
      return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    });
  const sum = (list) => ({ raw: list.reduce((s, f) => s + f.raw, 0), gzip: list.reduce((s, f) => s + f.gzip, 0) });
  return {
    files,
    js: sum(files.filter((f) => !f.file.endsWith('.wasm'))),
    wasm: sum(files.filter((f) => f.file.endsWith('.wasm'))),
    total: sum(files),
  };
}

/**
 * .artifacts/app-sizes.json, read by scripts/size-report.mjs (which budgets `raw` and `gzip`):
 * { <app>: { raw, gzip (all JS + .wasm shipped), tool, version, buildMs, firstDecodeMs,
 * secondDecodeMs, files, js, wasm, total, measuredAt } }.
 */
export const SIZES_FILE = path.join(root, '.artifacts/app-sizes.json');

/** Records one app's sizes in SIZES_FILE (other apps' entries kept). */
export function recordSizes(app, entry) {
  fs.mkdirSync(path.dirname(SIZES_FILE), { recursive: true });
  let all = {};
  try {
    all = JSON.parse(fs.readFileSync(SIZES_FILE, 'utf8'));
  } catch {
    // none yet, or unreadable: start again
  }
  all[app] = { ...entry, measuredAt: new Date().toISOString() };
  const tmp = `${SIZES_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`);
  fs.renameSync(tmp, SIZES_FILE);
}

/** One line per file and the totals, for t.diagnostic. */
export function describeSizes(label, sizes) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const row = (name, { raw, gzip }) =>
    `${label}: ${name.padEnd(36)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(10)} gzip`;
  return [
    ...sizes.files.map((f) => row(f.file, f)),
    row('JS', sizes.js),
    row('wasm', sizes.wasm),
    row('total shipped (JS + wasm)', sizes.total),
  ];
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * A static server for the files under `dir` on 127.0.0.1 (`/` is index.html), every response
 * with `headers` (e.g. a Content-Security-Policy); resolves to { url, close }.
 */
export async function serveStatic(dir, headers = {}) {
  const base = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const full = path.resolve(base, rel);
    if (!full.startsWith(base + path.sep) || !fs.existsSync(full) || !fs.statSync(full).isFile()) {
      res.writeHead(404, headers).end();
      return;
    }
    const type = CONTENT_TYPES[path.extname(full)] ?? 'application/octet-stream';
    res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': 'no-store' }).end(fs.readFileSync(full));
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Chromium's console message for a Content-Security-Policy violation (expected under a strict policy). */
const CSP_CONSOLE = /Content Security Policy|wasm-unsafe-eval|wasm-eval/i;

/**
 * Opens `url` (an app page of tests/apps: it sets window.__app when its module has run) and
 * resolves to { app, dom, problems, cspConsole, violations, page } once the page has run or
 * `settleMs` after load if it never does. `problems` are page errors and console errors other
 * than CSP reports; `cspConsole` the CSP console reports; `violations` the
 * securitypolicyviolation events (blockedURI). The caller closes `page`.
 */
export async function openApp(browser, url, { settleMs = 5_000 } = {}) {
  const page = await browser.newPage();
  const problems = [];
  const cspConsole = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (CSP_CONSOLE.test(msg.text())) cspConsole.push(msg.text());
    else problems.push(`console.error: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url, { timeout: 30_000, waitUntil: 'load' });
  try {
    await page.waitForFunction(() => window.__app?.signing != null, null, { timeout: settleMs });
  } catch {
    // the app never finished: the caller's assertions say what is missing
  }
  return { page, problems, cspConsole, ...(await appState(page)) };
}

/** What the app page recorded and shows now. */
export async function appState(page) {
  return page.evaluate(() => ({
    app: window.__app ?? null,
    violations: [...(window.__violations ?? [])],
    dom: Object.fromEntries(
      ['status', 'claims', 'decode-count', 'signing'].map((id) => [
        id,
        document.getElementById(id)?.textContent ?? null,
      ]),
    ),
  }));
}

/** Closes a page and the browser, each bounded. */
export async function closeAll(...things) {
  for (const thing of things) if (thing) await withTimeout(thing.close(), 30_000, 'close');
}

/** The claims of the apps' example token (the conformance suite's golden token). */
export const EXAMPLE_CLAIMS = {
  iss: 'APIkey123',
  sub: 'alice',
  room: 'daily-standup',
  name: 'Alice',
  permissions: { canPublish: true, canSubscribe: true },
  iat: 1_700_000_000,
  nbf: 1_700_000_000,
  exp: 1_700_003_600,
};

/** A port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The shared password of the deploy recipes' demo `authorize` (their DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'recipe-demo-password-Hs8Lp3Xc';

/**
 * Checks a deploy recipe's token endpoint. `post(headers)` sends it
 * `{ roomName: 'daily-standup', participantName: 'someone-else' }` with `headers` and resolves to
 * its Response. Without the demo password, or with a wrong one: 401 ERR_UNAUTHENTICATED. With
 * it: 200 and a token that `verify` accepts whose claims are exactly what the recipe's
 * `authorize` grants — its own identity (not the body's participantName), the room asked for,
 * its permissions, the handler's default hour. `where()` adds context to a failure (server output).
 */
export async function expectRecipeEndpoint(post, verify, { apiKey, where = () => '' }) {
  const send = async (headers) => {
    const response = await post(headers);
    const text = await response.text();
    return { status: response.status, text };
  };
  for (const headers of [{}, { authorization: 'Bearer not-the-demo-password' }]) {
    const { status, text } = await send(headers);
    assert.equal(status, 401, `${JSON.stringify(headers)}: ${text}${where()}`);
    assert.equal(JSON.parse(text).code, 'ERR_UNAUTHENTICATED', text);
  }
  const { status, text } = await send({ authorization: `Bearer ${DEMO_PASSWORD}` });
  assert.equal(status, 200, `${text}${where()}`);
  const claims = verify(JSON.parse(text).token);
  assert.deepEqual(
    {
      iss: claims.iss,
      sub: claims.sub,
      room: claims.room,
      permissions: claims.permissions,
      life: claims.exp - claims.iat,
    },
    {
      iss: apiKey,
      sub: 'demo-user',
      room: 'daily-standup',
      permissions: { canPublish: true, canSubscribe: true },
      life: 3600,
    },
  );
}

/** The body every recipe test sends: a participantName that the recipes must not take as identity. */
export const RECIPE_BODY = JSON.stringify({ roomName: 'daily-standup', participantName: 'someone-else' });
