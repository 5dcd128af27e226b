// Next.js 16 (tests/apps/next), built once per bundler: `next build` (Turbopack) and
// `next build --webpack`. Each build is run twice: by `next start` in the project, and as a
// deploy would run it, with only `.next/standalone` copied to a fresh folder outside the repo and
// started with `node server.js` (`output: 'standalone'`). Every server must:
//   - answer POST /token (app/token/route.js, a route handler on the Node.js runtime) and
//     POST /token/edge (app/token/edge/route.js, on the Edge runtime) as their demo `authorize`
//     decides: 401 without its password, with it a token holding exactly the grant;
//   - run middleware.js on the edge runtime, which verifies the request's token with the
//     package's verifyToken: a valid token (bearer or cookie) reaches /api/room (200); a bad,
//     expired, foreign or missing one gets 401 with the package's error code (checked in full
//     on the first server, a valid and a bad token on the others).
// Offline, telemetry off. The app imports `isometrik-token` by name and configures nothing for
// it, so whichever entry the exports map gives each of Next's builds is what is built and run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packTarball } from './support/package.mjs';
import { runOk } from './support/run.mjs';
import { startServer } from './support/server-process.mjs';
import {
  DEMO_PASSWORD,
  RECIPE_BODY,
  appBin,
  expectRecipeEndpoint,
  freePort,
  makeAppCopy,
  removeAppCopy,
} from '../apps/support.mjs';

const API_KEY = 'next-app-key';
const SECRET = 'next-app-secret-Vb7Nm2Qw9Er4Ty6Ui1Op';
const ENV = {
  NEXT_TELEMETRY_DISABLED: '1',
  CI: '1',
  NODE_ENV: 'production',
  ISOMETRIK_API_KEY: API_KEY,
  ISOMETRIK_API_SECRET: SECRET,
  DEMO_PASSWORD,
};
const BUILDS = [
  { name: 'next build (Turbopack)', args: ['build'] },
  { name: 'next build --webpack', args: ['build', '--webpack'] },
];

let dir;
let lib;
const deployDirs = [];

before(() => {
  dir = makeAppCopy('next');
  lib = createRequire(path.join(dir, 'package.json'))('isometrik-token');
});
after(() => {
  removeAppCopy(dir);
  for (const d of deployDirs) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(path.dirname(packTarball()), { recursive: true, force: true });
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

/**
 * How the Node.js runtime got the package: bundled into .next/server (its inline wasm is found
 * there) and/or left external (traced into .next/standalone/node_modules).
 */
function nodeRouteReport() {
  const server = path.join(dir, '.next/server');
  const inline = fs
    .readdirSync(server, { recursive: true })
    .filter((f) => /\.js$/.test(f) && !f.startsWith(`edge${path.sep}`) && !f.includes('middleware'))
    .filter((f) => fs.readFileSync(path.join(server, f), 'utf8').includes('"AGFzbQ'));
  const traced = fs
    .readdirSync(path.join(dir, '.next/standalone'), { recursive: true })
    .some((f) => f.endsWith(`node_modules${path.sep}isometrik-token`));
  return `Node.js runtime: the package's inline wasm bundled in ${inline.length} file(s) of .next/server; traced into standalone/node_modules: ${traced}`;
}

/** Copies .next/standalone alone to a fresh folder outside the repo; returns its server.js. */
function deployStandalone() {
  const standalone = path.join(dir, '.next/standalone');
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-next-standalone-'));
  deployDirs.push(target);
  fs.cpSync(standalone, target, { recursive: true, verbatimSymlinks: true });
  // With the tools installed in the folder above the app, Next traces from there and puts the
  // app's server.js at its path relative to that root.
  const server = fs
    .readdirSync(target, { recursive: true })
    .find((f) => path.basename(f) === 'server.js' && !f.split(path.sep).includes('node_modules'));
  assert.ok(server, `no server.js in .next/standalone`);
  return path.join(target, server);
}

async function start(command, args, cwd) {
  const port = String(await freePort());
  const env = { ...ENV, PORT: port, HOSTNAME: '127.0.0.1' };
  const server = await startServer(
    command,
    [...args, ...(command === process.execPath ? [] : ['--port', port, '--hostname', '127.0.0.1'])],
    {
      cwd,
      env,
      timeout: 60_000,
    },
  );
  await server.waitForOutput(/Ready in/, 60_000);
  return server;
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
async function room(server, headers = {}) {
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

/**
 * Checks the token endpoint at `route` as deployed: behind HTTPS (Vercel, or a proxy that
 * terminates TLS, sends `X-Forwarded-Proto: https`), then expectRecipeEndpoint. Over plain HTTP
 * Next.js itself adds `X-Forwarded-Proto: http` and `X-Forwarded-Host` to the request; on
 * 127.0.0.1 both name this machine, so local development gets a token too, while a forwarded
 * public host is refused (403 ERR_HTTPS_REQUIRED).
 */
async function checkRoute(server, route) {
  const post = (headers) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: RECIPE_BODY,
      signal: AbortSignal.timeout(30_000),
    });
  const plain = await post({ authorization: `Bearer ${DEMO_PASSWORD}` });
  const plainText = await plain.text();
  assert.equal(plain.status, 200, `plain HTTP on 127.0.0.1: ${plainText}`);
  const publicHost = await post({
    authorization: `Bearer ${DEMO_PASSWORD}`,
    'x-forwarded-host': 'tokens.example.test',
  });
  const publicText = await publicHost.text();
  assert.deepEqual([publicHost.status, JSON.parse(publicText).code], [403, 'ERR_HTTPS_REQUIRED'], publicText);
  const verify = (token) => lib.verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY });
  await expectRecipeEndpoint((headers) => post({ 'x-forwarded-proto': 'https', ...headers }), verify, {
    apiKey: API_KEY,
    where: () => `\n${route}, server output:\n${server.output().slice(-4000)}`,
  });
}

/** The route handlers and the middleware on one running server. */
function serverTests(label, get) {
  test(`${label}: POST /token (route handler, Node.js runtime) refuses without the password, grants with it`, async () => {
    await checkRoute(get(), '/token');
  });
  test(`${label}: POST /token/edge (route handler, Edge runtime) refuses without the password, grants with it`, async () => {
    await checkRoute(get(), '/token/edge');
  });
  test(`${label}: middleware (edge runtime) lets a valid token through, refuses a forged one`, async () => {
    const ok = await room(get(), { authorization: `Bearer ${token()}` });
    assert.deepEqual(ok, {
      status: 200,
      body: { room: 'daily-standup', participant: 'alice' },
      runtime: 'edge-runtime',
    });
    const forged = token({ apiSecret: 'a-completely-different-secret-0123456789' });
    assert.deepEqual(await room(get(), { authorization: `Bearer ${forged}` }), {
      status: 401,
      body: { error: 'ERR_BAD_SIGNATURE' },
      runtime: 'edge-runtime',
    });
  });
}

for (const [index, { name, args }] of BUILDS.entries()) {
  describe(name, () => {
    let started;
    let standalone;
    const report = [];
    before(
      async () => {
        const build = await runOk(appBin('next', 'next'), args, { cwd: dir, env: ENV, timeout: 420_000 });
        report.push(`${name}: built in ${(build.ms / 1000).toFixed(1)} s`, ...middlewareReport(), nodeRouteReport());
        started = await start(appBin('next', 'next'), ['start'], dir);
        const server = deployStandalone();
        standalone = await start(process.execPath, [server], path.dirname(server));
      },
      { timeout: 600_000 },
    );
    after(async () => {
      await started?.stop();
      await standalone?.stop();
    });

    test(`${name}: build report`, (t) => {
      for (const line of report) t.diagnostic(line);
      assert.ok(report.length > 0);
    });
    serverTests(`${name}, next start`, () => started);
    serverTests(`${name}, standalone copied alone, node server.js`, () => standalone);
    if (index === 0) middlewareTests(() => started);
  });
}

/** The middleware in full, on one server. */
function middlewareTests(get) {
  test('a valid token in the isometrik_token cookie reaches the route', async () => {
    const res = await room(get(), { cookie: `isometrik_token=${token({ participantName: 'bob' })}` });
    assert.deepEqual(res, {
      status: 200,
      body: { room: 'daily-standup', participant: 'bob' },
      runtime: 'edge-runtime',
    });
  });

  test('bad tokens get 401 with the package error code', async () => {
    const cases = {
      ERR_BAD_SIGNATURE: token({ apiSecret: 'a-completely-different-secret-0123456789' }),
      ERR_EXPIRED: token({ expiresIn: '1m', currentDate: new Date(Date.now() - 3_600_000) }),
      ERR_ISSUER_MISMATCH: token({ apiKey: 'someone-else' }),
      ERR_MALFORMED_TOKEN: 'not.a.token',
    };
    for (const [code, bad] of Object.entries(cases)) {
      assert.deepEqual(
        await room(get(), { authorization: `Bearer ${bad}` }),
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
    assert.equal((await room(get(), { authorization: `Bearer ${tampered}` })).status, 401, 'a tampered payload passed');
  });

  test('no token: 401', async () => {
    assert.deepEqual(await room(get()), { status: 401, body: { error: 'ERR_MISSING_TOKEN' }, runtime: 'edge-runtime' });
    assert.equal((await room(get(), { authorization: 'Basic abc' })).status, 401);
  });

  test('pages outside the matcher are served without a token', async () => {
    const response = await fetch(`${get().url}/`, { signal: AbortSignal.timeout(30_000) });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /valid Isometrik token/);
  });
}
