// The example servers of www-example/, started for the tests (servers.test.mjs,
// seed-snippet.test.mjs, wrangler.test.mjs): the Node server from the repository, the Worker in
// Miniflare (bundled the way wrangler bundles it) or copied out and run by wrangler itself, and
// the Deno server copied out of the repository with the packed package installed beside it.
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
 * The Worker in Miniflare, bundled like wrangler (esbuild, conditions workerd/worker/browser, the
 * .wasm as a CompiledWasm module), with 'isometrik-token' resolved to pkg/. Served on a real
 * local port too (`url`), for a browser. Returns the bundle's inputs as well.
 */
export async function startWorker(bindings) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-worker-'));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(path.join(root, 'pkg'), path.join(dir, 'node_modules/isometrik-token'), 'dir');
  const worker = await bundleWorker({
    entry: path.join(EXAMPLE, 'worker/src/index.js'),
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

/**
 * The Deno example copied out of the repository, with the packed package installed in its
 * node_modules: Deno resolves the folder's own `npm:isometrik-token` import from there
 * (`--node-modules-dir=manual`), offline, with the permissions its deno.json task gives.
 */
export async function startDeno(env = {}) {
  const dir = copyExample('deno');
  try {
    await installPackedPackage(dir);
    const task = JSON.parse(fs.readFileSync(path.join(dir, 'deno.json'), 'utf8')).tasks.start.split(/\s+/);
    if (task[0] !== 'deno' || task[1] !== 'run' || task.at(-1) !== 'server.ts')
      throw new Error(`unexpected deno task: ${task.join(' ')}`);
    const args = ['run', '--no-prompt', '--cached-only', '--node-modules-dir=manual', ...task.slice(2)];
    const server = await startServer(bin('deno'), args, {
      cwd: dir,
      env: { PORT: '0', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: path.join(path.dirname(dir), 'deno-dir'), ...env },
    });
    return withFetch({
      ...server,
      stop: async () => {
        await server.stop();
        removeExample(dir);
      },
    });
  } catch (error) {
    removeExample(dir);
    throw error;
  }
}
