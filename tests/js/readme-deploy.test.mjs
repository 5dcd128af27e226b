// README's Deploy section is the files the app tests build: every `<!-- test: file PATH -->`
// there must be followed by a fenced block equal to the repo file PATH, and every code block in
// the section must be either such a file or marked `<!-- test: skip REASON -->`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from './support/package.mjs';

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const section = /^## Deploy\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];

test('README has a Deploy section whose recipes are the tested files', () => {
  assert.ok(section, 'no "## Deploy" section');
  const blocks = [...section.matchAll(/(?:<!-- test: (file|skip) ([^>]*?) -->\n)?```\w*\n([\s\S]*?)```/g)];
  assert.ok(blocks.length >= 9, `only ${blocks.length} blocks`);
  const files = [];
  for (const [, kind, arg, body] of blocks) {
    assert.ok(kind, `a block without a test marker:\n${body}`);
    if (kind === 'skip') continue;
    files.push(arg);
    assert.equal(body, fs.readFileSync(path.join(root, arg), 'utf8'), `README block for ${arg} differs from the file`);
  }
  for (const dir of ['tests/apps/server', 'tests/apps/next', 'tests/apps/fetch']) {
    assert.ok(
      files.some((f) => f.startsWith(`${dir}/`)),
      `no recipe from ${dir}`,
    );
  }
});
