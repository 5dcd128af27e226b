// The decode-only page of tests/apps/vite and tests/apps/webpack, built by the real tools with no
// config and no plugin, served statically and run in headless Chromium: the token's claims are
// shown, nothing goes to the console, and signing with a secret is refused without
// dangerouslyAllowBrowser. What each build ships (JS + .wasm, raw and gzip -9) is printed and
// recorded in .artifacts/app-sizes.json for the size report, with how long the page's first and
// second decodeToken calls took (the first includes the wasm compile once that happens on first use).
// The browser build has two wasm modules, decoding and parseDuration's: the page carries only the
// first; the same page that also imports parseDuration carries both, and parses.
//
// The apps import `isometrik-token` by name, so whatever entry the exports map gives a browser
// bundler is what is built and measured. Tools: scripts/bootstrap-apps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from './support/chromium.mjs';
import { runOk } from './support/run.mjs';
import { inlineWasms } from '../../scripts/inline-wasm.mjs';
import {
  APPS,
  appBin,
  appState,
  closeAll,
  describeSizes,
  EXAMPLE_CLAIMS,
  makeAppCopy,
  openApp,
  recordSizes,
  removeAppCopy,
  serveStatic,
  shippedBytes,
} from '../apps/support.mjs';

const BUILD_TIMEOUT_MS = 180_000;
const root = path.resolve(import.meta.dirname, '../..');
// The browser build's two modules, as dist/decode.js carries them: [decode, parseDuration's].
const [decodeWasm, durationsWasm] = inlineWasms(fs.readFileSync(path.join(root, 'pkg/dist/decode.js'), 'utf8'));
/** Every .wasm a build's shipped JS carries inline. */
const shippedWasms = (dir, sizes) =>
  sizes.files.flatMap(({ file }) => inlineWasms(fs.readFileSync(path.join(dir, file), 'utf8')));
const copies = [];
let browser;

before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await closeAll(browser);
  for (const dir of copies) removeAppCopy(dir);
});

const toolVersion = (app, name) =>
  JSON.parse(fs.readFileSync(path.join(APPS, app, 'node_modules', name, 'package.json'), 'utf8')).version;

/**
 * Builds tests/apps/<app> with its tool and checks the page in Chromium. `command` is the tool's
 * command line, `served` the folder served (as a user would deploy it), `shipped` the folder
 * whose JS and .wasm the browser loads.
 */
/**
 * A copy of tests/apps/<app> (`prepare(dir)` may change it), built: { dir, ms, sizes, wasms }
 * (the wasm modules its shipped JS carries).
 */
async function build({ app, tool, args, shipped }, prepare = () => {}) {
  const dir = makeAppCopy(app);
  copies.push(dir);
  prepare(dir);
  const { ms } = await runOk(appBin(app, tool), args, { cwd: dir, timeout: BUILD_TIMEOUT_MS, env: { CI: '1' } });
  const sizes = shippedBytes(path.join(dir, shipped));
  return { dir, ms, sizes, wasms: shippedWasms(path.join(dir, shipped), sizes) };
}

/**
 * Serves the build in `dir` (its `served` folder), opens the page in Chromium, checks that it
 * reported no errors and decoded the example token, then runs `check(run, page)`.
 */
async function inPage(dir, served, check) {
  const server = await serveStatic(path.join(dir, served));
  let page;
  try {
    const run = await openApp(browser, `${server.url}/`);
    page = run.page;
    assert.deepEqual([...run.problems, ...run.cspConsole], [], 'the page reported errors');
    assert.deepEqual(run.app.decodes, [{ claims: EXAMPLE_CLAIMS }], 'decodeToken');
    await check(run, page);
  } finally {
    await closeAll(page);
    await server.close();
  }
}

async function buildAndRun(t, { app, tool, args, served, shipped }) {
  const { dir, ms, sizes, wasms } = await build({ app, tool, args, shipped });
  assert.equal(wasms.length, 1, 'the decode-only page should carry one wasm module');
  assert.ok(wasms[0].equals(decodeWasm), 'the decode-only page carries a wasm other than the decode module');
  const version = toolVersion(app, tool);
  t.diagnostic(`${tool} ${version}: built in ${(ms / 1000).toFixed(1)} s`);
  for (const line of describeSizes(app, sizes)) t.diagnostic(line);
  assert.ok(sizes.js.raw > 0, `no JS in ${shipped}/`);

  await inPage(dir, served, async (run, page) => {
    assert.equal(run.dom.status, 'loaded', 'the app module did not run');
    assert.deepEqual(JSON.parse(run.dom.claims), EXAMPLE_CLAIMS, 'the page does not show the claims');
    assert.equal(run.app.signing.refused, true, 'createToken signed with a secret in a page');
    assert.equal(run.app.signing.error.code, 'ERR_BROWSER_SECRET');
    assert.equal(run.app.signing.error.isIsometrikTokenError, true, 'the refusal is not an IsometrikTokenError');
    assert.equal(run.dom.signing, 'refused: ERR_BROWSER_SECRET');

    // A second decode from the page's button: same claims, and the timings of both calls.
    await page.click('#decode-again', { timeout: 10_000 });
    await page.waitForFunction(() => window.__app.decodes.length === 2, null, { timeout: 10_000 });
    const again = await appState(page);
    assert.deepEqual(again.app.decodes[1], { claims: EXAMPLE_CLAIMS });
    assert.equal(again.dom['decode-count'], '2');
    assert.deepEqual([...run.problems, ...run.cspConsole], [], 'the page reported errors');
    const [firstDecodeMs, secondDecodeMs] = again.app.decodeMs.map((x) => Math.round(x * 100) / 100);
    t.diagnostic(`${app}: decodeToken in the page: first call ${firstDecodeMs} ms, second ${secondDecodeMs} ms`);
    recordSizes(app, {
      ...sizes.total,
      tool,
      version,
      buildMs: Math.round(ms),
      firstDecodeMs,
      secondDecodeMs,
      ...sizes,
    });
  });
}

test('Vite 8, no config: decode-only page in Chromium', { timeout: 300_000 }, (t) =>
  buildAndRun(t, { app: 'vite', tool: 'vite', args: ['build', '--logLevel', 'warn'], served: 'dist', shipped: 'dist' }),
);

// webpack with no config file: the default entry (./src/index.js) and output (./dist/main.js).
// `--mode production` is webpack's default too; passing it only silences the "mode not set"
// warning. The app's package.json says "type": "module", so webpack reads its sources as ESM
// (a "commonjs" type would make it reject the import statements).
test('webpack 5, no config: decode-only page in Chromium', { timeout: 300_000 }, (t) =>
  buildAndRun(t, { app: 'webpack', tool: 'webpack', args: ['--mode', 'production'], served: '.', shipped: 'dist' }),
);

/**
 * The same page, also parsing durations (the import appended to its entry file in the copy):
 * it carries parseDuration's module beside the decode module, and parseDuration parses in the
 * page and refuses a bad duration with its code.
 */
async function buildWithDurations(t, { app, tool, args, served, shipped, entry }) {
  const { dir, sizes, wasms } = await build({ app, tool, args, shipped }, (copy) =>
    fs.appendFileSync(
      path.join(copy, entry),
      `
import { parseDuration } from 'isometrik-token';
window.__app.durations = [parseDuration('90 minutes'), parseDuration(5)];
try {
  parseDuration('1 fortnight');
} catch (err) {
  window.__app.durations.push(err.code);
}
`,
    ),
  );
  for (const line of describeSizes(`${app} + parseDuration`, sizes)) t.diagnostic(line);
  assert.equal(wasms.length, 2, 'a page that parses durations should carry two wasm modules');
  assert.ok(
    wasms.some((w) => w.equals(decodeWasm)),
    'the decode module is missing',
  );
  assert.ok(
    wasms.some((w) => w.equals(durationsWasm)),
    "parseDuration's module is missing",
  );
  await inPage(dir, served, (run) => {
    assert.deepEqual(run.app.durations, [5400, 5, 'ERR_INVALID_DURATION'], 'parseDuration');
  });
}

test('Vite 8: the page with parseDuration carries its module and parses', { timeout: 300_000 }, (t) =>
  buildWithDurations(t, {
    app: 'vite',
    tool: 'vite',
    args: ['build', '--logLevel', 'warn'],
    served: 'dist',
    shipped: 'dist',
    entry: 'src/main.js',
  }),
);

test('webpack 5: the page with parseDuration carries its module and parses', { timeout: 300_000 }, (t) =>
  buildWithDurations(t, {
    app: 'webpack',
    tool: 'webpack',
    args: ['--mode', 'production'],
    served: '.',
    shipped: 'dist',
    entry: 'src/index.js',
  }),
);
