// Copies the token handler's contract (tests/js/server-contract/) into a consumer project, with
// the seeded generator it shares with the interop tests (tests/interop/claims.mjs), keeping
// their relative layout so that its imports resolve there as they do here. Returns the copied
// contract folder.
import fs from 'node:fs';
import path from 'node:path';
import { root } from './package.mjs';

export function copyServerContract(dir) {
  const contract = path.join(dir, 'tests/js/server-contract');
  fs.cpSync(path.join(root, 'tests/js/server-contract'), contract, { recursive: true });
  fs.mkdirSync(path.join(dir, 'tests/interop'), { recursive: true });
  fs.copyFileSync(path.join(root, 'tests/interop/claims.mjs'), path.join(dir, 'tests/interop/claims.mjs'));
  return contract;
}
