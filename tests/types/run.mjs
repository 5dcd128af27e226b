// The type tests (`make test`, part "types"): tests/types/consumer/refusals.ts, a strict
// TypeScript consumer whose `@ts-expect-error` lines are the calls the runtime refuses, is
// compiled against the packed package under moduleResolution nodenext and bundler; then
// `attw --pack pkg` (Are the Types Wrong?, configured by .attw.json) must find no problem.
// `node tests/types/run.mjs` after `make pkg`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
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
} finally {
  removeConsumer(dir);
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
