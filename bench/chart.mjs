// bench/results.svg: a hand-written SVG bar chart (no charting dependency) of the Node results
// (sign, verify, decode: every library) and the cross-runtime results (ours vs jose), ops/s on a
// log scale, our bars highlighted.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(n >= 1e5 ? 0 : 1)}k` : n.toFixed(0);

const tick = (d) => (d >= 1e6 ? `${d / 1e6}M` : d >= 1e3 ? `${d / 1e3}k` : `${d}`);

const OURS = '#e4572e';
const OTHER = '#8a9ba8';
const INFO = '#c5d0d8';

/**
 * panels: [{ title, rows: [{ label, value, ours, info }] }]. Returns the SVG text.
 */
export function barChart({ title, subtitle, panels }) {
  const W = 960;
  const labelW = 330;
  const barX = labelW + 10;
  const barW = W - barX - 70;
  const rowH = 19;
  const all = panels.flatMap((p) => p.rows.map((r) => r.value)).filter((v) => v > 0);
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const x = (v) => barX + (barW * (Math.log10(v) - Math.log10(lo))) / (Math.log10(hi) - Math.log10(lo));
  const out = [];
  let y = 56;
  out.push(`<text x="16" y="26" font-size="17" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="16" y="44" font-size="12" fill="#555">${esc(subtitle)}</text>`);
  for (const panel of panels) {
    y += 22;
    out.push(`<text x="16" y="${y}" font-size="14" font-weight="bold">${esc(panel.title)}</text>`);
    y += 8;
    const top = y;
    const bottom = y + panel.rows.length * rowH;
    // decade grid lines first, so the bars are drawn over them
    for (let d = lo; d <= hi; d *= 10) {
      out.push(
        `<line x1="${x(d).toFixed(1)}" y1="${top}" x2="${x(d).toFixed(1)}" y2="${bottom}" stroke="#ddd" stroke-width="1"/>`,
      );
      out.push(
        `<text x="${x(d).toFixed(1)}" y="${bottom + 11}" font-size="10" fill="#777" text-anchor="middle">${tick(d)}</text>`,
      );
    }
    for (const r of panel.rows) {
      const color = r.ours ? OURS : r.info ? INFO : OTHER;
      const w = Math.max(1, x(r.value) - barX);
      out.push(
        `<text x="${labelW}" y="${y + 13}" font-size="12" text-anchor="end"${r.ours ? ' font-weight="bold"' : ''}>${esc(r.label)}</text>`,
        `<rect x="${barX}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${color}" rx="2"/>`,
        `<text x="${(barX + w + 4).toFixed(1)}" y="${y + 13}" font-size="11" fill="#333">${fmt(r.value)}</text>`,
      );
      y += rowH;
    }
    y += 12;
  }
  y += 24;
  out.push(
    `<rect x="16" y="${y - 10}" width="12" height="10" fill="${OURS}"/><text x="32" y="${y}" font-size="11">isometrik-token</text>`,
    `<rect x="140" y="${y - 10}" width="12" height="10" fill="${OTHER}"/><text x="156" y="${y}" font-size="11">other libraries</text>`,
    `<rect x="260" y="${y - 10}" width="12" height="10" fill="${INFO}"/><text x="276" y="${y}" font-size="11">for information (not a target's reference)</text>`,
    `<text x="${W - 16}" y="${y}" font-size="11" fill="#555" text-anchor="end">ops/s, log scale; higher is better</text>`,
  );
  const H = y + 14;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
