// Each fact once: the permission names, the error codes and the limits are the Rust core's
// (src/contract.rs). The package gets them from the generated contract.js / contract.d.ts; a
// hand-written copy anywhere in pkg-template/ (where it could drift) fails this test.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { root } from './support/package.mjs';

const contract = JSON.parse(fs.readFileSync(path.join(root, 'target/contract.json'), 'utf8'));

function sources(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => /\.(c|m)?[jt]s$/.test(f))
    .map((f) => path.join(dir, f));
}

test('the generated contract is what the package ships', async () => {
  const shipped = await import(path.join(root, 'pkg/dist/node.mjs'));
  assert.deepEqual(shipped.PERMISSIONS, contract.PERMISSION_NAMES);
  const dts = fs.readFileSync(path.join(root, 'pkg/contract.d.ts'), 'utf8');
  for (const code of contract.ERROR_CODES) assert.ok(dts.includes(`'${code}'`), code);
  for (const name of contract.PERMISSION_NAMES) assert.ok(dts.includes(`'${name}'`), name);
});

test('no hand-written copy of contract facts in pkg-template/', () => {
  const facts = [
    // The permission list: any two names side by side is a copy of the list.
    ...contract.PERMISSION_NAMES.map((name) => ({
      what: `permission name ${name}`,
      pattern: new RegExp(`['"\`]${name}['"\`]`),
    })),
    { what: 'MAX_NUMERIC_DATE', pattern: new RegExp(`\\b${contract.MAX_NUMERIC_DATE}\\b|253_402_300_799`) },
    { what: 'MAX_TOKEN_LEN', pattern: new RegExp(`\\b${contract.MAX_TOKEN_LEN}\\b|16 \\* 1024`) },
  ];
  // A list of error codes: three or more lines that hold nothing but a code (array or union).
  const codeLine = /^\s*\|?\s*['"]ERR_[A-Z_]+['"],?\s*$/;
  const found = [];
  for (const file of sources(path.join(root, 'pkg-template'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const { what, pattern } of facts) {
      const lines = text.split('\n').filter((l) => !/^\s*(\/\/|\*|\/\*\*)/.test(l));
      if (lines.some((l) => pattern.test(l))) found.push(`${path.relative(root, file)}: ${what}`);
    }
    let run = 0;
    for (const l of text.split('\n')) {
      run = codeLine.test(l) ? run + 1 : 0;
      if (run === 3) found.push(`${path.relative(root, file)}: a list of error codes`);
    }
  }
  assert.deepEqual(found, [], 'copies of contract facts; import them from contract.js instead');
});

test('the input slots: every field written by name exists, and no two slots overlap', () => {
  const slots = Object.entries(contract.INPUT_SLOTS);
  // One slot per field, in index order, each after the header and inside the buffer.
  const byIndex = slots.map(([, s]) => s).sort((a, b) => a.index - b.index);
  assert.deepEqual(
    byIndex.map((s) => s.index),
    byIndex.map((_, i) => i),
  );
  let end = 8 * contract.INPUT_HEADER_CELLS;
  for (const slot of byIndex) {
    assert.ok(slot.offset >= end, `slot ${slot.index} overlaps the one before`);
    end = slot.offset + slot.max + 1; // the limit, and the byte the oversize stand-in needs
  }
  assert.ok(end <= contract.INPUT_BYTES);
  // A field the JS half writes (`SLOT.<name>`) that the core does not read is a failure here,
  // before it is `undefined` at run time.
  const used = new Set();
  for (const file of sources(path.join(root, 'pkg-template/src'))) {
    for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/\bSLOT\.([A-Za-z_]+)/g)) used.add(name);
  }
  assert.ok(used.size >= 8, `found only ${[...used]}`);
  for (const name of used) assert.ok(name in contract.INPUT_SLOTS, `SLOT.${name} is not a field of the core`);
});
