// The Vercel Edge Runtime for the tests (edge.test.mjs, server-edge.test.mjs): a bundle made the
// way Next.js bundles for the edge, and @edge-runtime/vm with wasm code generation off.
import { EdgeVM } from '@edge-runtime/vm';
import { build } from 'esbuild';

/**
 * Bundles `entry` (in `dir`) as an IIFE with `conditions`; `.wasm?module` imports read
 * `globalThis.__precompiledWasm`, which the test sets as the platform would at deploy time.
 * Resolves to `{ code, inputs }`.
 */
export async function bundleForEdge(dir, entry, conditions) {
  const result = await build({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    metafile: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'wasm-module',
        setup(b) {
          b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: args.path, namespace: 'wasm-module' }));
          b.onLoad({ filter: /.*/, namespace: 'wasm-module' }, () => ({
            contents: 'export default globalThis.__precompiledWasm;',
          }));
        },
      },
    ],
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}

/** The Edge Runtime's VM as Vercel runs it: no eval, no compiling wasm from bytes. */
export function edgeVm() {
  return new EdgeVM({ codeGeneration: { strings: false, wasm: false } });
}
