// The ONE package, zero configuration, every runtime: packs pkg/, installs the tarball into
// throwaway consumer projects and runs the same conformance script (conformance/conformance.mjs)
// in Node (import and require), Deno, Bun, workerd (Miniflare, bundled the way wrangler does)
// and headless Chromium (bundled by esbuild, and unbundled through an import map).
// Nothing is skipped: a missing tool is a failure. Every child process and server is time-bound
// and torn down.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { launchChromium } from './support/chromium.mjs';
import { bin, makeConsumer, packTarball, root } from './support/package.mjs';
import { runOk, withTimeout } from './support/run.mjs';
import { conformanceCjsTwin } from './support/conformance-twin.mjs';
import { bundleWorker, startMiniflare, stopMiniflare } from './support/workerd.mjs';

const CONFORMANCE = path.join(import.meta.dirname, 'conformance');
const PKG_DIST = '/node_modules/isometrik-token/dist/';

const cleanup = [];
/** label -> conformance result, for the cross-runtime comparison at the end. */
const results = new Map();

before(() => {
  const tarball = packTarball();
  cleanup.push(path.dirname(tarball));
});
after(() => {
  for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
});

/** A consumer project with the tarball installed and the given conformance files copied in. */
function consumer(name, packageJson, files) {
  const dir = makeConsumer(name, packageJson);
  cleanup.push(dir);
  for (const file of files) fs.copyFileSync(path.join(CONFORMANCE, file), path.join(dir, file));
  return dir;
}

/** The `CONFORMANCE {json}` line a command-line runner printed. */
function parseOutput({ stdout, stderr }) {
  const line = stdout.split('\n').find((l) => l.startsWith('CONFORMANCE '));
  assert.ok(line, `no CONFORMANCE line\nstdout: ${stdout}\nstderr: ${stderr}`);
  return JSON.parse(line.slice('CONFORMANCE '.length));
}

/** Asserts a conformance run passed every check in the expected runtime, and reports it. */
function expectAllPassed(t, label, result, runtimePrefix) {
  t.diagnostic(`${label}: ${result.passed}/${result.total} checks passed [${result.runtime}]`);
  for (const note of result.notes) t.diagnostic(`${label}: note: ${note}`);
  assert.ok(result.runtime.startsWith(runtimePrefix), `${label} ran in "${result.runtime}", expected ${runtimePrefix}`);
  assert.deepEqual(result.failures, [], `${label}: failed checks`);
  assert.equal(result.failed, 0);
  assert.ok(result.total > 0, 'no checks ran');
  assert.equal(result.passed, result.total);
  results.set(label, result);
}

function resolvedTo(result, file) {
  const resolved = result.resolved.replace(/\\/g, '/');
  assert.ok(resolved.endsWith(`${PKG_DIST}${file}`), `resolved to ${resolved}, expected .../dist/${file}`);
}

test('Node ESM (import)', { timeout: 90_000 }, async (t) => {
  const dir = consumer('node-esm', { type: 'module' }, ['conformance.mjs', 'main.mjs']);
  const result = parseOutput(await runOk(process.execPath, ['main.mjs'], { cwd: dir, timeout: 60_000 }));
  expectAllPassed(t, 'node-esm', result, 'node ');
  resolvedTo(result, 'node.mjs');
});

test('Node CJS (require)', { timeout: 90_000 }, async (t) => {
  const dir = consumer('node-cjs', {}, ['main.cjs']);
  fs.writeFileSync(
    path.join(dir, 'conformance.cjs'),
    conformanceCjsTwin(fs.readFileSync(path.join(CONFORMANCE, 'conformance.mjs'), 'utf8')),
  );
  const result = parseOutput(await runOk(process.execPath, ['main.cjs'], { cwd: dir, timeout: 60_000 }));
  expectAllPassed(t, 'node-cjs', result, 'node ');
  resolvedTo(result, 'node.cjs');
  assert.equal(result.sameInstance, true, 'require() and import() gave different instances');
});

test('Deno (npm package in node_modules, no permissions, no network)', { timeout: 90_000 }, async (t) => {
  const dir = consumer('deno', { type: 'module' }, ['conformance.mjs', 'main.mjs']);
  const args = ['run', '--node-modules-dir=manual', '--cached-only', '--no-lock', '--no-prompt', 'main.mjs'];
  const env = { DENO_DIR: path.join(dir, '.deno-dir'), DENO_NO_UPDATE_CHECK: '1' };
  const result = parseOutput(await runOk(bin('deno'), args, { cwd: dir, env, timeout: 60_000 }));
  expectAllPassed(t, 'deno', result, 'deno ');
  resolvedTo(result, 'web.js');
});

test('Bun', { timeout: 90_000 }, async (t) => {
  const dir = consumer('bun', { type: 'module' }, ['conformance.mjs', 'main.mjs']);
  const env = { BUN_INSTALL_CACHE_DIR: path.join(dir, '.bun-cache') };
  const result = parseOutput(await runOk(bin('bun'), ['--no-install', 'main.mjs'], { cwd: dir, env, timeout: 60_000 }));
  expectAllPassed(t, 'bun', result, 'bun ');
  resolvedTo(result, 'node.mjs');
});

test('workerd (Miniflare 4, bundled like wrangler)', { timeout: 120_000 }, async (t) => {
  const dir = consumer('workerd', { type: 'module' }, ['conformance.mjs', 'worker.mjs']);
  const worker = await bundleWorker({ absWorkingDir: dir, entry: 'worker.mjs', outdir: path.join(dir, 'out') });
  const { inputs, files } = worker;
  assert.ok(
    inputs.includes('node_modules/isometrik-token/dist/workerd.js'),
    `the worker did not use dist/workerd.js: ${inputs}`,
  );
  assert.ok(!inputs.some((i) => /dist\/(web\.js|node\.c?js|node\.mjs)$/.test(i)), `other entries bundled: ${inputs}`);
  const wasmFiles = files.filter((f) => f.endsWith('.wasm'));
  assert.deepEqual(files, ['worker.js', ...wasmFiles].sort(), `bundle output: ${files}`);
  assert.equal(wasmFiles.length, 1, 'exactly one .wasm module next to the worker');
  const wasm = worker.wasm[0].contents;
  assert.deepEqual(wasm, fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/dist/isometrik_token_bg.wasm')));
  const script = worker.script.contents;
  assert.ok(script.includes(`./${wasmFiles[0]}`), 'the worker does not import the .wasm module');
  assert.ok(script.length < wasm.length, 'the worker script carries the wasm inline');

  const mf = await startMiniflare(worker, { compatibilityDate: '2025-01-01', host: '127.0.0.1', port: 0 });
  try {
    // Two requests: the module-level instance must serve more than one.
    for (const label of ['workerd', 'workerd (2nd request)']) {
      const response = await withTimeout(mf.dispatchFetch('http://127.0.0.1/'), 60_000, 'dispatchFetch');
      const text = await response.text();
      assert.equal(response.status, 200, text);
      expectAllPassed(t, label, JSON.parse(text), 'workerd');
    }
  } finally {
    await stopMiniflare(mf);
  }
});

const CONTENT_TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

/** A static server on 127.0.0.1 for the browser pages; resolves to { url, close }. */
async function serve(routes, staticRoot) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let body = routes[url.pathname];
    let file = url.pathname;
    if (body === undefined && staticRoot) {
      const full = path.join(staticRoot, path.normalize(decodeURIComponent(url.pathname)));
      if (full.startsWith(staticRoot + path.sep) && fs.existsSync(full) && fs.statSync(full).isFile()) {
        body = fs.readFileSync(full);
      }
      file = full;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (body === undefined) {
      res.writeHead(404).end();
    } else {
      const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    }
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

/** Opens `url` and returns `window.__conformance`, failing on any page error or console error. */
async function conformanceInPage(browser, url) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  try {
    await page.goto(url, { timeout: 30_000 });
    await Promise.race([
      page.waitForFunction(() => window.__conformance !== undefined, null, { timeout: 30_000 }),
      page.waitForEvent('pageerror', { timeout: 30_000 }).then((err) => {
        throw new Error(`page error before the checks finished: ${err.message}`);
      }),
    ]);
    const result = await page.evaluate(() => window.__conformance);
    assert.deepEqual(problems, [], 'the page reported errors');
    return result;
  } finally {
    await page.close();
  }
}

test('Chromium (headless; esbuild bundle and native ESM with an import map)', { timeout: 120_000 }, async (t) => {
  const dir = consumer('browser', { type: 'module' }, ['conformance.mjs', 'page.mjs']);
  const bundle = await build({
    absWorkingDir: dir,
    entryPoints: ['page.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The browser condition gives the decode-only build; signing in a page (the conformance
    // script passes dangerouslyAllowBrowser) takes the full build, as the README says.
    alias: { 'isometrik-token': 'isometrik-token/full' },
  });
  const inputs = Object.keys(bundle.metafile.inputs);
  assert.ok(inputs.includes('node_modules/isometrik-token/dist/web.js'), `the page did not use dist/web.js: ${inputs}`);
  assert.ok(
    !inputs.some((i) => /dist\/(workerd\.js|node\.c?js|node\.mjs)$/.test(i)),
    `other entries bundled: ${inputs}`,
  );
  const importMap = JSON.stringify({ imports: { 'isometrik-token': `${PKG_DIST}web.js` } });
  const server = await serve(
    {
      '/index.html':
        '<!doctype html><meta charset="utf-8"><title>bundled</title><script type="module" src="/bundle.js"></script>',
      '/bundle.js': bundle.outputFiles[0].contents,
      '/importmap.html':
        `<!doctype html><meta charset="utf-8"><title>import map</title><script type="importmap">${importMap}</script>` +
        '<script type="module" src="/page.mjs"></script>',
    },
    dir,
  );
  let browser;
  try {
    browser = await launchChromium();
    for (const [label, page] of [
      ['chromium (bundled)', '/index.html'],
      ['chromium (import map)', '/importmap.html'],
    ]) {
      const result = await withTimeout(conformanceInPage(browser, `${server.url}${page}`), 60_000, label);
      expectAllPassed(t, label, result, 'browser ');
      assert.ok(
        result.checks.includes('browser: createToken needs dangerouslyAllowBrowser'),
        'the browser guard was not checked',
      );
    }
  } finally {
    if (browser) await withTimeout(browser.close(), 30_000, 'browser.close');
    await server.close();
  }
});

// The browser guard also covers browser workers (no `document` there): a module Worker that
// imports the package refuses a secret unless dangerouslyAllowBrowser, and still decodes.
const GUARD_WORKER = `
import { createToken, decodeToken } from 'isometrik-token/full';
import * as lean from 'isometrik-token';
const options = { apiKey: 'K', apiSecret: 'worker-guard-secret-0123456789abcdef', roomId: 'r', participantName: 'p' };
const result = {};
try {
  lean.createToken({ ...options, dangerouslyAllowBrowser: true });
  result.lean = 'no error';
} catch (err) {
  result.lean = err.code;
}
try {
  createToken(options);
  result.bare = 'no error';
} catch (err) {
  result.bare = err.code;
}
const token = createToken({ ...options, dangerouslyAllowBrowser: true });
result.allowed = typeof token;
result.decoded = decodeToken(token).sub;
result.leanDecoded = lean.decodeToken(token).sub;
postMessage(result);
`;

test('Chromium: the browser guard in a module Worker', { timeout: 120_000 }, async () => {
  const dir = consumer('browser-worker', { type: 'module' }, []);
  fs.writeFileSync(path.join(dir, 'guard-worker.mjs'), GUARD_WORKER);
  const bundle = await build({
    absWorkingDir: dir,
    entryPoints: ['guard-worker.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const server = await serve(
    {
      '/guard.html':
        '<!doctype html><meta charset="utf-8"><title>worker guard</title><script type="module">' +
        "const w = new Worker('/guard-worker.js', { type: 'module' });" +
        'w.onmessage = (e) => { window.__guard = e.data; };' +
        "w.onerror = (e) => { window.__guard = { error: e.message ?? 'worker error' }; };" +
        '</script>',
      '/guard-worker.js': bundle.outputFiles[0].contents,
    },
    dir,
  );
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${server.url}/guard.html`, { timeout: 30_000 });
    await page.waitForFunction(() => window.__guard !== undefined, null, { timeout: 30_000 });
    const result = await page.evaluate(() => window.__guard);
    assert.deepEqual(result, {
      lean: 'ERR_BROWSER_SECRET',
      bare: 'ERR_BROWSER_SECRET',
      allowed: 'string',
      decoded: 'p',
      leanDecoded: 'p',
    });
  } finally {
    if (browser) await withTimeout(browser.close(), 30_000, 'browser.close');
    await server.close();
  }
});

test('every runtime ran the same checks', (t) => {
  const expected = ['node-esm', 'node-cjs', 'deno', 'bun', 'workerd', 'chromium (bundled)', 'chromium (import map)'];
  assert.deepEqual(
    expected.filter((label) => !results.has(label)),
    [],
    'runtimes without a result',
  );
  const server = results.get('node-esm').checks;
  for (const label of ['node-cjs', 'deno', 'bun', 'workerd', 'workerd (2nd request)']) {
    assert.deepEqual(results.get(label).checks, server, `${label} ran other checks than node-esm`);
  }
  const browser = results.get('chromium (bundled)').checks;
  assert.deepEqual(results.get('chromium (import map)').checks, browser);
  const serverOnly = server.filter((c) => !browser.includes(c));
  assert.deepEqual(serverOnly, ['server runtime: no browser flag needed']);
  assert.ok(browser.filter((c) => c.startsWith('browser: ')).length >= 4, 'browser guard checks missing');
  for (const [label, r] of results) t.diagnostic(`${label.padEnd(22)} ${r.passed}/${r.total}`);
  t.diagnostic(`(checked against ${path.relative(root, path.join(root, 'pkg'))}/ packed as a tarball)`);
});
