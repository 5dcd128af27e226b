// Server bundlers (tests/apps/server): a Node.js token server (src/server.js) bundled into one
// file by esbuild (CJS and ESM), webpack 5 (`target: node`), Vite (`build --ssr`), Bun
// (`bun build --target=node`, run with Node) and @vercel/ncc, and a Lambda-style handler
// (src/lambda.js) bundled by esbuild. Each output file is copied ALONE into a fresh empty folder
// outside the repo (where no node_modules can be found), as a deploy would ship it, and must
// answer a POST as the recipe's demo `authorize` decides: 401 without its password, and with it a
// token that verifies, holding exactly what `authorize` granted. No tool is told anything about the package: the
// exports map and the package's files are all they get. Tools: scripts/bootstrap-apps.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, packTarball } from './support/package.mjs';
import { runOk } from './support/run.mjs';
import { startServer } from './support/server-process.mjs';
import {
  APPS,
  DEMO_PASSWORD,
  RECIPE_BODY,
  appBin,
  expectRecipeEndpoint,
  freePort,
  makeAppCopy,
  removeAppCopy,
} from '../apps/support.mjs';

const API_KEY = 'server-app-key';
const SECRET = 'server-app-secret-Kq3Wz8Rt5Yu1Io7Pa2Sd';
const ENV = { ISOMETRIK_API_KEY: API_KEY, ISOMETRIK_API_SECRET: SECRET, DEMO_PASSWORD };
const BUILD_TIMEOUT_MS = 180_000;

let dir;
let lib;
const deployDirs = [];

before(() => {
  dir = makeAppCopy('server');
  lib = createRequire(path.join(dir, 'package.json'))('isometrik-token');
});
after(() => {
  removeAppCopy(dir);
  for (const d of deployDirs) fs.rmSync(d, { recursive: true, force: true });
  fs.rmSync(path.dirname(packTarball()), { recursive: true, force: true });
});

const version = (name) =>
  JSON.parse(fs.readFileSync(path.join(APPS, 'server/node_modules', name, 'package.json'), 'utf8')).version;

/** Runs a build in the app copy; reports how long it took. */
async function build(t, label, command, args) {
  const { ms } = await runOk(command, args, { cwd: dir, timeout: BUILD_TIMEOUT_MS, env: { CI: '1' } });
  t.diagnostic(`${label}: built in ${(ms / 1000).toFixed(1)} s`);
}

/** Copies one built file, alone, into a fresh folder outside the repo; returns its new path. */
function deployAlone(built, name) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-deploy-'));
  deployDirs.push(target);
  fs.copyFileSync(path.join(dir, built), path.join(target, name));
  return path.join(target, name);
}

const verify = (token) => lib.verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY });

/** Starts the deployed server `file` with Node and checks its endpoint (expectRecipeEndpoint). */
async function check(file) {
  const server = await startServer(process.execPath, [file], {
    cwd: path.dirname(file),
    env: { ...ENV, PORT: String(await freePort()) },
    timeout: 30_000,
  });
  try {
    const post = (headers) =>
      fetch(server.url, { method: 'POST', headers, body: RECIPE_BODY, signal: AbortSignal.timeout(30_000) });
    await expectRecipeEndpoint(post, verify, { apiKey: API_KEY, where: () => `\nserver output:\n${server.output()}` });
  } finally {
    await server.stop();
  }
}

test('esbuild --platform=node --format=cjs: the bundle alone refuses without the password, grants with it', async (t) => {
  const esbuild = appBin('server', 'esbuild');
  const args = ['src/server.js', '--bundle', '--platform=node', '--format=cjs', '--outfile=out/esbuild-cjs/server.cjs'];
  await build(t, `esbuild ${version('esbuild')} (cjs)`, esbuild, args);
  await check(deployAlone('out/esbuild-cjs/server.cjs', 'server.cjs'));
});

test('esbuild --platform=node --format=esm: the bundle alone refuses without the password, grants with it', async (t) => {
  const esbuild = appBin('server', 'esbuild');
  const args = ['src/server.js', '--bundle', '--platform=node', '--format=esm', '--outfile=out/esbuild-esm/server.mjs'];
  await build(t, `esbuild ${version('esbuild')} (esm)`, esbuild, args);
  await check(deployAlone('out/esbuild-esm/server.mjs', 'server.mjs'));
});

test('esbuild Lambda bundle: index.mjs alone, handler refuses without the password, grants with it', async (t) => {
  const esbuild = appBin('server', 'esbuild');
  const args = ['src/lambda.js', '--bundle', '--platform=node', '--format=esm', '--outfile=out/lambda/index.mjs'];
  await build(t, `esbuild ${version('esbuild')} (lambda)`, esbuild, args);
  const file = deployAlone('out/lambda/index.mjs', 'index.mjs');
  // A function URL's event (payload format 2.0), handed to the bundle's handler in a fresh Node.
  const post = async (headers) => {
    const event = {
      version: '2.0',
      rawPath: '/',
      headers: { 'content-type': 'application/json', ...headers },
      requestContext: { domainName: 'abc123.lambda-url.eu-west-1.on.aws', http: { method: 'POST', path: '/' } },
      body: Buffer.from(RECIPE_BODY).toString('base64'),
      isBase64Encoded: true,
    };
    const invoke = `const { handler } = await import('./index.mjs'); console.log(JSON.stringify(await handler(${JSON.stringify(event)})));`;
    const { stdout } = await runOk(process.execPath, ['--input-type=module', '-e', invoke], {
      cwd: path.dirname(file),
      env: ENV,
    });
    const { statusCode, headers: responseHeaders, body } = JSON.parse(stdout.trim());
    assert.equal(responseHeaders['cache-control'], 'no-store');
    return new Response(body, { status: statusCode, headers: responseHeaders });
  };
  await expectRecipeEndpoint(post, verify, { apiKey: API_KEY });
});

test('webpack 5 target node (no config file): main.js alone refuses without the password, grants with it', async (t) => {
  const args = [
    '--target',
    'node',
    '--mode',
    'production',
    '--entry',
    './src/server.js',
    '--output-path',
    'out/webpack',
  ];
  await build(t, `webpack ${version('webpack')}`, appBin('server', 'webpack'), args);
  await check(deployAlone('out/webpack/main.js', 'main.js'));
});

test('vite build --ssr: the server file alone refuses without the password, grants with it', async (t) => {
  await build(t, `vite ${version('vite')}`, appBin('server', 'vite'), [
    'build',
    '--ssr',
    'src/server.js',
    '--outDir',
    'out/vite',
  ]);
  await check(deployAlone('out/vite/server.js', 'server.mjs'));
});

test('bun build --target=node, run with Node: the bundle alone refuses without the password, grants with it', async (t) => {
  const { stdout: bunVersion } = await runOk(bin('bun'), ['--version']);
  const args = ['build', '--target=node', 'src/server.js', '--outfile', 'out/bun/server.mjs'];
  await build(t, `bun ${bunVersion.trim()}`, bin('bun'), args);
  await check(deployAlone('out/bun/server.mjs', 'server.mjs'));
});

test('@vercel/ncc build: its output folder alone refuses without the password, grants with it', async (t) => {
  await build(t, `ncc ${version('@vercel/ncc')}`, appBin('server', 'ncc'), ['build', 'src/server.js', '-o', 'out/ncc']);
  // ncc's output is a folder (index.js, and a package.json saying its module type).
  const files = fs.readdirSync(path.join(dir, 'out/ncc'));
  t.diagnostic(`ncc wrote: ${files.join(', ')}`);
  assert.ok(files.includes('index.js'), `ncc wrote ${files.join(', ')}`);
  const target = deployAlone('out/ncc/index.js', 'index.js');
  for (const file of files.filter((f) => f !== 'index.js')) {
    fs.copyFileSync(path.join(dir, 'out/ncc', file), path.join(path.dirname(target), file));
  }
  await check(target);
});

test('unbundled, the package serves tokens too (a deploy that ships node_modules)', async () => {
  await check(path.join(dir, 'src/server.js'));
});
