// Test helpers: pack pkg/ into a tarball (once per process) and install it into throwaway
// consumer projects, exactly as a user would (`npm install ./isometrik-token-x.y.z.tgz`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../../..');
export const bin = (name) => path.join(root, 'node_modules/.bin', name);

let tarball;
/** Packs pkg/ (built by `make pkg`) and returns the tarball's path. */
export function packTarball() {
  if (tarball) return tarball;
  if (!fs.existsSync(path.join(root, 'pkg/package.json'))) {
    throw new Error('pkg/ is missing: run `make pkg` first');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-pack-'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: path.join(root, 'pkg'),
    encoding: 'utf8',
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
  });
  return dir;
}
