// Next.js 16 (tests/apps/next): middleware on the edge runtime verifies the request's token with
// the package's verifyToken. `next build`, then `next start` on a free port: a valid token (bearer
// or cookie) reaches the route (200), a bad, expired, foreign or missing one gets 401 with the
// package's error code. Offline, telemetry off. The middleware imports `isometrik-token` by name,
// so whichever entry the exports map gives Next's edge build (the `edge-light` condition) is what
// is built and run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runOk } from './support/run.mjs';
import { startServer } from './support/server-process.mjs';
import { appBin, makeAppCopy, removeAppCopy } from '../apps/support.mjs';

const API_KEY = 'next-app-key';
const SECRET = 'next-app-secret-Vb7Nm2Qw9Er4Ty6Ui1Op';
const ENV = {
  NEXT_TELEMETRY_DISABLED: '1',
  CI: '1',
  NODE_ENV: 'production',
  ISOMETRIK_API_KEY: API_KEY,
  ISOMETRIK_API_SECRET: SECRET,
};

let dir;
let server;
let lib;
/** Lines for the first test to report (a hook cannot). */
const buildReport = [];

/** A port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

before(
  async () => {
    dir = makeAppCopy('next');
    lib = createRequire(path.join(dir, 'package.json'))('isometrik-token');
    const next = appBin('next', 'next');
    const build = await runOk(next, ['build'], { cwd: dir, env: ENV, timeout: 420_000 });
    buildReport.push(`next build: ${(build.ms / 1000).toFixed(1)} s`, ...middlewareReport());
    const port = await freePort();
    server = await startServer(next, ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
      cwd: dir,
      env: ENV,
      timeout: 60_000,
    });
    await server.waitForOutput(/Ready in/, 60_000);
  },
  { timeout: 600_000 },
);
after(async () => {
  if (server) await server.stop();
  removeAppCopy(dir);
});

/**
 * What the build made of the middleware: its edge files, the .wasm modules Next bundled for it,
 * and which of the package's files went in (from the source maps).
 */
function middlewareReport() {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, '.next/server/middleware-manifest.json'), 'utf8'));
  const middleware = manifest.middleware['/'];
  assert.ok(middleware, `no middleware in the build: ${JSON.stringify(manifest)}`);
  const files = middleware.files.map((f) => path.join(dir, '.next', f));
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  const packageFiles = new Set();
  for (const file of files) {
    if (!fs.existsSync(`${file}.map`)) continue;
    for (const source of JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')).sources ?? []) {
      const match = /node_modules\/isometrik-token\/(.+)$/.exec(source);
      if (match) packageFiles.add(match[1]);
    }
  }
  return [
    `middleware: ${files.length} edge file(s), ${(bytes / 1024).toFixed(1)} KiB of JS (Next's runtime included)`,
    `middleware: wasm modules: ${JSON.stringify(middleware.wasm.map((w) => w.name ?? w))}`,
    `middleware: package files bundled: ${[...packageFiles].sort().join(', ') || '(none found in the source maps)'}`,
  ];
}

const token = (options = {}) =>
  lib.createToken({
    apiKey: API_KEY,
    apiSecret: SECRET,
    roomId: 'daily-standup',
    participantName: 'alice',
    expiresIn: '10m',
    ...options,
  });

/** GET /api/room with `headers`; resolves to { status, body, runtime }. */
async function room(headers = {}) {
  const response = await fetch(`${server.url}/api/room`, { headers, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, runtime: response.headers.get('x-middleware-runtime') };
}

test('a valid bearer token reaches the route, verified on the edge runtime', { timeout: 60_000 }, async (t) => {
  for (const line of buildReport) t.diagnostic(line);
  const res = await room({ authorization: `Bearer ${token()}` });
  const log = () => `next start output:\n${server.output().slice(-4000)}`;
  assert.deepEqual(
    res,
    { status: 200, body: { room: 'daily-standup', participant: 'alice' }, runtime: 'edge-runtime' },
    log(),
  );
});

test('a valid token in the isometrik_token cookie reaches the route', { timeout: 60_000 }, async () => {
  const res = await room({ cookie: `isometrik_token=${token({ participantName: 'bob' })}` });
  assert.deepEqual(res, { status: 200, body: { room: 'daily-standup', participant: 'bob' }, runtime: 'edge-runtime' });
});

test('bad tokens get 401 with the package error code', { timeout: 60_000 }, async () => {
  const cases = {
    ERR_BAD_SIGNATURE: token({ apiSecret: 'a-completely-different-secret-0123456789' }),
    ERR_EXPIRED: token({ expiresIn: '1m', currentDate: new Date(Date.now() - 3_600_000) }),
    ERR_ISSUER_MISMATCH: token({ apiKey: 'someone-else' }),
    ERR_MALFORMED_TOKEN: 'not.a.token',
  };
  for (const [code, bad] of Object.entries(cases)) {
    assert.deepEqual(
      await room({ authorization: `Bearer ${bad}` }),
      { status: 401, body: { error: code }, runtime: 'edge-runtime' },
      code,
    );
  }
  // The payload's last character changed (to another one, whatever it was).
  const original = token();
  const tampered = original.replace(
    /\.[\w-]+\./,
    (payload) => `${payload.slice(0, -2)}${payload.at(-2) === 'A' ? 'B' : 'A'}.`,
  );
  assert.notEqual(tampered, original);
  assert.equal((await room({ authorization: `Bearer ${tampered}` })).status, 401, 'a tampered payload passed');
});

test('no token: 401', { timeout: 60_000 }, async () => {
  assert.deepEqual(await room(), { status: 401, body: { error: 'ERR_MISSING_TOKEN' }, runtime: 'edge-runtime' });
  assert.equal((await room({ authorization: 'Basic abc' })).status, 401);
});

test('pages outside the matcher are served without a token', { timeout: 60_000 }, async () => {
  const response = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(30_000) });
  assert.equal(response.status, 200);
  assert.match(await response.text(), /valid Isometrik token/);
});
