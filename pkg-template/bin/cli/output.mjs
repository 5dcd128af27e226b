// What the CLI prints: dates and relative times, the human view of a token, the JSON view,
// terminal-safe escaping and colours. A decoded token is attacker-controlled: nothing from it
// reaches a terminal raw, in either view.
import { maxNumericDate, permissionNames } from './library.mjs';

export const nowSeconds = () => Math.floor(Date.now() / 1000);
const isNumericDate = (v) => Number.isSafeInteger(v) && v >= 0 && v <= maxNumericDate();
export const isoDate = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
export const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A rough, readable length of time: `42 s`, `42 min`, `3 h`, `1.5 h`, `2 days`. */
function span(seconds) {
  const s = Math.abs(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} days`;
}

/** `expires in 42 min`, `expired 3 h ago`, `issued 5 min ago`... for a claim `delta` seconds from now. */
export function relative(claim, delta) {
  const ago = delta === 0 ? 'just now' : `${span(delta)} ago`;
  switch (claim) {
    case 'exp':
      return delta > 0 ? `expires in ${span(delta)}` : `expired ${ago}`;
    case 'nbf':
      return delta > 0 ? `not valid for another ${span(delta)}` : `valid since ${ago}`;
    default:
      return delta > 0 ? `issued in the future (in ${span(delta)})` : `issued ${ago}`;
  }
}

/** The `computed` member of the JSON view (documented in `decode --help`). */
export function computed(payload, now, verified) {
  const date = (v) => (isNumericDate(v) ? isoDate(v) : null);
  const exp = isNumericDate(payload.exp) ? payload.exp : null;
  const permissions = isPlainObject(payload.permissions) ? payload.permissions : {};
  return {
    verified,
    now: isoDate(now),
    issuedAt: date(payload.iat),
    notBefore: date(payload.nbf),
    expiresAt: date(payload.exp),
    expiresIn: exp === null ? null : exp - now,
    expired: exp === null ? null : now >= exp,
    notYetValid: isNumericDate(payload.nbf) ? now < payload.nbf : false,
    permissions: Object.fromEntries(permissionNames().map((p) => [p, permissions[p] === true])),
  };
}

/**
 * JSON on stdout. What JSON.stringify leaves raw but a terminal would act on (bidi overrides,
 * C1 controls, NEL, U+2028...) is written as `\uXXXX`: such characters only occur inside
 * strings, where the escape is valid JSON and parses back to the same value.
 */
export const printJson = (value) =>
  process.stdout.write(`${JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, unicodeEscape)}\n`);

const CLAIM_NOTES = { iss: 'API key', sub: 'identity' };
const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp']);
const MAX_SHOWN_CHARS = 200;

/** The human view of a decoded token, as lines. */
export function describe(header, payload, now, paint) {
  const lines = [];
  const section = (title, rows) => {
    const width = Math.max(...rows.map(([key]) => key.length));
    lines.push(paint.bold(title));
    for (const [key, value, note] of rows) {
      lines.push(`  ${paint.cyan(key.padEnd(width))}  ${value}${note ? `  ${note}` : ''}`);
    }
  };
  section(
    'Header',
    Object.entries(header).map(([k, v]) => [show(k), show(v)]),
  );

  const { permissions } = payload;
  const claims = Object.entries(payload).filter(([k]) => !(k === 'permissions' && isPlainObject(permissions)));
  if (claims.length) {
    lines.push('');
    section(
      'Claims',
      claims.map(([k, v]) => {
        if (TIME_CLAIMS.has(k) && isNumericDate(v)) {
          const delta = v - now;
          const text = relative(k, delta);
          const color =
            k === 'exp' ? (delta > 0 ? paint.green : paint.red) : k === 'nbf' && delta > 0 ? paint.yellow : paint.dim;
          return [k, isoDate(v), color(text)];
        }
        return [show(k), show(v), CLAIM_NOTES[k] && paint.dim(`(${CLAIM_NOTES[k]})`)];
      }),
    );
  }
  lines.push('');
  const granted = isPlainObject(permissions) ? permissions : {};
  const known = permissionNames();
  const names = [...known, ...Object.keys(granted).filter((k) => !known.includes(k))];
  section(
    'Permissions',
    names.map((name) => {
      const value = granted[name];
      if (value === true) return [show(name), paint.green('yes')];
      if (value === false) return [show(name), 'no'];
      if (value === undefined) return [show(name), paint.dim('no (not set)')];
      return [show(name), show(value)];
    }),
  );
  return lines;
}

/** A value for a terminal: strings bare unless they need quotes, anything else as JSON. */
function show(value) {
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  let suffix = '';
  if (text.length > MAX_SHOWN_CHARS) {
    suffix = ` … (${text.length} characters; --json shows all)`;
    text = text.slice(0, MAX_SHOWN_CHARS);
  }
  if (typeof value !== 'string') return escapeUnsafe(text) + suffix;
  const bare = text !== '' && text.trim() === text && !UNSAFE.test(text);
  return (bare ? text : quote(text)) + suffix;
}

/**
 * Characters that must not reach a terminal raw (a decoded token is attacker-controlled):
 * C0/C1 controls (escape sequences; NEL is U+0085), DEL, and bidirectional controls and
 * line/paragraph separators.
 */
const C0_CONTROLS = '\\u0000-\\u001f';
const OTHER_UNSAFE = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE = new RegExp(`[${C0_CONTROLS}${OTHER_UNSAFE}]`);
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
/** In JSON.stringify's output, C0 is escaped in strings already (and its \n lays out the text). */
const UNSAFE_IN_JSON = new RegExp(`[${OTHER_UNSAFE}]`, 'g');
const unicodeEscape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const escapeUnsafe = (text) => text.replace(UNSAFE_ALL, unicodeEscape);
/** JSON-style quoting that also escapes what JSON.stringify leaves raw. */
export const quote = (value) => escapeUnsafe(JSON.stringify(String(value)));

/** Colours for `stream`: only on a terminal, unless NO_COLOR / FORCE_COLOR say otherwise. */
export function painter(stream) {
  const { FORCE_COLOR, NO_COLOR, NODE_DISABLE_COLORS, TERM } = process.env;
  const on =
    FORCE_COLOR !== undefined
      ? FORCE_COLOR !== '0' && FORCE_COLOR !== 'false'
      : !NO_COLOR && !NODE_DISABLE_COLORS && TERM !== 'dumb' && stream.isTTY === true;
  const sgr = (open) => (text) => (on ? `\x1b[${open}m${text}\x1b[0m` : text);
  return { bold: sgr(1), dim: sgr(2), red: sgr(31), green: sgr(32), yellow: sgr(33), cyan: sgr(36) };
}
