// The fenced code blocks of a Markdown file, with the test marker written before each one.
//
// A marker is an HTML comment on the last non-blank line before the opening fence (invisible
// on GitHub, visible in the source next to the block it governs):
//   <!-- test: skip REASON -->   a deliberate fragment; REASON says why and is printed
//   <!-- test: file PATH -->     the block must equal the repository file PATH (tested there)
//   <!-- test: cjs -->           a JavaScript block that is CommonJS (run as .cjs)
// Anything else that starts with `<!-- test:` is an error, so a typo cannot skip a block.

const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const MARKER = /^<!--\s*test:\s*(.*?)\s*-->$/;

/**
 * @typedef {{ file: string, line: number, lang: string, code: string,
 *   marker: { kind: 'skip', reason: string } | { kind: 'file', path: string } | { kind: 'cjs' } | null }} Block
 */

/** Parses one marker's text (after `test:`); throws on anything unknown or incomplete. */
function parseMarker(text, where) {
  const [kind, ...rest] = text.split(/\s+/);
  const arg = rest.join(' ');
  if (kind === 'skip' && arg) return { kind, reason: arg };
  if (kind === 'file' && arg) return { kind, path: arg };
  if (kind === 'cjs' && !arg) return { kind };
  throw new Error(`${where}: bad test marker "<!-- test: ${text} -->" (skip REASON | file PATH | cjs)`);
}

/**
 * Every fenced block of `markdown` (the text of `file`), in order. An unclosed fence or a
 * marker that governs no block is an error.
 * @returns {Block[]}
 */
export function extractBlocks(markdown, file) {
  const lines = markdown.split('\n');
  const blocks = [];
  let lastNonBlank = -1;
  let pendingMarker = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = MARKER.exec(line.trim());
    if (marker) {
      pendingMarker = { line: i, marker: parseMarker(marker[1], `${file}:${i + 1}`) };
      lastNonBlank = i;
      continue;
    }
    const open = FENCE.exec(line);
    if (!open) {
      if (line.trim() !== '') {
        if (pendingMarker)
          throw new Error(`${file}:${pendingMarker.line + 1}: a test marker must come right before a code block`);
        lastNonBlank = i;
      }
      continue;
    }
    const [, indent, fence, lang] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = lines[j];
      if (close.trimStart().startsWith(fence[0].repeat(fence.length)) && close.trim().replace(/[`~]/g, '') === '')
        break;
      body.push(indent ? close.replace(new RegExp(`^ {0,${indent.length}}`), '') : close);
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    const marker_ = pendingMarker && pendingMarker.line === lastNonBlank ? pendingMarker.marker : null;
    blocks.push({ file, line: i + 1, lang: lang.toLowerCase(), code: `${body.join('\n')}\n`, marker: marker_ });
    pendingMarker = null;
    lastNonBlank = j;
    i = j;
  }
  if (pendingMarker) throw new Error(`${file}:${pendingMarker.line + 1}: a test marker with no code block after it`);
  return blocks;
}
