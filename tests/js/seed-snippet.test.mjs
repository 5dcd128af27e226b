// The Isometrik docs' client-side refresh snippet (the "Token Expiration" section of the
// Authentication page this project started from), run EXACTLY as written in headless Chromium
// against example servers built on `isometrik-token/server`: the Node demo server
// (www-example/server.mjs), and the token server examples' Worker (in Miniflare) and Deno server
// (copied out of the repository). It posts `JSON.stringify(...)` with no Content-Type, so the
// browser sends text/plain;charset=UTF-8, and it sends no credentials of its own: the browser
// adds the demo password (HTTP Basic) it was given, as it adds a session cookie. The servers must
// answer with a token that verifies. The page supplies only the `room` object the snippet expects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeConsumer, root } from './support/package.mjs';
import { launchChromium } from './support/chromium.mjs';
import { withTimeout } from './support/run.mjs';
import { removeTokenServerCopy, startNode, startTokenServer, startWorker } from './support/examples.mjs';

// Copied verbatim (indentation and all) from the docs' Authentication page, "Token Expiration".
const SEED_REFRESH_SNIPPET = `// Client-side: Refresh token before expiration
room.on('tokenExpiring', async () => {
  const newToken = await fetch('/api/token', {
    method: 'POST',
    body: JSON.stringify({
      roomName: room.name,
      participantName: room.localParticipant.identity
    })
  }).then(r => r.json());

  await room.updateToken(newToken.token);
});`;

const API_KEY = 'seed-snippet-key';
const SECRET = `seed-snippet-secret-${randomBytes(24).toString('hex')}`;
const PASSWORD = `demo-${randomBytes(9).toString('hex')}`;
const KEYS = { ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET, DEMO_PASSWORD: PASSWORD };
const SIGNED_IN = { authorization: `Basic ${Buffer.from(`demo:${PASSWORD}`).toString('base64')}` };
const { verifyToken } = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);

const SERVERS = {
  node: () => startNode(KEYS),
  worker: () => startWorker(KEYS),
  deno: () => startTokenServer('deno', KEYS),
};

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await removeTokenServerCopy();
  removeConsumer(null); // the packed tarball's directory (startTokenServer installed it)
});

/**
 * Defines the `room` the snippet talks to (a stand-in for the video SDK's Room: a name, the
 * local participant's identity, `on(event, handler)` and `updateToken(token)`), runs the snippet
 * as a classic script, fires 'tokenExpiring' and resolves to what updateToken received.
 */
function runSnippet(page, snippet, { roomName, identity }) {
  return page.evaluate(
    async ({ snippet, roomName, identity }) => {
      const handlers = {};
      let updated;
      const tokenUpdated = new Promise((resolve) => (updated = resolve));
      globalThis.room = {
        name: roomName,
        localParticipant: { identity },
        on: (event, handler) => (handlers[event] = handler),
        updateToken: async (token) => updated(token),
      };
      const script = document.createElement('script');
      script.textContent = snippet;
      const errors = [];
      const onError = (event) => errors.push(String(event.message));
      window.addEventListener('error', onError);
      document.head.append(script);
      window.removeEventListener('error', onError);
      if (errors.length > 0) throw new Error(`the snippet failed to run: ${errors.join('; ')}`);
      if (typeof handlers.tokenExpiring !== 'function')
        throw new Error('the snippet registered no tokenExpiring handler');
      await handlers.tokenExpiring();
      return tokenUpdated;
    },
    { snippet, roomName, identity },
  );
}

for (const [name, start] of Object.entries(SERVERS)) {
  describe(`the Isometrik docs' refresh snippet against the ${name} server`, { timeout: 90_000 }, () => {
    let server;
    before(async () => {
      server = await start();
    });
    after(async () => {
      await server?.stop();
    });

    test('gets a token that verifies, for the room and participant it named', async () => {
      // The browser knows the demo password, as a signed-in user's browser holds a session.
      const context = await browser.newContext({
        httpCredentials: { username: 'demo', password: PASSWORD, send: 'always' },
      });
      try {
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        const pageErrors = [];
        page.on('pageerror', (error) => pageErrors.push(error.message));
        const requests = [];
        page.on('request', (request) => {
          if (new URL(request.url()).pathname === '/api/token') requests.push(request);
        });
        // A page of the server's own origin, so that the snippet's relative '/api/token' is that
        // server (any path: a 404 page is a document of that origin too).
        await page.goto(`${server.url}/app`);

        const token = await withTimeout(
          runSnippet(page, SEED_REFRESH_SNIPPET, { roomName: 'daily-standup', identity: 'alice' }),
          30_000,
          'the snippet',
        );
        assert.equal(typeof token, 'string', `updateToken got ${token}`);
        const claims = verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY, roomId: 'daily-standup' });
        assert.equal(claims.sub, 'alice');
        assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });

        // What made this worth testing: the browser sent the JSON as text/plain.
        assert.equal(requests.length, 1);
        const sent = await requests[0].allHeaders();
        assert.equal(sent['content-type'], 'text/plain;charset=UTF-8');
        assert.equal(requests[0].method(), 'POST');
        assert.deepEqual(pageErrors, []);
      } finally {
        await context.close();
      }
    });

    test('the server still refuses what the snippet does not send', async () => {
      const anonymous = await server.fetch('/api/token', {
        method: 'POST',
        body: '{"roomName":"r","participantName":"a"}',
      });
      assert.equal(anonymous.status, 401, 'without the password');
      const form = await server.fetch('/api/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SIGNED_IN },
        body: 'roomName=r&participantName=alice',
      });
      assert.equal(form.status, 415);
      const malformed = await server.fetch('/api/token', { method: 'POST', headers: SIGNED_IN, body: '{"roomName":' });
      assert.equal(malformed.status, 400);
      const big = await server.fetch('/api/token', {
        method: 'POST',
        headers: SIGNED_IN,
        body: JSON.stringify({ roomName: 'r', participantName: 'a', pad: 'x'.repeat(9000) }),
      });
      assert.equal(big.status, 413);
      assert.ok(!server.output().includes(SECRET), 'the server printed the secret');
    });
  });
}
