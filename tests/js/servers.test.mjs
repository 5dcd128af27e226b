// The example token servers (www-example/): Node (server.mjs), the Cloudflare Worker (in
// Miniflare, bundled the way wrangler bundles it; wrangler itself is wrangler.test.mjs) and Deno
// (deno/server.ts, copied out of the repository with the packed package) answer the same
// requests the same way — one endpoint module, copied into each example — and never give out
// the secret.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeConsumer, root } from './support/package.mjs';
import { run } from './support/run.mjs';
import {
  EXAMPLE,
  startDeno as startDenoServer,
  startNode as startNodeServer,
  startWorker,
} from './support/examples.mjs';

const API_KEY = 'test-api-key';
const SECRET = `servers-test-secret-${randomBytes(24).toString('hex')}`;
const { verifyToken } = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);

const JSON_TYPE = { 'content-type': 'application/json' };
const post = (body, headers = JSON_TYPE) => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const good = { roomName: 'daily-standup', participantName: 'alice' };

const KEYS = { ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET };
const startNode = (env = {}) => startNodeServer({ ...KEYS, ...env });
const startDeno = (env = {}) => startDenoServer({ ...KEYS, ...env });

// The packed tarball's directory (startDeno installs it into its copy of the example).
after(() => removeConsumer(null));

const SERVERS = {
  node: () => startNode(),
  worker: () => startWorker({ ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET }),
  deno: () => startDeno(),
};

for (const [name, start] of Object.entries(SERVERS)) {
  describe(`${name} token server`, { timeout: 60_000 }, () => {
    let server;
    const seen = []; // every response, as text, for the secret check

    /** Sends a request and returns { response, text, body (parsed JSON or undefined) }. */
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

    async function expectError(pathname, init, status, code, field) {
      const { response, body, text } = await send(pathname, init);
      assert.equal(response.status, status, text);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assert.equal(body.code, code, text);
      assert.equal(typeof body.error, 'string');
      assert.equal(body.field, field, text);
      return { response, body };
    }

    before(async () => {
      server = await start();
    });
    after(async () => {
      await server?.stop();
    });

    test('POST /api/token issues a token that verifies, with the docs’ permissions and 1 h', async () => {
      const { response, body, text } = await send('/api/token', post(good));
      assert.equal(response.status, 200, text);
      assert.match(response.headers.get('content-type'), /^application\/json/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.deepEqual(Object.keys(body), ['token']);
      const claims = verifyToken(body.token, { apiSecret: SECRET, apiKey: API_KEY, roomId: 'daily-standup' });
      assert.equal(claims.sub, 'alice');
      assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
      assert.equal(claims.exp - claims.iat, 3600);
      assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 60, 'iat is now');
    });

    test('accepts a charset parameter and any unicode the library accepts', async () => {
      const init = post(
        { roomName: 'salle-é-😀', participantName: 'Zoë' },
        { 'content-type': 'Application/JSON; charset=UTF-8' },
      );
      const { response, body, text } = await send('/api/token', init);
      assert.equal(response.status, 200, text);
      const claims = verifyToken(body.token, { apiSecret: SECRET });
      assert.equal(claims.room, 'salle-é-😀');
      assert.equal(claims.sub, 'Zoë');
    });

    test('400 names the field: missing, not a string, or refused by the library (with its code)', async () => {
      const cases = [
        [{ participantName: 'alice' }, 'ERR_BAD_REQUEST', 'roomName'],
        [{ roomName: 'r' }, 'ERR_BAD_REQUEST', 'participantName'],
        [{ roomName: 42, participantName: 'alice' }, 'ERR_BAD_REQUEST', 'roomName'],
        [{ roomName: 'r', participantName: null }, 'ERR_BAD_REQUEST', 'participantName'],
        [{ roomName: '   ', participantName: 'alice' }, 'ERR_INVALID_OPTIONS', 'roomName'],
        [{ roomName: 'r'.repeat(257), participantName: 'alice' }, 'ERR_INVALID_OPTIONS', 'roomName'],
        [{ roomName: 'r', participantName: 'al\nice' }, 'ERR_INVALID_OPTIONS', 'participantName'],
        [{ roomName: 'r', participantName: '' }, 'ERR_INVALID_OPTIONS', 'participantName'],
      ];
      for (const [request, code, field] of cases) {
        const { body } = await expectError('/api/token', post(request), 400, code, field);
        assert.ok(body.error.startsWith(field), `the message names ${field}: ${body.error}`);
        assert.doesNotMatch(body.error, /roomId/, 'the message uses the request field name');
      }
    });

    test('400 for a body that is not JSON, not an object, or not UTF-8', async () => {
      for (const raw of ['{"roomName":', '', '[1,2]', 'null', '"a string"']) {
        await expectError('/api/token', post(raw), 400, 'ERR_BAD_REQUEST', undefined);
      }
      const latin1 = new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]); // {"é":1} in Latin-1
      await expectError(
        '/api/token',
        { method: 'POST', headers: JSON_TYPE, body: latin1 },
        400,
        'ERR_BAD_REQUEST',
        undefined,
      );
    });

    test('405 with Allow: POST for other methods', async () => {
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
        const init = method === 'GET' ? { method } : { method, headers: JSON_TYPE, body: JSON.stringify(good) };
        const { response } = await expectError('/api/token', init, 405, 'ERR_METHOD_NOT_ALLOWED', undefined);
        assert.equal(response.headers.get('allow'), 'POST');
      }
    });

    test('accepts the JSON body as text/plain: what fetch() sends for a string body with no type (the docs’ snippet)', async () => {
      for (const init of [
        { method: 'POST', body: JSON.stringify(good) }, // fetch() adds text/plain;charset=UTF-8
        post(good, { 'content-type': 'text/plain' }),
        post(good, { 'content-type': 'Text/Plain; Charset="utf-8"' }),
      ]) {
        const { response, body, text } = await send('/api/token', init);
        assert.equal(response.status, 200, text);
        assert.equal(verifyToken(body.token, { apiSecret: SECRET, apiKey: API_KEY }).sub, 'alice');
      }
      // Still JSON: malformed or wrong-shaped text is refused as with application/json.
      const TEXT = { 'content-type': 'text/plain;charset=UTF-8' };
      for (const raw of ['roomName=r&participantName=alice', '{"roomName":', '', '[]']) {
        await expectError('/api/token', post(raw, TEXT), 400, 'ERR_BAD_REQUEST', undefined);
      }
      await expectError('/api/token', post({ roomName: 'r' }, TEXT), 400, 'ERR_BAD_REQUEST', 'participantName');
      await expectError(
        '/api/token',
        post({ roomName: ' ', participantName: 'a' }, TEXT),
        400,
        'ERR_INVALID_OPTIONS',
        'roomName',
      );
      const big = JSON.stringify({ ...good, padding: 'x'.repeat(9 * 1024) });
      await expectError('/api/token', post(big, TEXT), 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
      await expectError('/api/token', { method: 'POST', body: big }, 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
    });

    test('415 for a body declared as anything else, or not declared', async () => {
      const body = JSON.stringify(good);
      for (const type of [
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/html',
        'text/plainx',
        'text/json',
        'application/jsonx',
        'application/json; charset=latin1',
        'text/plain; charset=iso-8859-1',
        'text/plain; charset=utf-8; format=flowed',
      ]) {
        await expectError(
          '/api/token',
          post(body, { 'content-type': type }),
          415,
          'ERR_UNSUPPORTED_MEDIA_TYPE',
          undefined,
        );
      }
      // A byte body with no type given: fetch() sends no Content-Type at all.
      const bytes = new TextEncoder().encode(body);
      await expectError('/api/token', { method: 'POST', body: bytes }, 415, 'ERR_UNSUPPORTED_MEDIA_TYPE', undefined);
    });

    test('413 for a body over 8 KiB, declared or streamed', async () => {
      const big = JSON.stringify({ ...good, padding: 'x'.repeat(9 * 1024) });
      await expectError('/api/token', post(big), 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
      // Without Content-Length (chunked): the limit holds while reading.
      const chunk = new TextEncoder().encode('x'.repeat(1024));
      let sent = 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (sent++ < 12) controller.enqueue(chunk);
          else controller.close();
        },
      });
      await expectError(
        '/api/token',
        { method: 'POST', headers: JSON_TYPE, body: stream, duplex: 'half' },
        413,
        'ERR_PAYLOAD_TOO_LARGE',
        undefined,
      );
      // Just under the limit is fine.
      const fits = JSON.stringify({ ...good, padding: 'x'.repeat(8 * 1024 - 100) });
      assert.equal((await send('/api/token', post(fits))).response.status, 200);
    });

    test('404 for unknown paths', async () => {
      for (const [pathname, init] of [
        ['/nope', undefined],
        ['/api/tokens', post(good)],
        ['/api/token/', post(good)],
        ['/api', post(good)],
      ]) {
        await expectError(pathname, init, 404, 'ERR_NOT_FOUND', undefined);
      }
    });

    test('the secret appears in no response and no log line', () => {
      assert.ok(seen.length > 20, `only ${seen.length} responses were checked`);
      for (const text of seen) assert.ok(!text.includes(SECRET), `a response carries the secret:\n${text}`);
      assert.ok(!server.output().includes(SECRET), 'the server printed the secret');
    });
  });
}

test('the Worker and Deno examples carry identical copies of the endpoint (their folders stand alone)', () => {
  const original = fs.readFileSync(path.join(EXAMPLE, 'token-endpoint.mjs'), 'utf8');
  for (const copy of ['worker/src/token-endpoint.mjs', 'deno/token-endpoint.mjs']) {
    assert.equal(
      fs.readFileSync(path.join(EXAMPLE, copy), 'utf8'),
      original,
      `www-example/${copy} differs: cp www-example/token-endpoint.mjs www-example/${copy}`,
    );
  }
});

describe('node server specifics', { timeout: 60_000 }, () => {
  test('serves the demo page (with a CSP) and the browser build, not the package or the repo', async () => {
    const server = await startNode();
    try {
      const page = await server.fetch('/');
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type'), /^text\/html/);
      assert.match(page.headers.get('content-security-policy'), /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(await page.text(), /<script type="module" src="\/app\.js">/);
      const vendor = await server.fetch('/vendor/isometrik-token.js');
      assert.equal(vendor.status, 200);
      assert.match(vendor.headers.get('content-type'), /^text\/javascript/);
      assert.equal(await vendor.text(), fs.readFileSync(path.join(root, 'pkg/dist/decode.js'), 'utf8'));
      for (const pathname of [
        '/server.mjs',
        '/../server.mjs',
        '/%2e%2e/server.mjs',
        '/public/app.js',
        '/vendor/',
        '/vendor/node.cjs',
      ]) {
        assert.equal((await server.fetch(pathname)).status, 404, pathname);
      }
      const post = await server.fetch('/app.js', { method: 'POST' });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
    } finally {
      await server.stop();
    }
  });

  test('without ISOMETRIK_API_SECRET it says it uses a random development secret, and works', async () => {
    const server = await startNode({ ISOMETRIK_API_SECRET: '', ISOMETRIK_API_KEY: '' });
    try {
      await server.waitForOutput(/ISOMETRIK_API_SECRET is not set: using a random development secret/);
      const response = await server.fetch('/api/token', post(good));
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
      env: { PORT: '0', ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: weak },
      timeout: 20_000,
    });
    assert.equal(code, 1);
    assert.match(stderr, /ERR_WEAK_SECRET/);
    assert.ok(!(stdout + stderr).includes(weak));
  });
});

describe('worker specifics', { timeout: 60_000 }, () => {
  test('the bundle uses the package’s workerd build', async () => {
    const worker = await startWorker({ ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET });
    try {
      assert.ok(
        worker.inputs.some((i) => i.endsWith('pkg/dist/workerd.js')),
        `inputs: ${worker.inputs}`,
      );
      assert.ok(
        !worker.inputs.some((i) => /dist\/(web\.js|node\.c?js|node\.mjs)$/.test(i)),
        `inputs: ${worker.inputs}`,
      );
    } finally {
      await worker.stop();
    }
  });

  test('without its secret it answers 500 without details and logs why', async () => {
    const worker = await startWorker({ ISOMETRIK_API_KEY: API_KEY });
    try {
      const response = await worker.fetch('/api/token', post(good));
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), { error: 'the token could not be created', code: 'ERR_INTERNAL' });
      // Miniflare forwards the Worker's console asynchronously.
      for (let i = 0; i < 50 && !worker.output().includes('ERR_NOT_CONFIGURED'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.match(worker.output(), /ERR_NOT_CONFIGURED/);
    } finally {
      await worker.stop();
    }
  });
});

describe('deno server specifics', { timeout: 60_000 }, () => {
  test('without ISOMETRIK_API_SECRET it says it uses a random development secret', async () => {
    const server = await startDeno({ ISOMETRIK_API_SECRET: '' });
    try {
      await server.waitForOutput(/ISOMETRIK_API_SECRET is not set: using a random development secret/);
      assert.equal((await server.fetch('/api/token', post(good))).status, 200);
    } finally {
      await server.stop();
    }
  });
});
