// The example token servers over real HTTP: the Node demo server (www-example/server.mjs) and
// the token server examples (www-example/token-server/: node.mjs, express.mjs, bun.mjs, deno.ts,
// and worker.js in Miniflare), each a few lines around `isometrik-token/server` and the demo
// authorize (a shared password, HTTP Basic). They answer the same requests the same way and never
// print or send the secret or the password. The handler's whole contract is checked in each
// runtime by server-runtimes.test.mjs; this is the wiring.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeConsumer, root } from './support/package.mjs';
import { run } from './support/run.mjs';
import {
  EXAMPLE,
  removeTokenServerCopy,
  startNode as startDemo,
  startTokenServer,
  startWorker,
} from './support/examples.mjs';

const API_KEY = 'test-api-key';
const SECRET = `servers-test-secret-${randomBytes(24).toString('hex')}`;
const PASSWORD = `demo-${randomBytes(9).toString('hex')}`;
const { verifyToken } = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);

const basic = (password) => `Basic ${Buffer.from(`demo:${password}`).toString('base64')}`;
const SIGNED_IN = { authorization: basic(PASSWORD) };
const JSON_TYPE = { 'content-type': 'application/json', ...SIGNED_IN };
const post = (body, headers = JSON_TYPE) => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const good = { roomName: 'daily-standup', participantName: 'alice' };
const ENV = { ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET, DEMO_PASSWORD: PASSWORD };

after(async () => {
  await removeTokenServerCopy();
  removeConsumer(null); // the packed tarball's directory
});

const SERVERS = {
  demo: () => startDemo(ENV),
  node: () => startTokenServer('node', ENV),
  express: () => startTokenServer('express', ENV),
  bun: () => startTokenServer('bun', ENV),
  deno: () => startTokenServer('deno', ENV),
  worker: () => startWorker(ENV),
};

for (const [name, start] of Object.entries(SERVERS)) {
  describe(`${name} token server`, { timeout: 120_000 }, () => {
    let server;
    const seen = []; // every response, as text, for the secret check

    async function send(pathname, init) {
      const response = await server.fetch(pathname, init);
      const text = await response.text();
      seen.push(`${response.status} ${JSON.stringify([...response.headers])}\n${text}`);
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { response, text, body };
    }

    async function expectError(init, status, code, field) {
      const { response, body, text } = await send('/api/token', init);
      assert.equal(response.status, status, text);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(
        [body.code, typeof body.error, body.field, body.token],
        [code, 'string', field, undefined],
        text,
      );
      return { response, body };
    }

    before(async () => {
      server = await start();
    });
    after(async () => {
      await server?.stop();
    });

    test('a signed-in POST gets a token that verifies: the docs’ permissions, 1 h, no-store', async () => {
      const { response, body, text } = await send('/api/token', post(good));
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(body), ['token']);
      const claims = verifyToken(body.token, { apiSecret: SECRET, apiKey: API_KEY, roomId: 'daily-standup' });
      assert.equal(claims.sub, 'alice');
      assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
      assert.equal(claims.exp - claims.iat, 3600);
    });

    test('the docs’ snippet’s request: a string body with no type (text/plain)', async () => {
      const { response, body, text } = await send('/api/token', {
        method: 'POST',
        headers: SIGNED_IN,
        body: JSON.stringify(good),
      });
      assert.equal(response.status, 200, text);
      assert.equal(verifyToken(body.token, { apiSecret: SECRET }).room, 'daily-standup');
    });

    test('401 with a Basic challenge without the demo password, or with a wrong one', async () => {
      for (const headers of [
        { 'content-type': 'application/json' },
        { ...JSON_TYPE, authorization: basic('wrong-password') },
      ]) {
        const { response } = await expectError(post(good, headers), 401, 'ERR_UNAUTHENTICATED', undefined);
        assert.match(response.headers.get('www-authenticate'), /^Basic realm="isometrik-token demo"/);
      }
    });

    test('400 naming the field; 405; 415; 413 declared or streamed', async () => {
      await expectError(post({ participantName: 'alice' }), 400, 'ERR_BAD_REQUEST', 'roomName');
      await expectError(post({ roomName: 42, participantName: 'a' }), 400, 'ERR_BAD_REQUEST', 'roomName');
      await expectError(post({ roomName: '  ', participantName: 'a' }), 400, 'ERR_INVALID_OPTIONS', 'roomName');
      await expectError(post('{"roomName":'), 400, 'ERR_BAD_REQUEST', undefined);
      const { response } = await expectError(
        { method: 'GET', headers: SIGNED_IN },
        405,
        'ERR_METHOD_NOT_ALLOWED',
        undefined,
      );
      assert.equal(response.headers.get('allow'), 'POST');
      const form = { ...SIGNED_IN, 'content-type': 'application/x-www-form-urlencoded' };
      await expectError(post('roomName=r&participantName=a', form), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE', undefined);
      const big = JSON.stringify({ ...good, padding: 'x'.repeat(9 * 1024) });
      await expectError(post(big), 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
      let sent = 0;
      const chunk = new TextEncoder().encode('x'.repeat(1024));
      const stream = new ReadableStream({
        pull(controller) {
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      });
      await expectError({ ...post(''), body: stream, duplex: 'half' }, 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
    });

    test('other paths are not the endpoint', async () => {
      // Express routes '/api/token/' to the handler too (non-strict routing): that is the app's choice.
      const paths = name === 'express' ? ['/api/tokens', '/api'] : ['/api/tokens', '/api/token/', '/api'];
      for (const pathname of paths) {
        assert.equal((await send(pathname, post(good))).response.status, 404, pathname);
      }
    });

    test('neither the secret nor the password appears in a response or the output', () => {
      assert.ok(seen.length >= 14, `only ${seen.length} responses were checked`);
      for (const text of seen) {
        assert.ok(!text.includes(SECRET) && !text.includes(PASSWORD), `a response carries a secret:\n${text}`);
      }
      assert.ok(!server.output().includes(SECRET), 'the server printed the secret');
      assert.ok(!server.output().includes(PASSWORD), 'the server printed the password');
    });
  });
}

describe('the demo server', { timeout: 60_000 }, () => {
  test('serves the page (with a CSP) and the browser build behind the demo password', async () => {
    const server = await startDemo(ENV);
    try {
      assert.equal((await server.fetch('/')).status, 401);
      const page = await server.fetch('/', { headers: SIGNED_IN });
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(await page.text(), /<script type="module" src="\/app\.js">/);
      const vendor = await server.fetch('/vendor/isometrik-token.js', { headers: SIGNED_IN });
      assert.equal(vendor.status, 200);
      for (const pathname of ['/server.mjs', '/../server.mjs', '/%2e%2e/server.mjs', '/token-server/demo-auth.mjs']) {
        assert.equal((await server.fetch(pathname, { headers: SIGNED_IN })).status, 404, pathname);
      }
      const postPage = await server.fetch('/app.js', { method: 'POST', headers: SIGNED_IN });
      assert.equal(postPage.status, 405);
      assert.equal(postPage.headers.get('allow'), 'GET, HEAD');
    } finally {
      await server.stop();
    }
  });

  test('without a secret or a password it makes them up, prints the password only, and works', async () => {
    const server = await startDemo({ ISOMETRIK_API_SECRET: '', ISOMETRIK_API_KEY: '', DEMO_PASSWORD: '' });
    try {
      await server.waitForOutput(/ISOMETRIK_API_SECRET is not set: using a random development secret/);
      await server.waitForOutput(/DEMO_PASSWORD is not set: sign in with any user name and the password (\S+)/);
      const password = /the password (\S+)/.exec(server.output())[1];
      const response = await server.fetch('/api/token', post(good, { ...JSON_TYPE, authorization: basic(password) }));
      assert.equal(response.status, 200);
      const { token } = await response.json();
      assert.throws(() => verifyToken(token, { apiSecret: SECRET }), { code: 'ERR_BAD_SIGNATURE' });
    } finally {
      await server.stop();
    }
  });

  test('a weak secret stops it with ERR_WEAK_SECRET, without printing the secret', async () => {
    const weak = 'weak-secret-17b';
    const { code, stdout, stderr } = await run(process.execPath, [path.join(EXAMPLE, 'server.mjs')], {
      env: { PORT: '0', ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: weak, DEMO_PASSWORD: PASSWORD },
      timeout: 20_000,
    });
    assert.equal(code, 1);
    assert.match(stderr, /ERR_WEAK_SECRET/);
    assert.ok(!(stdout + stderr).includes(weak));
  });
});

describe('the worker', { timeout: 60_000 }, () => {
  test('is bundled with the package’s workerd builds only', async () => {
    const worker = await startWorker(ENV);
    try {
      for (const file of ['workerd.js', 'server-workerd.js']) {
        assert.ok(
          worker.inputs.some((i) => i.endsWith(`pkg/dist/${file}`)),
          `inputs: ${worker.inputs}`,
        );
      }
      assert.ok(!worker.inputs.some((i) => /dist\/(web\.js|node\.c?js|node\.mjs|server-(web|node)\.js)$/.test(i)));
    } finally {
      await worker.stop();
    }
  });

  test('without its secret it answers 500 and says nothing about it', async () => {
    const worker = await startWorker({ ISOMETRIK_API_KEY: API_KEY, DEMO_PASSWORD: PASSWORD });
    try {
      const response = await worker.fetch('/api/token', post(good));
      assert.equal(response.status, 500);
      assert.doesNotMatch(await response.text(), /token/);
    } finally {
      await worker.stop();
    }
  });
});
