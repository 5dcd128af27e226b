// The browser demo end to end: the Node example server (www-example/server.mjs) on a free
// port, the page in headless Chromium at desktop and phone widths. It gets a token, shows the
// claims, counts down, refreshes before expiry, and shows error codes for bad input.
// Screenshots go to .artifacts/demo/ (git-ignored).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from './support/package.mjs';
import { launchChromium } from './support/chromium.mjs';
import { startServer } from './support/server-process.mjs';

const API_KEY = 'demo-test-key';
const SECRET = `demo-test-secret-${randomBytes(24).toString('hex')}`;
const PASSWORD = `demo-${randomBytes(9).toString('hex')}`;
const SHOTS = path.join(root, '.artifacts/demo');
const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
const { createToken, verifyToken } = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);

let server;
let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer(process.execPath, [path.join(root, 'www-example/server.mjs')], {
    env: { PORT: '0', ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET, DEMO_PASSWORD: PASSWORD },
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.ok(!server.output().includes(SECRET), 'the server printed the secret');
});

/**
 * Opens the page in a fresh context and returns { page, close() }. Every response body the page
 * receives is checked for the secret, and close() fails the test on an uncaught page error.
 */
async function openPage(options, { beforeLoad, waitFor = 'html[data-ready="true"]' } = {}) {
  // The server asks for the demo password (HTTP Basic) on the page; the browser then sends it
  // with the page's token requests too.
  const context = await browser.newContext({ ...options, httpCredentials: { username: 'demo', password: PASSWORD } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', async (response) => {
    const body = await response.text().catch(() => '');
    if (body.includes(SECRET)) problems.push(`${response.url()} carries the secret`);
  });
  await beforeLoad?.(page);
  await page.goto(server.url);
  await page.waitForSelector(waitFor);
  return {
    page,
    async close() {
      const html = await page.content();
      await context.close();
      assert.ok(!html.includes(SECRET), 'the page shows the secret');
      assert.deepEqual(problems, []);
    },
  };
}

async function getToken(page, room = 'daily-standup', participant = 'alice') {
  await page.fill('#room', room);
  await page.fill('#participant', participant);
  await page.click('#get-token');
}

async function paste(page, text) {
  await page.fill('#token-input', text);
  await page.click('#decode');
}

/** The rows of a table as { label: value } (the label without its small hint). */
async function tableOf(page, id) {
  return page.$$eval(`#${id} tr`, (rows) =>
    Object.fromEntries(
      rows.map((row) => [
        row.querySelector('th').firstChild.textContent.trim(),
        row.querySelector('td').textContent.trim(),
      ]),
    ),
  );
}

const text = (page, selector) => page.textContent(selector).then((t) => t.trim());

/** The page must never scroll sideways. */
async function assertNoHorizontalScroll(page) {
  const [scrollWidth, clientWidth] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
}

describe('the browser demo', { timeout: 60_000 }, () => {
  test('gets a token from the server and shows header, claims, permissions and a countdown', async () => {
    const { page, close } = await openPage(DESKTOP);
    try {
      await getToken(page);
      await page.waitForSelector('#result:not([hidden])');
      assert.equal(await page.isHidden('#error'), true);

      const token = await text(page, '#token-output');
      const claims = verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY });
      assert.equal(claims.room, 'daily-standup');

      const shown = await tableOf(page, 'claims');
      assert.equal(shown['Issuer (API key)'], API_KEY);
      assert.equal(shown.Participant, 'alice');
      assert.equal(shown.Room, 'daily-standup');
      // Times as local dates, with the raw NumericDate beside them.
      const localExp = await page.evaluate(
        (exp) => new Date(exp * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' }),
        claims.exp,
      );
      assert.equal(shown.Expires, `${localExp} (${claims.exp})`);

      assert.deepEqual(await tableOf(page, 'permissions'), {
        canPublish: '✓ Allowed',
        canSubscribe: '✓ Allowed',
        canUpdateMetadata: '✓ Allowed',
        canUpdateRoom: '— Not granted',
        canRemoveParticipants: '— Not granted',
      });
      assert.deepEqual(await tableOf(page, 'header'), { alg: 'HS256', typ: 'JWT' });

      assert.equal(await page.getAttribute('#status', 'data-state'), 'valid');
      assert.equal(await text(page, '#status-badge'), 'Valid');
      assert.match(await text(page, '#countdown'), /^(1:00:00|59:[0-5]\d) left$/);
      assert.match(await text(page, '#refresh-info'), /^Refreshes automatically at /);
      // The countdown is live.
      const before = await text(page, '#countdown');
      await page.waitForFunction((t) => document.querySelector('#countdown').textContent !== t, before, {
        timeout: 3_000,
      });

      await page.screenshot({ path: path.join(SHOTS, 'desktop-token.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  test('a malformed token, an empty box and a refused field show the error code and a message', async () => {
    const { page, close } = await openPage(DESKTOP);
    try {
      await getToken(page);
      await page.waitForSelector('#result:not([hidden])');

      await paste(page, 'this-is.not-a.token!');
      await page.waitForSelector('#error:not([hidden])');
      assert.equal(await text(page, '#error-code'), 'ERR_MALFORMED_TOKEN');
      assert.match(await text(page, '#error-message'), /not a well-formed token/);
      assert.match(await text(page, '#error-detail'), /malformed token/);
      assert.equal(await page.isHidden('#result'), true, 'the previous token is no longer shown');
      await page.screenshot({ path: path.join(SHOTS, 'desktop-error.png'), fullPage: true });

      await paste(page, '   ');
      assert.equal(await text(page, '#error-code'), 'ERR_EMPTY_INPUT');

      await paste(page, `${'a'.repeat(9000)}.${'b'.repeat(9000)}.c`);
      assert.equal(await text(page, '#error-code'), 'ERR_TOKEN_TOO_LARGE');

      await getToken(page, '   ');
      await page.waitForFunction(() => document.querySelector('#error-code').textContent === 'ERR_INVALID_OPTIONS');
      assert.match(await text(page, '#error-message'), /field: roomName/);
      assert.match(await text(page, '#error-detail'), /^roomName must not be empty or blank$/);
      assert.equal(await page.getAttribute('#room', 'aria-invalid'), 'true');

      // A good token after an error clears it.
      await getToken(page);
      await page.waitForSelector('#result:not([hidden])');
      assert.equal(await page.isHidden('#error'), true);
      assert.equal(await page.getAttribute('#room', 'aria-invalid'), null);
    } finally {
      await close();
    }
  });

  test('pasted tokens: expiring soon, expired, and the forms a token is pasted in', async () => {
    const { page, close } = await openPage(DESKTOP);
    try {
      const now = Date.now();
      const make = (minutesAgo) =>
        createToken({
          apiKey: 'someone-else',
          apiSecret: 'another-secret-of-at-least-32-bytes!',
          roomId: 'pasted-room',
          participantName: 'bob',
          permissions: { canSubscribe: true, canPublish: false },
          currentDate: new Date(now - minutesAgo * 60_000),
        });

      await paste(page, make(57)); // 3 minutes left
      await page.waitForSelector('#result:not([hidden])');
      assert.equal(await page.getAttribute('#status', 'data-state'), 'expiring');
      assert.equal(await text(page, '#status-badge'), 'Expiring soon');
      assert.match(await text(page, '#countdown'), /^[23]:\d\d left$/);
      assert.equal(await text(page, '#refresh-info'), 'Pasted tokens are not refreshed.');
      assert.equal((await tableOf(page, 'permissions')).canPublish, '✗ Denied');
      await page.screenshot({ path: path.join(SHOTS, 'desktop-expiring.png'), fullPage: true });

      const expired = make(90);
      await paste(page, expired);
      assert.equal(await page.getAttribute('#status', 'data-state'), 'expired');
      assert.equal(await text(page, '#status-badge'), 'Expired');
      assert.match(await text(page, '#countdown'), /^expired (29|30):\d\d ago$/);

      // As printed by curl, or from an Authorization header.
      await paste(page, `  {"token":"${make(0)}"}\n`);
      assert.equal(await page.getAttribute('#status', 'data-state'), 'valid');
      await paste(page, `Bearer ${expired}`);
      assert.equal(await page.getAttribute('#status', 'data-state'), 'expired');
    } finally {
      await close();
    }
  });

  test('refreshes a server token a minute before it expires', async () => {
    const { page, close } = await openPage(DESKTOP, { beforeLoad: (p) => p.clock.install() });
    // The server logs each request; the page asks for one token, then for one more.
    const posts = () => server.output().match(/^POST \/api\/token 200$/gm)?.length ?? 0;
    const waitForPosts = async (count) => {
      // Polled from here: the fake clock also fakes what page.waitForFunction polls with.
      for (const deadline = Date.now() + 10_000; posts() < count && Date.now() < deadline; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(posts(), count, 'token requests the server saw');
    };
    try {
      const before = posts();
      await getToken(page);
      await page.waitForSelector('#result:not([hidden])');
      await waitForPosts(before + 1);
      await page.clock.fastForward('59:05');
      await waitForPosts(before + 2);
      for (const deadline = Date.now() + 5_000; !(await text(page, '#refresh-info')).includes('refreshed 1×'); ) {
        assert.ok(Date.now() < deadline, `no refresh shown: ${await text(page, '#refresh-info')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // The server's clock did not move: the new token has about a minute left on the page's.
      const claims = verifyToken(await text(page, '#token-output'), { apiSecret: SECRET, apiKey: API_KEY });
      assert.equal(claims.sub, 'alice');
      assert.equal(claims.room, 'daily-standup');
      assert.match(await text(page, '#countdown'), /^0:[0-5]\d left$/);

      // Unchecking the box stops it.
      await page.uncheck('#auto-refresh');
      assert.equal(await text(page, '#refresh-info'), 'Automatic refresh is off.');
    } finally {
      await close();
    }
  });

  test('phone width: one column, no sideways scrolling', async () => {
    const { page, close } = await openPage(PHONE);
    try {
      await page.screenshot({ path: path.join(SHOTS, 'phone-start.png') });
      await getToken(page);
      await page.waitForSelector('#result:not([hidden])');
      await assertNoHorizontalScroll(page);
      const [formBox, pasteBox] = await Promise.all([
        page.locator('#token-form').boundingBox(),
        page.locator('#paste-form').boundingBox(),
      ]);
      assert.ok(pasteBox.y >= formBox.y + formBox.height, 'the forms stack on a phone');
      assert.ok(await page.locator('#status').isVisible());
      await page.screenshot({ path: path.join(SHOTS, 'phone-token.png') });
      await page.screenshot({ path: path.join(SHOTS, 'phone-token-full.png'), fullPage: true });

      await paste(page, 'eyJhbGciOiJIUzI1NiJ9.not-json.sig');
      await page.waitForSelector('#error:not([hidden])');
      assert.equal(await text(page, '#error-code'), 'ERR_MALFORMED_TOKEN');
      await assertNoHorizontalScroll(page);
      await page.screenshot({ path: path.join(SHOTS, 'phone-error.png') });

      await page.emulateMedia({ colorScheme: 'dark' });
      await getToken(page);
      await page.waitForSelector('#result:not([hidden])');
      await page.screenshot({ path: path.join(SHOTS, 'phone-dark.png') });
    } finally {
      await close();
    }
  });

  test('without the package build the page says so instead of going blank', async () => {
    const { page, close } = await openPage(DESKTOP, {
      beforeLoad: (p) =>
        p.route('**/vendor/isometrik-token.js', (route) => route.fulfill({ status: 404, body: 'missing' })),
      waitFor: '#error:not([hidden])',
    });
    try {
      assert.equal(await text(page, '#error-code'), 'ERR_LIBRARY_NOT_LOADED');
      assert.match(await text(page, '#error-message'), /make pkg/);
      assert.equal(await page.isDisabled('#get-token'), true);
      assert.equal(await page.isHidden('#loading'), true);
    } finally {
      await close();
    }
  });
});
