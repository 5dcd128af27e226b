// The docs test (`make test`, part "docs"): every fenced code block of the project's Markdown
// files is run or type-checked, exactly as written, against the packed npm package installed
// in a throwaway project (and the Python wheel that scripts/test-python installed), with
// placeholder credentials: ISOMETRIK_API_KEY and ISOMETRIK_API_SECRET in the environment, and
// the `keys.json` of API key -> secret that the rotation examples read, in the working folder.
// `node tests/docs/run.mjs` (needs `make pkg`, and for Python blocks `bash scripts/test-python`).
//
//   js / javascript   run as an ES module (`.cjs` after `<!-- test: cjs -->`), then tsc --checkJs --strict
//   ts / typescript   tsc --strict; a block importing `npm:` specifiers (Deno) with `deno check`
//   sh / bash         run by bash -euo pipefail in the project (`npx isometrik-token` is the packed CLI)
//   python            run by the test venv's python, then mypy
//   rust              run as the body of `main` in a crate depending on this one
// A block whose code sets timers runs with tests/docs/fake-clock.mjs. Markers (tests/docs/blocks.mjs)
// skip a fragment with a printed reason or compare a block with a repository file. Any other
// language, unmarked, is a failure: no block is left out silently.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bin, makeConsumer, removeConsumer, root } from '../js/support/package.mjs';
import { run } from '../js/support/run.mjs';
import { extractBlocks } from './blocks.mjs';

const DOCS = [
  'README.md',
  'python/README.md',
  'www-example/README.md',
  'www-example/token-server/README.md',
  'pkg-template/README.md',
  'SECURITY.md',
];
const KIND = {
  js: 'js',
  javascript: 'js',
  mjs: 'js',
  ts: 'ts',
  typescript: 'ts',
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  python: 'python',
  py: 'python',
  rust: 'rust',
};
const PYTHON = path.join(root, 'target/python/fresh-venv/bin/python');
const TIMERS = /\bset(?:Timeout|Interval)\s*\(/;
const TIMEOUT_MS = 60_000;
const RUST_TIMEOUT_MS = 600_000; // the first build of the crate and its dependencies

// Placeholder credentials: a key, and a random secret of 48 bytes (the rules want ≥ 32).
const ENV = {
  ISOMETRIK_API_KEY: 'docs-test-key',
  ISOMETRIK_API_SECRET: randomBytes(24).toString('hex'),
};
/** The rotation examples' secrets file: two keys, each with a random secret of 48 bytes. */
const KEYS_JSON = { APIold: randomBytes(24).toString('hex'), APInew: randomBytes(24).toString('hex') };
const childEnv = { ...process.env, ...ENV, npm_config_offline: 'true', npm_config_update_notifier: 'false' };

/** One block's outcome: what was done to it, and a failure message if any. */
const results = [];
const fail = (block, what, detail) => results.push({ block, failed: `${what}\n${detail}`.trim() });
const where = (block) => `${block.file}:${block.line}`;

function collect() {
  const blocks = [];
  for (const file of DOCS) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    blocks.push(...extractBlocks(text, file));
  }
  return blocks;
}

/** The file name a block is written to: README.md:25 (js) -> README-md-25.mjs. */
function fileName(block, ext) {
  return `${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}.${ext}`;
}

async function runChecked(block, what, command, args, options) {
  const result = await run(command, args, { env: childEnv, timeout: TIMEOUT_MS, input: null, ...options });
  if (result.code !== 0) {
    fail(block, `${what} exited with ${result.code ?? result.signal}`, `${result.stdout}\n${result.stderr}`);
    return null;
  }
  return result;
}

async function runJs(block, file, dir) {
  const clock = TIMERS.test(block.code);
  const args = [...(clock ? ['--import', path.join(import.meta.dirname, 'fake-clock.mjs')] : [])];
  args.push(path.join(import.meta.dirname, 'run-block.mjs'), file);
  const result = await runChecked(block, 'node', process.execPath, args, { cwd: dir });
  if (!result) return false;
  if (clock && !/\[fake clock\] fired/.test(result.stderr)) {
    fail(block, 'the block sets a timer, but none fired', result.stderr);
    return false;
  }
  const handler = /\[run-block\] fetch handler: 2\d\d/.test(result.stdout) ? ', fetch handler answered' : '';
  return `ran (${file.endsWith('.cjs') ? 'CommonJS' : 'ESM'}${clock ? ', fake clock' : ''}${handler})`;
}

/** tsc --strict over the given files at once; returns the error lines of each file. */
async function typeCheck(dir, files) {
  if (files.length === 0) return new Map();
  const tsconfig = {
    compilerOptions: {
      strict: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      moduleDetection: 'force', // each block is its own module, even one without import/export
      target: 'es2022',
      lib: ['es2022', 'dom'],
      allowJs: true,
      checkJs: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules/@types')],
    },
    files,
  };
  fs.writeFileSync(path.join(dir, 'tsconfig.docs.json'), JSON.stringify(tsconfig, null, 2));
  const result = await run(bin('tsc'), ['-p', 'tsconfig.docs.json', '--pretty', 'false'], {
    cwd: dir,
    timeout: TIMEOUT_MS * 2,
  });
  return errorsByFile('tsc', result, files, '(');
}

/**
 * A checker's error lines, by the file they start with (`file(` for tsc, `file:` for mypy). A
 * failure that names none of the files is the checker's own and fails the whole test.
 */
function errorsByFile(tool, result, files, after) {
  const errors = new Map(files.map((f) => [f, []]));
  for (const line of `${result.stdout}\n${result.stderr}`.split('\n')) {
    const file = files.find((f) => line.startsWith(`${f}${after}`));
    if (file) errors.get(file).push(line);
  }
  if (result.code !== 0 && [...errors.values()].every((e) => e.length === 0)) {
    throw new Error(`${tool} failed outside the blocks:\n${result.stdout}\n${result.stderr}`);
  }
  return errors;
}

/** Adds a checker's verdict to each [block, file] that ran: a clean file, or a failed block. */
function recordChecks(label, checked, errors, done) {
  for (const [block, file] of checked) {
    const lines = errors.get(file);
    if (lines.length > 0) {
      done.delete(block);
      // `README-md-29.mjs(18,35): …` -> `README.md:47:35: …`, the line in the Markdown file.
      const at = (l, c) => `${block.file}:${block.line + Number(l)}${c ? `:${c}` : ''}:`;
      const located = lines.map((line) =>
        line.slice(file.length).replace(/^(?:\((\d+),(\d+)\)|:(\d+)):/, (_, l, c, m) => at(l ?? m, c)),
      );
      fail(block, label, located.join('\n'));
    } else {
      done.get(block).push(`type-checked (${label})`);
    }
  }
}

/**
 * mypy (default settings: the Isometrik docs' Flask example (python/README.md) has no annotations for --strict to demand)
 * over the Python blocks at once, against the installed wheel's stubs; errors per file.
 */
async function mypyCheck(dir, files) {
  if (files.length === 0) return new Map();
  const mypy = path.join(path.dirname(PYTHON), 'mypy');
  const cache = path.join(root, 'target/python/mypy-cache');
  const result = await run(mypy, ['--cache-dir', cache, '--no-error-summary', '--no-pretty', ...files], {
    cwd: dir,
    timeout: TIMEOUT_MS * 2,
  });
  return errorsByFile('mypy', result, files, ':');
}

async function denoCheck(block, file, dir) {
  const args = ['check', '--quiet', '--node-modules-dir=manual', file];
  return (await runChecked(block, 'deno check', bin('deno'), args, { cwd: dir })) ? 'type-checked (deno check)' : false;
}

async function runSh(block, file, dir) {
  return (await runChecked(block, 'bash', 'bash', ['-euo', 'pipefail', file], { cwd: dir })) ? 'ran (bash)' : false;
}

async function runPython(block, file, dir) {
  if (!fs.existsSync(PYTHON)) {
    fail(block, `no Python test venv at ${path.relative(root, PYTHON)}`, 'run `bash scripts/test-python` first');
    return false;
  }
  return (await runChecked(block, 'python', PYTHON, [file], { cwd: dir })) ? 'ran (python)' : false;
}

/** A Rust block becomes the body of `fn main() -> Result<…>` in a crate depending on this one. */
async function runRust(block, dir) {
  const crate = path.join(dir, `rust-${block.line}`);
  fs.mkdirSync(path.join(crate, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(crate, 'Cargo.toml'),
    `[package]\nname = "docs-block-${block.line}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n` +
      `[dependencies]\nisometrik-token = { path = ${JSON.stringify(root)} }\n\n[workspace]\n`,
  );
  fs.copyFileSync(path.join(root, 'Cargo.lock'), path.join(crate, 'Cargo.lock'));
  const body = block.code.replace(/^/gm, '    ');
  fs.writeFileSync(
    path.join(crate, 'src/main.rs'),
    `#![allow(unused)]\nfn main() -> Result<(), Box<dyn std::error::Error>> {\n${body}    Ok(())\n}\n`,
  );
  // The repository's target folder: the dependencies `cargo test` built are reused.
  const env = { CARGO_TARGET_DIR: path.join(root, 'target') };
  const args = ['run', '--quiet', '--offline', '--manifest-path', path.join(crate, 'Cargo.toml')];
  const result = await runChecked(block, 'cargo run', 'nice', ['cargo', ...args], {
    cwd: crate,
    env: { ...childEnv, ...env },
    timeout: RUST_TIMEOUT_MS,
  });
  return result ? 'ran (as the body of main)' : false;
}

async function main() {
  const blocks = collect();
  const dir = makeConsumer('docs', { type: 'module' });
  fs.writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(KEYS_JSON), { mode: 0o600 });
  const done = new Map(); // block -> what was done
  const toTypeCheck = []; // [block, file] for tsc
  const toMypy = []; // [block, file] for mypy
  try {
    for (const block of blocks) {
      const { marker } = block;
      if (marker?.kind === 'skip') {
        results.push({ block, skipped: marker.reason });
        continue;
      }
      if (marker?.kind === 'file') {
        const target = path.join(root, marker.path);
        const text = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
        if (text === null) fail(block, `the file marker names ${marker.path}, which does not exist`, '');
        else if (text !== block.code) fail(block, `the block differs from ${marker.path}`, '');
        else results.push({ block, equal: marker.path });
        continue;
      }
      const kind = KIND[block.lang];
      if (kind === undefined) {
        fail(
          block,
          `a \`${block.lang || '(no language)'}\` block: run it, or mark it`,
          `known: ${Object.keys(KIND).join(', ')}`,
        );
        continue;
      }
      if (marker?.kind === 'cjs' && kind !== 'js') {
        fail(block, 'the cjs marker is for JavaScript blocks only', '');
        continue;
      }
      const ext = { js: marker?.kind === 'cjs' ? 'cjs' : 'mjs', ts: 'ts', sh: 'sh', python: 'py', rust: 'rs' }[kind];
      const file = fileName(block, ext);
      fs.writeFileSync(path.join(dir, file), block.code);
      process.stderr.write(`[docs] ${where(block)} (${block.lang})\n`);
      let outcome;
      if (kind === 'js') outcome = await runJs(block, file, dir);
      else if (kind === 'ts' && /from\s+['"]npm:/.test(block.code)) outcome = await denoCheck(block, file, dir);
      else if (kind === 'ts') outcome = 'pending';
      else if (kind === 'sh') outcome = await runSh(block, file, dir);
      else if (kind === 'python') outcome = await runPython(block, file, dir);
      else outcome = await runRust(block, dir);
      if (outcome === false) continue;
      if (kind === 'js' || outcome === 'pending') toTypeCheck.push([block, file]);
      if (kind === 'python') toMypy.push([block, file]);
      done.set(block, outcome === 'pending' ? [] : [outcome]);
    }

    const files = (pairs) => pairs.map(([, file]) => file);
    recordChecks('tsc --strict', toTypeCheck, await typeCheck(dir, files(toTypeCheck)), done);
    recordChecks('mypy', toMypy, await mypyCheck(dir, files(toMypy)), done);
    for (const [block, what] of done) results.push({ block, what });
  } finally {
    removeConsumer(dir);
  }
  return report(blocks);
}

function report(blocks) {
  results.sort((a, b) => blocks.indexOf(a.block) - blocks.indexOf(b.block));
  let ran = 0;
  let checked = 0;
  let skipped = 0;
  let equal = 0;
  let failed = 0;
  for (const r of results) {
    const name = `${where(r.block)} ${r.block.lang || '(none)'}`;
    if (r.failed) {
      failed++;
      console.log(`FAIL ${name}: ${r.failed.replace(/\n/g, '\n     ')}`);
    } else if (r.skipped) {
      skipped++;
      console.log(`skip ${name}: ${r.skipped}`);
    } else if (r.equal) {
      equal++;
      console.log(`ok   ${name}: equal to ${r.equal}`);
    } else {
      if (r.what.some((w) => w.startsWith('ran'))) ran++;
      if (r.what.some((w) => w.startsWith('type-checked'))) checked++;
      console.log(`ok   ${name}: ${r.what.join(', ')}`);
    }
  }
  console.log(
    `\ndocs: ${blocks.length} code blocks in ${DOCS.length} files: ${ran} ran, ${checked} type-checked, ` +
      `${skipped} skipped by marker, ${equal} equal to a repository file; ${failed} failed`,
  );
  return failed === 0 && blocks.length > 0 ? 0 : 1;
}

process.exitCode = await main();
