// A page with a strict Content-Security-Policy must not break at import. The Vite app of
// tests/apps/vite (built once, no config) is served with
//  - `script-src 'self'` (no wasm allowed): the app loads and keeps working, and decodeToken
//    throws an IsometrikTokenError with code ERR_WASM_UNAVAILABLE whose message names
//    'wasm-unsafe-eval'; a second call reports it again, without a retry loop;
//  - `script-src 'self' 'wasm-unsafe-eval'`: the token decodes.
// The page refuses wasm through the header alone; Chromium reports each refusal as a
// `securitypolicyviolation` event and a console message, which are expected here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchChromium } from './support/chromium.mjs';
import { runOk } from './support/run.mjs';
import {
  appBin,
  appState,
  closeAll,
  EXAMPLE_CLAIMS,
  makeAppCopy,
  openApp,
  removeAppCopy,
  serveStatic,
} from '../apps/support.mjs';

const STRICT = "script-src 'self'";
const WITH_WASM = "script-src 'self' 'wasm-unsafe-eval'";

let dir;
let browser;

before(
  async () => {
    dir = makeAppCopy('vite');
    await runOk(appBin('vite', 'vite'), ['build', '--logLevel', 'warn'], {
      cwd: dir,
      timeout: 180_000,
      env: { CI: '1' },
    });
    browser = await launchChromium();
  },
  { timeout: 300_000 },
);
after(async () => {
  await closeAll(browser);
  removeAppCopy(dir);
});

/** Opens the built app served with `policy`; resolves to openApp's result and the server. */
async function openWithPolicy(policy) {
  const server = await serveStatic(path.join(dir, 'dist'), { 'content-security-policy': policy });
  try {
    return { server, ...(await openApp(browser, `${server.url}/`)) };
  } catch (err) {
    await server.close();
    throw err;
  }
}

test(`${STRICT}: the app loads, decodeToken throws ERR_WASM_UNAVAILABLE, the page keeps working`, {
  timeout: 120_000,
}, async (t) => {
  const { server, page, problems, cspConsole, app, dom } = await openWithPolicy(STRICT);
  try {
    for (const line of cspConsole) t.diagnostic(`CSP report (expected): ${line}`);
    // Importing never throws: the module graph ran to its end.
    assert.deepEqual(problems, [], 'page errors (importing the package must never throw)');
    assert.equal(dom.status, 'loaded', 'the app module did not run: the import failed');
    assert.ok(app, 'window.__app is missing: the app module did not run');

    // The first use reports the refusal as the package's own coded error.
    assert.equal(app.decodes.length, 1);
    const [first] = app.decodes;
    assert.ok(first.error, `decodeToken did not throw: ${JSON.stringify(first)}`);
    assert.equal(first.error.isIsometrikTokenError, true, `not an IsometrikTokenError: ${JSON.stringify(first.error)}`);
    assert.equal(first.error.code, 'ERR_WASM_UNAVAILABLE', first.error.message);
    assert.match(first.error.message, /'wasm-unsafe-eval'/, 'the message must name the directive to add');
    assert.match(dom.claims, /^ERR_WASM_UNAVAILABLE: /);

    // The rest of the app: the signing guard needs no wasm, and the button still works.
    assert.equal(app.signing.refused, true, 'createToken signed with a secret in a page');
    assert.equal(app.signing.error.code, 'ERR_BROWSER_SECRET');

    // A second call reports it again, promptly, and nothing keeps retrying in the background.
    const t0 = Date.now();
    await page.click('#decode-again', { timeout: 10_000 });
    await page.waitForFunction(() => window.__app.decodes.length === 2, null, { timeout: 10_000 });
    const elapsed = Date.now() - t0;
    const second = await appState(page);
    assert.equal(second.dom['decode-count'], '2', 'the button handler did not run');
    assert.equal(second.app.decodes[1].error?.code, 'ERR_WASM_UNAVAILABLE', JSON.stringify(second.app.decodes[1]));
    assert.ok(elapsed < 5_000, `the second call took ${elapsed} ms`);
    await page.waitForTimeout(1_000);
    const later = await appState(page);
    t.diagnostic(`CSP violations after two calls: ${later.violations.length} (${later.violations.join('; ')})`);
    assert.deepEqual(
      later.violations,
      second.violations,
      'wasm compiles are still being attempted after the calls returned',
    );
    assert.equal(later.app.decodes.length, 2);
    assert.deepEqual(problems, [], 'page errors after the second call');
  } finally {
    await closeAll(page);
    await server.close();
  }
});

test(`${WITH_WASM}: the token decodes`, { timeout: 120_000 }, async () => {
  const { server, page, problems, cspConsole, app, dom } = await openWithPolicy(WITH_WASM);
  try {
    assert.deepEqual([...problems, ...cspConsole], [], 'the page reported errors');
    assert.equal(dom.status, 'loaded');
    assert.deepEqual(app.decodes, [{ claims: EXAMPLE_CLAIMS }]);
    assert.equal(app.signing.error?.code, 'ERR_BROWSER_SECRET');
    assert.deepEqual((await appState(page)).violations, [], 'CSP violations under a policy that allows wasm');
  } finally {
    await closeAll(page);
    await server.close();
  }
});
