// The example servers of www-example/, started for the tests (servers.test.mjs,
// seed-snippet.test.mjs, wrangler.test.mjs): the Node demo server from the repository, and the
// token server examples of www-example/token-server/ (Node, Bun, Deno, Express; the Worker in
// Miniflare, bundled the way wrangler bundles it) from a copy of that folder taken out of the
// repository with the packed package installed, as a user starting from it would.
// Each starter resolves to `{ url, fetch(pathname, init), output(), stop() }`.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { bin, packTarball, root } from './package.mjs';
import { runOk, withTimeout } from './run.mjs';
import { startServer } from './server-process.mjs';
import { bundleWorker, startMiniflare, stopMiniflare } from './workerd.mjs';

export const EXAMPLE = path.join(root, 'www-example');
/** The token server examples' folder (standalone: it can be copied out and run). */
export const TOKEN_SERVER = path.join(EXAMPLE, 'token-server');
const NPM_TIMEOUT_MS = 180_000;

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Copies an example folder (www-example/<name>) to a new temporary directory outside the
 * repository, as someone starting a project from it would: without node_modules, build output
 * or local secrets. Returns the copy's path.
 */
export function copyExample(name) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `isometrik-example-${name}-`));
  const dest = path.join(parent, name);
  const skip = new Set(['node_modules', '.wrangler', 'dist', '.dev.vars']);
  fs.cpSync(path.join(EXAMPLE, name), dest, {
    recursive: true,
    filter: (src) => !skip.has(path.basename(src)),
  });
  return dest;
}

/** Removes a copyExample() directory. */
export function removeExample(dir) {
  if (dir) fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

/**
 * Installs the packed package into an example copy, without touching its package.json or lock:
 * `npm install --no-save <tarball>` (npm also installs what the copy's lockfile pins, from the
 * cache scripts/bootstrap-examples fills when it can).
 */
export async function installPackedPackage(dir) {
  return runOk(
    'npm',
    [
      'install',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefer-offline',
      '--loglevel=error',
      packTarball(),
    ],
    {
      cwd: dir,
      timeout: NPM_TIMEOUT_MS,
    },
  );
}

const withFetch = (server) => ({ ...server, fetch: (pathname, init) => fetch(server.url + pathname, init) });

/** Node's server: `node www-example/server.mjs` on a free port. */
export async function startNode(env = {}) {
  const server = await startServer(process.execPath, [path.join(EXAMPLE, 'server.mjs')], {
    env: { PORT: '0', ...env },
  });
  return withFetch(server);
}

/**
 * The Worker (token-server/worker.js) in Miniflare, bundled like wrangler (esbuild, conditions
 * workerd/worker/browser, the .wasm as a CompiledWasm module), with 'isometrik-token' resolved
 * to pkg/. Served on a real local port too (`url`), for a browser. Returns the bundle's inputs.
 */
export async function startWorker(bindings) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-worker-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(root, 'pkg'), path.join(dir, 'node_modules/isometrik-token'), 'dir');
  const worker = await bundleWorker({
    entry: path.join(TOKEN_SERVER, 'worker.js'),
    outdir: path.join(dir, 'out'),
    nodePaths: [path.join(dir, 'node_modules')],
  });
  let output = '';
  const mf = await startMiniflare(worker, {
    compatibilityDate: '2026-04-01',
    bindings,
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio(stdout, stderr) {
      stdout.setEncoding('utf8').on('data', (d) => (output += d));
      stderr.setEncoding('utf8').on('data', (d) => (output += d));
    },
  });
  const url = (await mf.ready).origin;
  return {
    url,
    inputs: worker.inputs,
    output: () => output,
    fetch: (pathname, init) =>
      withTimeout(mf.dispatchFetch(`http://localhost${pathname}`, init), 30_000, 'dispatchFetch'),
    stop: async () => {
      await stopMiniflare(mf);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

let copying;
/**
 * One copy of token-server/ out of the repository per test process, with the packed package
 * installed (and Express, from tests/apps/node-adapters, for express.mjs). Remove it with
 * removeTokenServerCopy().
 */
export async function tokenServerCopy() {
  copying ??= (async () => {
    const dir = copyExample('token-server');
    await installPackedPackage(dir);
    const express = path.join(root, 'tests/apps/node-adapters/node_modules/express');
    if (!fs.existsSync(express))
      throw new Error('tests/apps/node-adapters/node_modules is missing: run scripts/bootstrap-apps');
    fs.symlinkSync(express, path.join(dir, 'node_modules/express'), 'dir');
    return dir;
  })();
  return copying;
}

/** Removes tokenServerCopy()'s directory, if one was made. */
export async function removeTokenServerCopy() {
  if (copying) removeExample(await copying.catch(() => undefined));
  copying = undefined;
}

/**
 * Starts one of token-server/'s examples from the copy: 'node' (node.mjs), 'express'
 * (express.mjs), 'bun' (bun.mjs) or 'deno' (its deno.json task, offline, with the permissions
 * the task gives).
 */
export async function startTokenServer(name, env = {}) {
  const dir = await tokenServerCopy();
  let command;
  let args;
  const extra = {};
  if (name === 'node' || name === 'express') {
    [command, args] = [process.execPath, [`${name}.mjs`]];
  } else if (name === 'bun') {
    [command, args] = [bin('bun'), ['--no-install', 'bun.mjs']];
    extra.BUN_INSTALL_CACHE_DIR = path.join(path.dirname(dir), 'bun-cache');
  } else if (name === 'deno') {
    const task = JSON.parse(fs.readFileSync(path.join(dir, 'deno.json'), 'utf8')).tasks.start.split(/\s+/);
    if (task[0] !== 'deno' || task[1] !== 'run' || task.at(-1) !== 'deno.ts')
      throw new Error(`unexpected deno task: ${task.join(' ')}`);
    [command, args] = [
      bin('deno'),
      ['run', '--no-prompt', '--cached-only', '--node-modules-dir=manual', ...task.slice(2)],
    ];
    Object.assign(extra, { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: path.join(path.dirname(dir), 'deno-dir') });
  } else {
    throw new Error(`no token server example ${name}`);
  }
  const server = await startServer(command, args, { cwd: dir, env: { PORT: '0', ...extra, ...env } });
  return withFetch(server);
}
