// How the package loads its wasm, and its one error class, tried from the packed package:
//   - IsometrikTokenError: `instanceof` holds across every entry and format (`isometrik-token`,
//     `/decode`, `/full`, `import` and `require`) and across two copies of the package in one
//     process; a subclass keeps the ordinary check.
//   - ERR_WASM_UNAVAILABLE says what happened: a refusal by policy (the only kind that names the
//     CSP remedy, decided once), no WebAssembly at all (node --jitless), out of memory and system
//     errors (retried on the next call), a bundle that lost its .wasm module (retried).
// Failures are injected in a child process by replacing WebAssembly.Module / Instance before the
// package is imported; the package's own code is what runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { makeConsumer, removeConsumer } from './support/package.mjs';
import { run } from './support/run.mjs';

let dir;
let installed;
before(() => {
  dir = makeConsumer('loading', { type: 'module' });
  installed = path.join(dir, 'node_modules/isometrik-token');
  // A second copy of the package, as a second dependency tree would hold it.
  fs.cpSync(installed, path.join(dir, 'copy/node_modules/isometrik-token'), { recursive: true });
});
after(() => removeConsumer(dir));

/** Runs an ES module script in a fresh Node process in the consumer; resolves to its last JSON line. */
async function child(script, nodeArgs = []) {
  const file = path.join(dir, `child-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(file, script);
  const { code, stdout, stderr } = await run(process.execPath, [...nodeArgs, file], { cwd: dir, timeout: 60_000 });
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout.trim().split('\n').at(-1));
}

test('one IsometrikTokenError across entries, formats and two copies of the package', async () => {
  const out = await child(`
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const copy = createRequire(new URL('./copy/package.json', import.meta.url));
    const sources = {
      'import .': await import('isometrik-token'),
      'import /decode': await import('isometrik-token/decode'),
      'import /full': await import('isometrik-token/full'),
      'require .': require('isometrik-token'),
      'require /decode': require('isometrik-token/decode'),
      'require /full': require('isometrik-token/full'),
      'import dist/web.js': await import(new URL('./node_modules/isometrik-token/dist/web.js', import.meta.url).href),
      'copy: require .': copy('isometrik-token'),
      'copy: import /decode': await import(new URL('./copy/node_modules/isometrik-token/dist/decode.js', import.meta.url).href),
    };
    const errors = {};
    for (const [name, m] of Object.entries(sources)) {
      try { m.decodeToken('not.a.token'); } catch (e) { errors[name] = e; }
    }
    const mismatches = [];
    for (const [from, err] of Object.entries(errors)) {
      for (const [name, m] of Object.entries(sources)) {
        if (!(err instanceof m.IsometrikTokenError)) mismatches.push(from + ' !instanceof ' + name);
      }
      if (!(err instanceof Error)) mismatches.push(from + ' !instanceof Error');
    }
    const { IsometrikTokenError } = sources['import .'];
    class Sub extends IsometrikTokenError {}
    const sub = new Sub('ERR_MALFORMED_TOKEN', 'x');
    const lookalike = Object.assign(new Error('x'), { name: 'IsometrikTokenError', code: 'ERR_MALFORMED_TOKEN' });
    console.log(JSON.stringify({
      errors: Object.keys(errors).length,
      codes: [...new Set(Object.values(errors).map((e) => e.code))],
      classes: new Set(Object.values(sources).map((m) => m.IsometrikTokenError)).size,
      mismatches,
      plainIsSub: errors['require .'] instanceof Sub,
      subIsBase: sub instanceof sources['require /decode'].IsometrikTokenError,
      subIsSub: sub instanceof Sub,
      lookalike: lookalike instanceof IsometrikTokenError,
      primitives: [null, undefined, 'x', 1].some((v) => v instanceof IsometrikTokenError),
    }));
  `);
  assert.deepEqual(out, {
    errors: 9,
    codes: ['ERR_MALFORMED_TOKEN'],
    classes: out.classes,
    mismatches: [],
    plainIsSub: false,
    subIsBase: true,
    subIsSub: true,
    lookalike: false,
    primitives: false,
  });
  // The test means something only if the classes really are distinct objects.
  assert.ok(out.classes >= 4, `only ${out.classes} distinct classes`);
});

test('import first, then require: one instance (the same functions, classes and wasm)', async () => {
  const out = await child(`
    import { createRequire } from 'node:module';
    const esm = await import('isometrik-token');
    const signer = new esm.TokenSigner({ apiKey: 'K', apiSecret: 'loading-test-secret-0123456789abcdef' });
    const cjs = createRequire(import.meta.url)('isometrik-token');
    console.log(JSON.stringify({
      resolved: [import.meta.resolve('isometrik-token'), createRequire(import.meta.url).resolve('isometrik-token')]
        .map((p) => p.split('/').pop()),
      differ: ['createToken', 'TokenSigner', 'TokenVerifier', 'IsometrikTokenError', 'PERMISSIONS'].filter((n) => esm[n] !== cjs[n]),
      signerIsCjs: signer instanceof cjs.TokenSigner,
    }));
  `);
  assert.deepEqual(out, { resolved: ['node.mjs', 'node.cjs'], differ: [], signerIsCjs: true });
});

/**
 * A child that replaces WebAssembly.Module (and Instance) so that successive compiles
 * (instantiations) throw the errors `plan` (`instancePlan`) lists, then work; imports `entry`
 * and calls decodeToken `calls` times. Reports per call: the code, the reason, whether the
 * message names 'wasm-unsafe-eval'; and how many compiles were attempted.
 */
function injected({ plan = '[]', instancePlan = '[]', entry = 'isometrik-token', calls = 3 }) {
  return child(`
    const RealModule = WebAssembly.Module;
    const RealInstance = WebAssembly.Instance;
    const plan = ${plan};
    const instancePlan = ${instancePlan};
    let compiles = 0;
    let instances = 0;
    WebAssembly.Module = class extends RealModule {
      constructor(bytes) { compiles++; const e = plan.shift(); if (e) throw e; super(bytes); }
    };
    WebAssembly.Instance = class extends RealInstance {
      constructor(m, i) { instances++; const e = instancePlan.shift(); if (e) throw e; super(m, i); }
    };
    const m = await import(${JSON.stringify(entry)});
    const tries = [];
    for (let i = 0; i < ${calls}; i++) {
      try { tries.push(m.decodeToken('eyJhbGciOiJIUzI1NiJ9.e30.c2ln') && 'ok'); }
      catch (e) {
        if (e.code !== 'ERR_WASM_UNAVAILABLE') { tries.push('ok'); continue; } // the core answered
        tries.push([e.code, e.reason, /wasm-unsafe-eval/.test(e.message), e instanceof m.IsometrikTokenError, e.message]);
      }
    }
    console.log(JSON.stringify({ tries, compiles, instances }));
  `);
}

const shape = (tries) => tries.map((t) => (t === 'ok' ? t : t.slice(0, 4)));

test('a refusal by policy names the CSP remedy and stays decided (one compile attempt)', async () => {
  const out = await injected({
    plan: "[new WebAssembly.CompileError('WebAssembly.Module(): Wasm code generation disallowed by embedder')]",
  });
  const refused = ['ERR_WASM_UNAVAILABLE', 'policy', true, true];
  assert.deepEqual(shape(out.tries), [refused, refused, refused]);
  assert.match(out.tries[0][4], /^WebAssembly could not be loaded here: the runtime's policy refused/);
  assert.equal(out.compiles, 1, 'a refused compile was tried again');
});

test('out of memory while compiling (RangeError) is reported as such, then retried and passes', async () => {
  const out = await injected({
    plan: "[new RangeError('WebAssembly.Module(): Out of memory: wasm code allocation')]",
  });
  assert.deepEqual(shape(out.tries), [['ERR_WASM_UNAVAILABLE', 'memory', false, true], 'ok', 'ok']);
  assert.match(out.tries[0][4], /out of memory; the next call tries again/);
  assert.equal(out.compiles, 2);
});

test('out of memory while instantiating: retried without compiling again', async () => {
  const out = await injected({
    instancePlan:
      "[new RangeError('WebAssembly.Instance(): Out of memory: Cannot allocate Wasm memory for new instance')]",
  });
  assert.deepEqual(shape(out.tries), [['ERR_WASM_UNAVAILABLE', 'memory', false, true], 'ok', 'ok']);
  assert.deepEqual([out.compiles, out.instances], [1, 2]);
});

test('system errors (EMFILE, ENOMEM) are retried on the next call', async () => {
  const out = await injected({
    plan: `[Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }),
            Object.assign(new Error('ENOMEM: not enough memory'), { code: 'ENOMEM' })]`,
  });
  assert.deepEqual(shape(out.tries), [
    ['ERR_WASM_UNAVAILABLE', 'io', false, true],
    ['ERR_WASM_UNAVAILABLE', 'memory', false, true],
    'ok',
  ]);
  assert.match(out.tries[0][4], /a system error while loading it; the next call tries again \(EMFILE/);
});

test('any other failure (a module that does not compile) is decided once, without the CSP remedy', async () => {
  const out = await injected({ plan: "[new WebAssembly.CompileError('WebAssembly.Module(): expected magic word')]" });
  const failed = ['ERR_WASM_UNAVAILABLE', 'other', false, true];
  assert.deepEqual(shape(out.tries), [failed, failed, failed]);
  assert.equal(out.compiles, 1);
});

test('no WebAssembly at all (node --jitless): says so, not a CSP problem', async () => {
  const out = await child(
    `
    const m = await import('isometrik-token');
    const tries = [];
    for (let i = 0; i < 2; i++) {
      try { m.decodeToken('a.b.c'); tries.push('ok'); }
      catch (e) { tries.push([e.code, e.reason, /wasm-unsafe-eval/.test(e.message), /no WebAssembly/.test(e.message)]); }
    }
    console.log(JSON.stringify({ wasm: typeof WebAssembly, tries }));
  `,
    ['--jitless'],
  );
  const unsupported = ['ERR_WASM_UNAVAILABLE', 'unsupported', false, true];
  assert.deepEqual(out, { wasm: 'undefined', tries: [unsupported, unsupported] });
});

test('a bundle that lost its .wasm module: "not found", retried on the next call', async () => {
  // What a bundler that drops the Workers entry's `import wasm from './….wasm'` would make.
  const result = await build({
    entryPoints: [path.join(installed, 'dist/workerd.js')],
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'lose-wasm',
        setup(b) {
          b.onResolve({ filter: /\.wasm$/ }, (a) => ({ path: a.path, namespace: 'lost' }));
          b.onLoad({ filter: /.*/, namespace: 'lost' }, () => ({
            contents: 'export default undefined;',
            loader: 'js',
          }));
        },
      },
    ],
  });
  const bundle = path.join(dir, 'lost-wasm.mjs');
  fs.writeFileSync(bundle, result.outputFiles[0].text);
  const out = await injected({ entry: pathToFileURL(bundle).href, calls: 2 });
  const missing = ['ERR_WASM_UNAVAILABLE', 'missing', false, true];
  assert.deepEqual(shape(out.tries), [missing, missing]);
  assert.match(out.tries[0][4], /its \.wasm module was not found; the next call tries again/);
});
