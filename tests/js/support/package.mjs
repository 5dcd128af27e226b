// Test helpers: pack pkg/ into a tarball (once per process) and install it into throwaway
// consumer projects, exactly as a user would (`npm install ./isometrik-token-x.y.z.tgz`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '../../..');
export const bin = (name) => path.join(root, 'node_modules/.bin', name);

/** scripts/build-pkg holds this lock while it rewrites pkg/. */
const BUILD_LOCK = path.join(root, 'target/.build-pkg.lock');
const LOCK_WAIT_S = 600; // a rebuild of pkg/ in progress (another session's `make pkg`)
const NPM_TIMEOUT_S = 120; // `npm pack`, `npm install`

let tarball;
/** Packs pkg/ (built by `make pkg`) and returns the tarball's path. */
export function packTarball() {
  if (tarball) return tarball;
  if (!fs.existsSync(path.join(root, 'pkg/package.json'))) {
    throw new Error('pkg/ is missing: run `make pkg` first');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-pack-'));
  // Under the build lock, so never a half-built pkg/: wait for it up to LOCK_WAIT_S, then give
  // npm pack NPM_TIMEOUT_S (killed after that); the outer timeout bounds the whole.
  fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const pack = ['timeout', '--signal=KILL', String(NPM_TIMEOUT_S), 'npm', 'pack', '--json', '--pack-destination', dir];
  const out = execFileSync('flock', ['--wait', String(LOCK_WAIT_S), BUILD_LOCK, ...pack], {
    cwd: path.join(root, 'pkg'),
    encoding: 'utf8',
    timeout: (LOCK_WAIT_S + NPM_TIMEOUT_S + 30) * 1000,
    killSignal: 'SIGKILL',
  });
  tarball = path.join(dir, JSON.parse(out)[0].filename);
  return tarball;
}

/**
 * Creates a consumer project with the packed package installed and returns its directory.
 * `packageJson` is merged into the consumer's package.json (e.g. `{ type: 'module' }`).
 */
export function makeConsumer(name, packageJson = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `isometrik-${name}-`));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: `consumer-${name}`, private: true, version: '0.0.0', ...packageJson }, null, 2),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', packTarball()], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: NPM_TIMEOUT_S * 1000,
    killSignal: 'SIGKILL',
  });
  return dir;
}

/**
 * A module consumer (makeConsumer with `type: module`) holding `<name>-entry.mjs`, which
 * re-exports the installed package; returns `{ dir, entryUrl }`: `import(entryUrl)` loads the
 * package as that consumer would.
 */
export function makeEntryConsumer(name) {
  const dir = makeConsumer(name, { type: 'module' });
  const entry = path.join(dir, `${name}-entry.mjs`);
  fs.writeFileSync(entry, "export * from 'isometrik-token';\n");
  return { dir, entryUrl: pathToFileURL(entry).href };
}

/** Removes a consumer directory (if there is one) and the directory of the packed tarball. */
export function removeConsumer(dir) {
  for (const d of [dir, path.dirname(packTarball())]) if (d) fs.rmSync(d, { recursive: true, force: true });
}
