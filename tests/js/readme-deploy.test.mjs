// README's Deploy section is the files the app tests build. The docs test (tests/docs) checks
// that each `<!-- test: file PATH -->` block equals its file; this test checks what is special
// about this section: every block in it is such a file (or a marked fragment), and every app
// test folder has a recipe here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { extractBlocks } from '../docs/blocks.mjs';
import { root } from './support/package.mjs';

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const section = /^## Deploy\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];

test('README has a Deploy section whose recipes are the tested files', () => {
  assert.ok(section, 'no "## Deploy" section');
  const blocks = extractBlocks(section, 'README.md#Deploy');
  assert.ok(blocks.length >= 9, `only ${blocks.length} blocks`);
  const files = [];
  for (const { marker, code } of blocks) {
    assert.ok(
      marker?.kind === 'file' || marker?.kind === 'skip',
      `a block that is neither a file nor a marked fragment:\n${code}`,
    );
    if (marker.kind === 'file') files.push(marker.path);
  }
  for (const dir of ['tests/apps/server', 'tests/apps/next', 'tests/apps/fetch']) {
    assert.ok(
      files.some((f) => f.startsWith(`${dir}/`)),
      `no recipe from ${dir}`,
    );
  }
});
