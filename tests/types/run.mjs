// The type tests (`make test`, part "types"): tests/types/consumer/refusals.ts, a strict
// TypeScript consumer whose `@ts-expect-error` lines are the calls the runtime refuses, is
// compiled against the packed package under moduleResolution nodenext and bundler, and each
// refused statement is run to see the runtime refuse it too; then DurationUnit is checked against the runtime's duration parser; and `attw --pack pkg` (Are the
// Types Wrong?, configured by .attw.json) must find no problem.
// `node tests/types/run.mjs` after `make pkg`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { bin, makeConsumer, removeConsumer, root } from '../js/support/package.mjs';
import { run } from '../js/support/run.mjs';

const source = path.join(import.meta.dirname, 'consumer');
const dir = makeConsumer('types', { type: 'module' });
let failed = false;
try {
  for (const file of fs.readdirSync(source)) fs.copyFileSync(path.join(source, file), path.join(dir, file));
  // `process.env` in the consumer: the repository's pinned @types/node.
  fs.mkdirSync(path.join(dir, 'node_modules/@types'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules/@types/node'), path.join(dir, 'node_modules/@types/node'));
  const expectErrors = fs
    .readFileSync(path.join(source, 'refusals.ts'), 'utf8')
    .match(/^\s*\/\/ @ts-expect-error/gm).length;

  for (const resolution of ['nodenext', 'bundler']) {
    const result = await run(bin('tsc'), ['-p', `tsconfig.${resolution}.json`, '--pretty', 'false', '--listFiles'], {
      cwd: dir,
      timeout: 120_000,
    });
    const loaded = result.stdout.split('\n').some((f) => f.trim().endsWith('/node_modules/isometrik-token/index.d.ts'));
    if (result.code === 0 && loaded) {
      console.log(`ok   tsc --strict, moduleResolution ${resolution}: ${expectErrors} refusals, none missing`);
    } else {
      failed = true;
      const errors = result.stdout.split('\n').filter((l) => l.includes('error TS'));
      console.log(
        `FAIL tsc --strict, moduleResolution ${resolution} (exit ${result.code}, index.d.ts loaded: ${loaded})`,
      );
      for (const line of errors.length ? errors : [result.stdout, result.stderr]) console.log(`     ${line}`);
    }
  }
  await runRefusals(dir);
} finally {
  removeConsumer(dir);
}

/**
 * The refusals at run time: each statement under an expect-error not marked "(types only)"
 * runs after the file's preamble (everything before the first expect-error), with no
 * ISOMETRIK_* variables set, and must throw or reject with an IsometrikTokenError.
 */
async function runRefusals(dir) {
  const lines = fs.readFileSync(path.join(source, 'refusals.ts'), 'utf8').split('\n');
  const directive = /^\/\/ @ts-expect-error /;
  const first = lines.findIndex((l) => directive.test(l));
  const refused = lines.flatMap((l, i) =>
    directive.test(l) && !l.includes('(types only') ? [{ line: i + 2, code: lines[i + 1] }] : [],
  );
  const calls = refused.map(
    ({ line, code }) => `await refused(${line}, async () => ${code.replace(/^void /, '').replace(/;$/, '')});`,
  );
  const program = [
    ...lines.slice(0, first),
    'const results = [];',
    'async function refused(line, call) {',
    '  try { await call(); results.push([line, null]); }',
    "  catch (err) { results.push([line, err?.name === 'IsometrikTokenError' ? err.code : String(err)]); }",
    '}',
    ...calls,
    'console.log(JSON.stringify(results));',
  ].join('\n');
  const file = path.join(dir, 'refusals-run.mjs');
  fs.writeFileSync(file, transformSync(program, { loader: 'ts', format: 'esm' }).code);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISOMETRIK_')));
  const result = await run(process.execPath, [file], { cwd: dir, env, timeout: 60_000 });
  const results = result.code === 0 ? JSON.parse(result.stdout) : [];
  const notThrown = results.filter(([, code]) => !/^ERR_/.test(code ?? ''));
  if (result.code === 0 && results.length === refused.length && notThrown.length === 0) {
    const typesOnly = lines.filter((l) => directive.test(l) && l.includes('(types only')).length;
    console.log(`ok   at run time: ${refused.length} refusals throw IsometrikTokenError (${typesOnly} types only)`);
  } else {
    failed = true;
    const shown = notThrown.map(([line, got]) => `refusals.ts:${line} ${got ?? 'did not throw'}`);
    console.log(`FAIL at run time: ${shown.join('; ') || `exit ${result.code}\n${result.stderr}`}`);
  }
}

// DurationUnit is written by hand in index.d.ts: every unit it lists must parse, and every
// near miss (a prefix or an extension of a unit, other time units) must be refused, so the
// type and the core's grammar cannot drift apart.
const dts = fs.readFileSync(path.join(root, 'pkg/index.d.ts'), 'utf8');
const units = [...dts.matchAll(/^type \w+Unit = (.*);$/gm)].flatMap(([, union]) =>
  [...union.matchAll(/'([a-z]+)'/g)].map((m) => m[1]),
);
const { parseDuration } = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);
const accepts = (text) => {
  try {
    return parseDuration(text) > 0;
  } catch (err) {
    assert.equal(err.code, 'ERR_INVALID_DURATION', `${text}: ${err.message}`);
    return false;
  }
};
const nearMisses = [
  ...units.flatMap((u) => [...u].map((_, i) => u.slice(0, i + 1))),
  ...units.map((u) => `${u}s`),
  ...['ms', 'us', 'ns', 'mo', 'month', 'months', 'q', 'sek', 'hour s'],
].filter((u) => !units.includes(u));
const wrong = [
  ...units.filter((u) => !accepts(`1${u}`) || !accepts(`2 ${u.toUpperCase()}`)).map((u) => `'${u}' is refused`),
  ...nearMisses.filter((u) => accepts(`1${u}`)).map((u) => `'${u}' is accepted but not in DurationUnit`),
];
if (units.length >= 26 && wrong.length === 0) {
  console.log(`ok   DurationUnit: its ${units.length} units parse, ${nearMisses.length} near misses are refused`);
} else {
  failed = true;
  console.log(`FAIL DurationUnit (${units.length} units) and the runtime disagree: ${wrong.join('; ')}`);
}

// The command a user would run; .attw.json (read from the working folder) says what it skips and why.
const attw = await run(bin('attw'), ['--pack', 'pkg', '--format', 'table-flipped', '--no-color'], {
  cwd: root,
  timeout: 120_000,
});
if (attw.code === 0) {
  console.log('ok   attw --pack pkg: no problems');
} else {
  failed = true;
  console.log(`FAIL attw --pack pkg exited with ${attw.code}\n${attw.stdout}\n${attw.stderr}`);
}
assert.ok(fs.existsSync(path.join(root, '.attw.json')), '.attw.json is missing');
process.exitCode = failed ? 1 : 0;
