// `isometrik-token/server` in Node's frameworks, installed from the packed package: the Node
// adapter (toNodeHandler) under node:http, Express 5 and Fastify 5 (pinned in tests/apps/node-adapters), the web
// handler in Hono and as the Next.js route example (www-example/token-server/app/api/token/
// route.js, called as Next calls a route handler), and the README's "Serving tokens" blocks,
// which must be the tested example files.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeConsumer, removeConsumer, root } from './support/package.mjs';
import { removeTokenServerCopy, tokenServerCopy } from './support/examples.mjs';

const API_KEY = 'server-node-key';
const SECRET = `server-node-secret-${randomBytes(24).toString('hex')}`;
const good = { roomName: 'daily-standup', participantName: 'alice' };
const JSON_TYPE = { 'content-type': 'application/json' };

let consumer;
let server; // isometrik-token/server as the consumer imports it
let library; // isometrik-token
const logged = [];

before(async () => {
  consumer = makeConsumer('server-node', { type: 'module' });
  fs.writeFileSync(path.join(consumer, 'entry.mjs'), "export * from 'isometrik-token/server';\n");
  fs.writeFileSync(path.join(consumer, 'library.mjs'), "export * from 'isometrik-token';\n");
  server = await import(pathToFileURL(path.join(consumer, 'entry.mjs')).href);
  library = await import(pathToFileURL(path.join(consumer, 'library.mjs')).href);
});
after(async () => {
  await removeTokenServerCopy();
  removeConsumer(consumer);
});

/** A handler granting the body's names, logging into `logged`. */
function handler(options = {}) {
  return server.createTokenHandler({
    apiKey: API_KEY,
    apiSecret: SECRET,
    authorize: (_request, body) => ({ identity: body.participantName, room: body.roomName }),
    log: (line) => logged.push(line),
    ...options,
  });
}

/** Listens on 127.0.0.1 with `listener`; resolves to { url, close }. */
async function listen(listener) {
  const s = http.createServer(listener);
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${s.address().port}`,
    close: () => {
      s.closeAllConnections();
      return new Promise((resolve) => s.close(resolve));
    },
  };
}

/** A raw node:http request (any Host header, a body written in chunks); resolves to { status, headers, body }. */
function rawRequest(url, { method = 'POST', headers = {}, chunks = [] }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const claimsOf = (token) => library.verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY });

describe('toNodeHandler under node:http', () => {
  let s;
  before(async () => {
    s = await listen(server.toNodeHandler(handler()));
  });
  after(() => s.close());

  test('a token, the contract’s errors, and the Host decides whether plain HTTP is local', async () => {
    const ok = await fetch(`${s.url}/api/token`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(good) });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('cache-control'), 'no-store');
    assert.equal(claimsOf((await ok.json()).token).sub, 'alice');
    const get = await fetch(`${s.url}/api/token`);
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
    const head = await fetch(`${s.url}/api/token`, { method: 'HEAD' });
    assert.equal(head.status, 405);
    const remote = await rawRequest(`${s.url}/api/token`, {
      headers: { ...JSON_TYPE, host: 'tokens.example.com' },
      chunks: [JSON.stringify(good)],
    });
    assert.equal(remote.status, 403);
    assert.equal(JSON.parse(remote.body).code, 'ERR_HTTPS_REQUIRED');
    const garbled = await rawRequest(`${s.url}/api/token`, { headers: { ...JSON_TYPE, host: 'a b' }, chunks: ['{}'] });
    assert.equal(JSON.parse(garbled.body).code, 'ERR_HTTPS_REQUIRED', 'an unusable Host is not local');
  });

  test('a streamed body over the limit gets its 413 (the rest is read and dropped, not reset)', async () => {
    const chunks = Array.from({ length: 40 }, () => 'x'.repeat(1024));
    const response = await rawRequest(`${s.url}/api/token`, {
      headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
      chunks,
    });
    assert.equal(response.status, 413);
    assert.equal(JSON.parse(response.body).code, 'ERR_PAYLOAD_TOO_LARGE');
  });

  test('toNodeHandler needs a handler (IsometrikTokenError, not a TypeError)', () => {
    assert.throws(
      () => server.toNodeHandler({}),
      (error) => {
        assert.ok(error instanceof library.IsometrikTokenError);
        assert.equal(error.code, 'ERR_INVALID_OPTIONS');
        return true;
      },
    );
  });
});

describe('Express 5 (tests/apps/node-adapters)', () => {
  const requireApp = createRequire(path.join(root, 'tests/apps/node-adapters/package.json'));
  let express;
  before(() => {
    express = requireApp('express');
  });

  test('app.post and a Router mount; the path option sees the full path', async () => {
    const app = express();
    app.post('/api/token', server.toNodeHandler(handler()));
    const router = express.Router();
    router.all('/token', server.toNodeHandler(handler({ path: '/v2/token' })));
    app.use('/v2', router);
    const s = await listen(app);
    try {
      for (const pathname of ['/api/token', '/v2/token']) {
        const response = await fetch(`${s.url}${pathname}`, {
          method: 'POST',
          headers: JSON_TYPE,
          body: JSON.stringify(good),
        });
        const text = await response.text();
        assert.equal(response.status, 200, `${pathname}: ${text}`);
        assert.equal(claimsOf(JSON.parse(text).token).room, 'daily-standup');
      }
      const anonymous = await fetch(`${s.url}/v2/token`, { method: 'PUT', headers: JSON_TYPE, body: '{}' });
      assert.deepEqual([anonymous.status, anonymous.headers.get('allow')], [405, 'POST']);
    } finally {
      await s.close();
    }
  });

  test('behind express.json() it refuses with a 500 and logs why, instead of trusting the parsed body', async () => {
    const app = express();
    app.use(express.json());
    app.post('/api/token', server.toNodeHandler(handler()));
    const s = await listen(app);
    try {
      logged.length = 0;
      const response = await fetch(`${s.url}/api/token`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(good),
      });
      assert.equal(response.status, 500);
      assert.deepEqual(await response.json(), { error: 'the token could not be created', code: 'ERR_INTERNAL' });
      assert.match(logged.join('\n'), /read before the token handler \(mount it before body parsers\)/);
    } finally {
      await s.close();
    }
  });
});

test('Fastify 5: the raw request and reply, its body left to the handler', async () => {
  const fastify = createRequire(path.join(root, 'tests/apps/node-adapters/package.json'))('fastify');
  const app = fastify();
  // Fastify parses bodies before the route runs; this parser leaves them unread.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const listener = server.toNodeHandler(handler());
  app.all('/api/token', (request, reply) => {
    reply.hijack();
    return listener(request.raw, reply.raw);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const ok = await fetch(`${url}/api/token`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(good) });
    assert.equal(ok.status, 200);
    assert.equal(claimsOf((await ok.json()).token).sub, 'alice');
    const big = await fetch(`${url}/api/token`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify({ ...good, padding: 'x'.repeat(9000) }),
    });
    assert.equal(big.status, 413);
    const get = await fetch(`${url}/api/token`);
    assert.deepEqual([get.status, get.headers.get('allow')], [405, 'POST']);
  } finally {
    await app.close();
  }
});

test('Hono: (c) => handler(c.req.raw)', async () => {
  const { Hono } = await import('hono');
  const app = new Hono();
  const h = handler();
  app.post('/api/token', (c) => h(c.req.raw));
  const response = await app.fetch(
    new Request('https://tokens.example.com/api/token', {
      method: 'POST',
      headers: JSON_TYPE,
      body: JSON.stringify(good),
    }),
  );
  assert.equal(response.status, 200);
  assert.equal(claimsOf((await response.json()).token).sub, 'alice');
});

test('the Next.js route example: POST(request, context) as Next calls it', async () => {
  const dir = await tokenServerCopy();
  const password = `demo-${randomBytes(9).toString('hex')}`;
  Object.assign(process.env, { ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET, DEMO_PASSWORD: password });
  const route = await import(pathToFileURL(path.join(dir, 'app/api/token/route.js')).href);
  assert.deepEqual(Object.keys(route), ['POST']);
  const request = (authorization) =>
    new Request('http://localhost:3000/api/token', {
      method: 'POST',
      headers: { authorization, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(good),
    });
  const context = { params: Promise.resolve({}) };
  const ok = await route.POST(request(`Basic ${Buffer.from(`me:${password}`).toString('base64')}`), context);
  assert.equal(ok.status, 200);
  const claims = claimsOf((await ok.json()).token);
  assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
  const refused = await route.POST(request('Basic bm9wZTpub3Bl'), context);
  assert.equal(refused.status, 401);
});

test('README “Serving tokens”: every block is a tested example file, each at most 10 lines', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = /^## Serving tokens\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  assert.ok(section, 'no "## Serving tokens" section');
  const blocks = [...section.matchAll(/<!-- test: file (\S+) -->\n```\w*\n([\s\S]*?)```/g)];
  const all = [...section.matchAll(/```\w*\n/g)].length / 2;
  assert.ok(blocks.length >= 6, `${blocks.length} tested blocks`);
  const skipped = [...section.matchAll(/<!-- test: skip [^>]+-->\n```/g)].length;
  assert.equal(blocks.length + skipped, all, 'a block with neither a file nor a skip marker');
  for (const [, file, code] of blocks) {
    assert.equal(code, fs.readFileSync(path.join(root, file), 'utf8'), `${file} differs from its README block`);
    if (!file.endsWith('demo-authorize.mjs')) {
      assert.ok(code.trimEnd().split('\n').length <= 10, `${file} is over 10 lines`);
    }
  }
});
