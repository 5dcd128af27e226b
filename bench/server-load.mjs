// A short, bounded load run of the token endpoint over loopback HTTP (autocannon, pinned in
// tests/apps/node-adapters), in one run, side by side:
//
//   baseline   the example server before `isometrik-token/server` (www-example/server.mjs and
//              its token-endpoint.mjs at BASELINE_COMMIT, taken from git): no authorization
//   handler    createTokenHandler + toNodeHandler on node:http, authorize granting the body's
//              names (the same work as the baseline)
//   demo-auth  the same with the examples' demoAuthorize (HTTP Basic, two SHA-256 digests)
//
// Each server is its own process; each is checked to answer 200 with a token that verifies, then
// loaded for DURATION_S seconds with CONNECTIONS connections, twice (A B C, then C B A, so that
// drift on a shared machine falls on every server alike). Then the two endpoints without HTTP, in
// this process, in alternating rounds (requests per CPU second, less exposed to a busy machine). Writes
// bench/server-load.json.
//
//   node bench/server-load.mjs            (after `make pkg`; needs scripts/bootstrap-apps)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.mjs';

/** The last commit whose example server had its own copy of the endpoint. */
const BASELINE_COMMIT = '808be0c';
const DURATION_S = 5;
const CONNECTIONS = 10;
const API_KEY = 'bench-key';
const SECRET = `bench-secret-${randomBytes(24).toString('hex')}`;
const PASSWORD = `bench-${randomBytes(9).toString('hex')}`;
const BODY = JSON.stringify({ roomName: 'daily-standup', participantName: 'alice' });
const PKG_DIST = path.join(ROOT, 'pkg/dist');

// Child mode: `node bench/server-load.mjs --serve handler|demo-auth` runs one server.
if (process.argv[2] === '--serve') {
  const http = await import('node:http');
  const { createTokenHandler, refuse, toNodeHandler } = await import(
    pathToFileURL(path.join(PKG_DIST, 'server-node.js')).href
  );
  const permissions = { canPublish: true, canSubscribe: true, canUpdateMetadata: true };
  let authorize = (_request, body) => ({ identity: body.participantName, room: body.roomName, permissions });
  if (process.argv[3] === 'demo-auth') {
    const demo = pathToFileURL(path.join(ROOT, 'www-example/token-server/demo-auth.mjs')).href;
    authorize = (await import(demo)).makeDemoAuthorize(refuse)(process.env.DEMO_PASSWORD);
  }
  const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret } = process.env;
  const handler = createTokenHandler({ apiKey, apiSecret, authorize, path: '/api/token' });
  const server = http.createServer(toNodeHandler(handler));
  server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/`));
} else {
  await main();
}

/** The baseline's files from git, laid out so that its `../pkg/dist/node.mjs` import resolves. */
function baselineServer() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-server-load-'));
  const example = path.join(dir, 'www-example');
  fs.mkdirSync(example);
  for (const file of ['server.mjs', 'token-endpoint.mjs']) {
    const text = execFileSync('git', ['show', `${BASELINE_COMMIT}:www-example/${file}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    fs.writeFileSync(path.join(example, file), text);
  }
  fs.cpSync(path.join(ROOT, 'www-example/public'), path.join(example, 'public'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'pkg'), path.join(dir, 'pkg'), 'dir');
  return { dir, args: [path.join(example, 'server.mjs')] };
}

/** Starts `node args` and resolves to { url, stop } once it prints its URL. */
function start(args) {
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      PORT: '0',
      ISOMETRIK_API_KEY: API_KEY,
      ISOMETRIK_API_SECRET: SECRET,
      DEMO_PASSWORD: PASSWORD,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 20 s:\n${output}`)), 20_000);
    let url;
    const onData = (chunk) => {
      if (url) return; // the baseline logs every request: read and drop it
      output += chunk;
      url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop: () => child.kill('SIGKILL') });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => url || reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

async function main() {
  const { verifyToken } = await import(pathToFileURL(path.join(PKG_DIST, 'node.mjs')).href);
  const baseline = baselineServer();
  try {
    const runs = await loadRuns(baseline, verifyToken);
    const inProcess = await handlerCpu(baseline.dir, verifyToken);
    const mean = (list, key) => list.reduce((sum, run) => sum + run[key], 0) / list.length;
    const summary = Object.fromEntries(
      Object.entries(runs).map(([name, list]) => [
        name,
        { rps: Math.round(mean(list, 'rps')), p50: mean(list, 'p50'), p99: mean(list, 'p99'), runs: list },
      ]),
    );
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadavg: os.loadavg().map((l) => Number(l.toFixed(2))),
      baselineCommit: BASELINE_COMMIT,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      servers: summary,
      handlerVsBaseline: Number((summary.handler.rps / summary.baseline.rps).toFixed(3)),
      inProcess,
    };
    fs.writeFileSync(path.join(import.meta.dirname, 'server-load.json'), `${JSON.stringify(result, null, 2)}\n`);
    const rps = Object.fromEntries(Object.entries(summary).map(([name, s]) => [name, s.rps]));
    console.log(JSON.stringify({ http: rps, handlerVsBaseline: result.handlerVsBaseline, inProcess }));
  } finally {
    fs.rmSync(baseline.dir, { recursive: true, force: true });
  }
}

/** The HTTP run: each server twice (A B C, then C B A); resolves to name → [{ rps, p50, p99 }]. */
async function loadRuns(baseline, verifyToken) {
  const autocannon = createRequire(path.join(ROOT, 'tests/apps/node-adapters/package.json'))('autocannon');
  const headers = { 'content-type': 'application/json' };
  const signedIn = { ...headers, authorization: `Basic ${Buffer.from(`demo:${PASSWORD}`).toString('base64')}` };
  const self = import.meta.filename;
  const servers = {
    baseline: { args: baseline.args, headers },
    handler: { args: [self, '--serve', 'handler'], headers },
    'demo-auth': { args: [self, '--serve', 'demo-auth'], headers: signedIn },
  };
  const runs = Object.fromEntries(Object.keys(servers).map((name) => [name, []]));
  for (const order of [Object.keys(servers), Object.keys(servers).reverse()]) {
    for (const name of order) {
      const server = await start(servers[name].args);
      try {
        const url = `${server.url}/api/token`;
        const check = await fetch(url, { method: 'POST', headers: servers[name].headers, body: BODY });
        const { token } = await check.json();
        if (check.status !== 200 || verifyToken(token, { apiSecret: SECRET }).sub !== 'alice') {
          throw new Error(`${name}: no valid token (${check.status})`);
        }
        await autocannon({
          url,
          method: 'POST',
          headers: servers[name].headers,
          body: BODY,
          connections: 2,
          duration: 1,
        });
        const r = await autocannon({
          url,
          method: 'POST',
          headers: servers[name].headers,
          body: BODY,
          connections: CONNECTIONS,
          duration: DURATION_S,
        });
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
        runs[name].push({
          rps: r.requests.average,
          p50: r.latency.p50,
          p99: r.latency.p99,
          requests: r.requests.total,
        });
        console.error(
          `${name.padEnd(10)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms`,
        );
      } finally {
        server.stop();
      }
    }
  }
  return runs;
}

/**
 * The two endpoints without HTTP, in this process: requests per CPU second (this process's user
 * + system time, not the wall clock, so other processes on a shared machine count less) of the
 * baseline's handler and of createTokenHandler, given the same Requests, in alternating rounds
 * (the median of ROUNDS).
 */
async function handlerCpu(baselineDir, verifyToken) {
  const ROUNDS = 7;
  const PER_ROUND = 2000;
  const old = await import(pathToFileURL(path.join(baselineDir, 'www-example/token-endpoint.mjs')).href);
  const { TokenSigner } = await import(pathToFileURL(path.join(PKG_DIST, 'node.mjs')).href);
  const { createTokenHandler } = await import(pathToFileURL(path.join(PKG_DIST, 'server-node.js')).href);
  const signer = new TokenSigner({ apiKey: API_KEY, apiSecret: SECRET });
  const permissions = { canPublish: true, canSubscribe: true, canUpdateMetadata: true };
  const handlers = {
    baseline: old.createTokenHandler({ getSigner: () => signer }),
    handler: createTokenHandler({
      signer,
      authorize: (_request, body) => ({ identity: body.participantName, room: body.roomName, permissions }),
    }),
  };
  // An HTTPS URL, as a deployed endpoint sees (plain HTTP is for loopback, in development).
  const request = () =>
    new Request('https://tokens.example.test/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
  for (const [name, h] of Object.entries(handlers)) {
    const { token } = await (await h(request())).json();
    if (verifyToken(token, { apiSecret: SECRET }).sub !== 'alice') throw new Error(`${name}: no valid token`);
  }
  const rates = { baseline: [], handler: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? ['handler', 'baseline'] : ['baseline', 'handler']) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < PER_ROUND; i++) await (await handlers[name](request())).text();
      const { user, system } = process.cpuUsage(c0);
      rates[name].push(PER_ROUND / ((user + system) / 1e6));
    }
  }
  const median = (list) => list.sort((a, b) => a - b)[list.length >> 1];
  const result = { baseline: Math.round(median(rates.baseline)), handler: Math.round(median(rates.handler)) };
  result.handlerVsBaseline = Number((result.handler / result.baseline).toFixed(3));
  console.error(`in-process: baseline ${result.baseline}, handler ${result.handler} requests per CPU second`);
  return result;
}
