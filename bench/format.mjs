// Number formatting and plain-text/Markdown tables for the benchmark output. Runtime-agnostic.

/** 1234567.8 → "1,234,568". */
export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');

/** ops/s with 3 significant digits and a thousands separator. */
export const fmtOps = (n) => (n >= 1000 ? fmtInt(Number(n.toPrecision(3))) : n.toPrecision(3));

/** µs per op from ops/s. */
export const fmtUs = (opsPerSec) => {
  const us = 1e6 / opsPerSec;
  return us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2);
};

/** A factor: 2.53×. */
export const fmtX = (x) => (x >= 100 ? `${x.toFixed(0)}×` : x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(2)}×`);

/** Bytes as "47.9 KiB (49,051 B)". */
export const fmtBytes = (b) => `${(b / 1024).toFixed(1)} KiB (${fmtInt(b)} B)`;

/**
 * A table as aligned plain text. `align` per column: 'l' or 'r' (default: first column left,
 * the others right).
 */
export function textTable(headers, rows, align = headers.map((_, i) => (i === 0 ? 'l' : 'r'))) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (align[i] === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The same table in Markdown. */
export function mdTable(headers, rows, align = headers.map((_, i) => (i === 0 ? 'l' : 'r'))) {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|');
  return [
    `| ${headers.map(esc).join(' | ')} |`,
    `|${align.map((a) => (a === 'l' ? ':---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
