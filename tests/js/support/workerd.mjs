// A Worker built and run the way wrangler does it, for the tests (runtimes.test.mjs,
// servers.test.mjs) and the workerd benchmark (bench/runtimes/workerd.mjs): esbuild with the
// conditions workerd/worker/browser and each .wasm copied next to the script, then Miniflare
// with the script as an ES module and each .wasm as a CompiledWasm module.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { withTimeout } from './run.mjs';

/**
 * Bundles `entry` into `outdir` (`absWorkingDir`, `nodePaths` and `plugins` go to esbuild) and
 * resolves to `{ outdir, inputs, files, script, wasm }`: the metafile's inputs (relative to the
 * working directory), the files written (sorted), the script `{ path, contents }` (text) and
 * every .wasm `{ path, contents }` (bytes).
 */
export async function bundleWorker({ entry, outdir, absWorkingDir, nodePaths, plugins }) {
  const bundle = await build({
    absWorkingDir,
    entryPoints: [entry],
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    loader: { '.wasm': 'copy' },
    nodePaths,
    plugins,
    metafile: true,
    logLevel: 'silent',
  });
  const files = fs.readdirSync(outdir).sort();
  const read = (file, encoding) => ({
    path: path.join(outdir, file),
    contents: fs.readFileSync(path.join(outdir, file), encoding),
  });
  return {
    outdir,
    inputs: Object.keys(bundle.metafile.inputs),
    files,
    script: read(`${path.parse(entry).name}.js`, 'utf8'),
    wasm: files.filter((f) => f.endsWith('.wasm')).map((f) => read(f)),
  };
}

/**
 * Runs a bundleWorker() result in Miniflare (`options` go to Miniflare: compatibilityDate,
 * bindings, …) and resolves to the instance once it is ready (30 s at most, disposed if not).
 */
export async function startMiniflare(worker, options) {
  const mf = new Miniflare({
    modules: [{ type: 'ESModule', ...worker.script }, ...worker.wasm.map((w) => ({ type: 'CompiledWasm', ...w }))],
    modulesRoot: worker.outdir,
    ...options,
  });
  try {
    await withTimeout(mf.ready, 30_000, 'Miniflare start');
  } catch (err) {
    await stopMiniflare(mf).catch(() => {});
    throw err;
  }
  return mf;
}

/** Disposes of a Miniflare instance (30 s at most). */
export function stopMiniflare(mf) {
  return withTimeout(mf.dispose(), 30_000, 'Miniflare dispose');
}
