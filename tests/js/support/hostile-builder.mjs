// The hostile-token builder in JavaScript: a port of the token construction in tests/hostile.rs
// (format: tests/hostile/README.md), independent of the package (HMAC through node:crypto,
// base64 through Buffer). hostile.test.mjs checks that it builds every case's token byte for
// byte as the Rust runner does (`HOSTILE_DUMP=1` output, parsed by `parseDump`).
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const CASES_PATH = path.resolve(import.meta.dirname, '../../hostile/cases.json');

/** The longest token the package parses (MAX_TOKEN_LEN in src/lib.rs, README: 16 KiB). */
export const MAX_TOKEN_LEN = 16384;

/** The fields a case (or a `signature_from` spec) may have: tests/hostile.rs CASE_FIELDS. */
export const CASE_FIELDS = new Set([
  'name',
  'property',
  'note',
  'token',
  'header',
  'header_bytes',
  'header_segment',
  'header_edit',
  'payload',
  'payload_bytes',
  'payload_segment',
  'payload_edit',
  'claims',
  'remove',
  'signature',
  'signature_from',
  'sign_key',
  'signature_edit',
  'layout',
  'verify_key',
  'verify',
  'now',
  'leeway',
  'expect',
  'decode',
  'control',
]);

/** What `control` removes: the edits, the layout and any given signature. */
export const DAMAGE = ['header_edit', 'payload_edit', 'signature_edit', 'layout', 'signature', 'signature_from'];

/** A case that cannot be built (the Rust runner's `Err`): the case fails, it is not skipped. */
export class BuildError extends Error {}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A text field: a string, or an array of strings and `{"repeat": s, "times": n}` pieces. */
export function text(value, what) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value
      .map((piece) => {
        if (typeof piece === 'string') return piece;
        if (
          piece &&
          typeof piece === 'object' &&
          typeof piece.repeat === 'string' &&
          Number.isInteger(piece.times) &&
          piece.times >= 0
        ) {
          return piece.repeat.repeat(piece.times);
        }
        throw new Error(`${what}: bad text piece ${JSON.stringify(piece)}`);
      })
      .join('');
  }
  throw new Error(`${what}: expected a string or an array of pieces`);
}

const utf8 = (s) => Buffer.from(s, 'utf8');
/** base64url without padding (RFC 4648 §5) of a string's UTF-8 bytes or of bytes. */
const b64url = (data) => Buffer.from(typeof data === 'string' ? utf8(data) : data).toString('base64url');

/** Strict standard base64 (with padding, canonical), as the `base64` crate's STANDARD decodes. */
function decodeStandard(b64, what) {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64)) {
    throw new Error(`${what}: not standard base64`);
  }
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.toString('base64') !== b64) throw new Error(`${what}: non-canonical standard base64`);
  return bytes;
}

/** Strict unpadded base64url, as URL_SAFE_NO_PAD decodes (canonical trailing bits only). */
function decodeUrlStrict(s, what) {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) throw new BuildError(`${what} on non-canonical segment`);
  const bytes = Buffer.from(s, 'base64url');
  if (bytes.toString('base64url') !== s) throw new BuildError(`${what} on non-canonical segment`);
  return bytes;
}

/** Rust's `str::is_char_boundary` on UTF-8 bytes. */
const isBoundary = (bytes, i) => i === 0 || i === bytes.length || (i < bytes.length && (bytes[i] & 0xc0) !== 0x80);

/** Applies segment edits in order (byte offsets, as in Rust). Each edit must change the segment. */
export function edit(segment, ops) {
  if (ops === undefined) return segment;
  if (!Array.isArray(ops)) throw new Error('edits: array');
  let s = segment;
  for (const op of ops) {
    const keys = Object.keys(op ?? {});
    if (keys.length !== 1) throw new Error('one operation per edit object');
    const kind = keys[0];
    const arg = op[kind];
    const before = s;
    const bytes = utf8(s);
    switch (kind) {
      case 'append':
        s += text(arg, kind);
        break;
      case 'prepend':
        s = text(arg, kind) + s;
        break;
      case 'insert': {
        const at = arg[0];
        if (!Number.isInteger(at) || at < 0) throw new Error('insert: a byte offset');
        if (at > bytes.length) throw new BuildError(`insert at ${at} beyond ${bytes.length}`);
        if (!isBoundary(bytes, at)) throw new BuildError(`insert at ${at}: not a character boundary`);
        s = Buffer.concat([bytes.subarray(0, at), utf8(text(arg[1], kind)), bytes.subarray(at)]).toString('utf8');
        break;
      }
      case 'truncate': {
        const keep = Math.max(0, bytes.length - arg);
        if (!isBoundary(bytes, keep)) throw new BuildError(`truncate to ${keep}: not a character boundary`);
        s = bytes.subarray(0, keep).toString('utf8');
        break;
      }
      case 'pad':
        while (utf8(s).length % 4 !== 0) s += '=';
        break;
      case 'standard_alphabet':
        s = s.replaceAll('-', '+').replaceAll('_', '/');
        break;
      case 'noncanonical': {
        const rem = bytes.length % 4;
        if (rem === 0 || rem === 1) throw new BuildError('noncanonical needs a length of 2 or 3 mod 4');
        const v = ALPHABET.indexOf(s.at(-1));
        if (v < 0) throw new BuildError('noncanonical: the last character is not base64url');
        s = s.slice(0, -1) + ALPHABET[v | 1];
        break;
      }
      case 'flip': {
        if (!Number.isInteger(arg) || arg < 0 || arg >= bytes.length)
          throw new BuildError(`flip at ${arg}: out of range`);
        if (!isBoundary(bytes, arg) || !isBoundary(bytes, arg + 1))
          throw new BuildError(`flip at ${arg}: not a character`);
        const to = bytes[arg] === 0x41 ? 'B' : 'A';
        s = Buffer.concat([bytes.subarray(0, arg), utf8(to), bytes.subarray(arg + 1)]).toString('utf8');
        break;
      }
      case 'keep_bytes':
      case 'append_bytes_hex': {
        let raw = decodeUrlStrict(s, kind);
        if (kind === 'keep_bytes') raw = raw.subarray(0, arg);
        else {
          if (typeof arg !== 'string' || !/^(?:[0-9a-fA-F]{2})*$/.test(arg)) throw new Error('append_bytes_hex: hex');
          raw = Buffer.concat([raw, Buffer.from(arg, 'hex')]);
        }
        s = b64url(raw);
        break;
      }
      default:
        throw new Error(`unknown edit ${JSON.stringify(kind)}`);
    }
    if (s === before) throw new BuildError(`edit ${kind} left the segment unchanged`);
  }
  return s;
}

/** One segment from `<part>`, `<part>_bytes` or `<part>_segment`, then its edits. */
function segment(kase, part, fallback) {
  const forms = ['', '_bytes', '_segment'].map((suffix) => kase[`${part}${suffix}`]);
  if (forms.filter((f) => f !== undefined).length > 1) throw new Error(`give at most one form of ${part}`);
  const [json, bytes, seg] = forms;
  let raw;
  if (json !== undefined) raw = b64url(text(json, part));
  else if (bytes !== undefined) {
    if (typeof bytes !== 'string') throw new Error('_bytes: a string');
    raw = b64url(decodeStandard(bytes, `${part}_bytes`));
  } else if (seg !== undefined) raw = text(seg, part);
  else raw = b64url(fallback());
  return edit(raw, kase[`${part}_edit`]);
}

/** Code point (= UTF-8 byte) order, as a Rust BTreeMap<String, _> iterates. */
const byCodePoint = (a, b) => Buffer.compare(utf8(a), utf8(b));

/** The payload from the default claims, `claims` (raw JSON texts) and `remove`. */
export function claimsPayload(suite, kase) {
  const claims = new Map(suite.defaultClaims);
  if (kase.claims !== undefined) {
    for (const [k, v] of Object.entries(kase.claims)) claims.set(k, text(v, k));
  }
  for (const k of kase.remove ?? []) {
    if (!claims.delete(k)) throw new Error(`remove: no claim ${k}`);
  }
  const members = [...claims.keys()].sort(byCodePoint).map((k) => `${JSON.stringify(k)}:${claims.get(k)}`);
  return `{${members.join(',')}}`;
}

/** The secret (UTF-8 bytes) named by `field` (default `suite`). */
export function keyBytes(suite, kase, field) {
  const name = kase[field] ?? 'suite';
  const key = suite.keys.get(name);
  if (key === undefined) throw new Error(`no key ${JSON.stringify(name)}`);
  return key;
}

/** Builds the token of a case (throws BuildError where the Rust runner returns Err). */
export function buildToken(suite, kase) {
  if (kase.token !== undefined) return text(kase.token, 'token');
  const h = segment(kase, 'header', () => suite.defaultHeader);
  const p = segment(kase, 'payload', () => claimsPayload(suite, kase));
  let s;
  if (kase.signature !== undefined && kase.signature_from !== undefined) {
    throw new Error('give signature or signature_from, not both');
  } else if (kase.signature !== undefined) {
    s = text(kase.signature, 'signature');
  } else if (kase.signature_from !== undefined) {
    // The signature segment of another token built from this spec (not inheriting this case).
    const other = buildToken(suite, kase.signature_from);
    s = other.slice(other.lastIndexOf('.') + 1);
  } else {
    const mac = createHmac('sha256', keyBytes(suite, kase, 'sign_key'))
      .update(`${h}.${p}`, 'utf8')
      .digest();
    s = b64url(mac);
  }
  s = edit(s, kase.signature_edit);
  return expandLayout(kase.layout ?? '{h}.{p}.{s}', { h, p, s });
}

/** `{h}`, `{p}`, `{s}` replaced in ONE left-to-right pass (a replaced segment is never rescanned). */
function expandLayout(layout, segments) {
  let out = '';
  let rest = layout;
  for (let i = rest.indexOf('{'); i >= 0; i = rest.indexOf('{')) {
    out += rest.slice(0, i);
    const marker = rest.slice(i, i + 3);
    const key = { '{h}': 'h', '{p}': 'p', '{s}': 's' }[marker];
    out += key ? segments[key] : '{';
    rest = rest.slice(i + (key ? 3 : 1));
  }
  return out + rest;
}

/** The same case without its damage (for `control`). */
export function withoutDamage(kase) {
  const clean = { ...kase };
  for (const k of DAMAGE) delete clean[k];
  return clean;
}

/** Loads cases.json: { suite, cases } with keys as Buffers (UTF-8 of the key text). */
export function loadSuite(file = CASES_PATH) {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  const suite = {
    apiKey: doc.api_key,
    now: doc.now,
    leeway: doc.leeway,
    keyTexts: new Map(Object.entries(doc.keys).map(([k, v]) => [k, text(v, k)])),
    keys: new Map(Object.entries(doc.keys).map(([k, v]) => [k, utf8(text(v, k))])),
    defaultHeader: text(doc.default_header, 'default_header'),
    defaultClaims: new Map(Object.entries(doc.default_claims).map(([k, v]) => [k, text(v, k)])),
  };
  return { suite, cases: doc.cases };
}

/** The file's own rules (tests/hostile.rs lint_cases): known fields, unique names, known codes. */
export function lintCases(cases, errorCodes) {
  const names = new Set();
  for (const kase of cases) {
    const { name } = kase;
    if (typeof name !== 'string') throw new Error('every case has a name');
    if (names.has(name)) throw new Error(`duplicate case name ${name}`);
    names.add(name);
    if (typeof kase.property !== 'string') throw new Error(`${name}: property`);
    const nested =
      kase.signature_from && typeof kase.signature_from === 'object' ? Object.keys(kase.signature_from) : [];
    for (const k of [...Object.keys(kase), ...nested]) {
      if (!CASE_FIELDS.has(k)) throw new Error(`${name}: unknown field ${k}`);
    }
    for (const field of ['expect', 'decode', 'control']) {
      const v = kase[field];
      if (v === undefined || typeof v === 'boolean') continue;
      if (v !== 'ok' && !errorCodes.includes(v))
        throw new Error(`${name}: ${field} ${JSON.stringify(v)} is not "ok" or an error code`);
    }
  }
}

/**
 * The size cases the Rust runner generates (`oversize` in tests/hostile.rs): 1 MiB and 10 MiB
 * in four shapes, then MAX_TOKEN_LEN and one byte more. Each: { name, token, expect, decode }.
 */
export function sizeCases() {
  const out = [];
  const noneHeader = b64url('{"alg":"none"}');
  for (const mib of [1, 10]) {
    const n = mib * 1024 * 1024;
    const shapes = [
      ['no dots', 'a'.repeat(n)],
      ['invalid base64', `!!!!.${'!'.repeat(n)}.!!!!`],
      ['alg none', `${noneHeader}.${'A'.repeat(n - noneHeader.length - 2)}.`],
      ['all dots', '.'.repeat(n)],
    ];
    for (const [shape, token] of shapes) {
      out.push({
        name: `oversize ${mib} MiB, ${shape}`,
        token,
        expect: 'ERR_TOKEN_TOO_LARGE',
        decode: 'ERR_TOKEN_TOO_LARGE',
      });
    }
  }
  const header = b64url('{"alg":"HS256","typ":"JWT"}');
  const signature = b64url(Buffer.alloc(32));
  const fill = MAX_TOKEN_LEN - header.length - signature.length - 2;
  const atMax = `${header}.${'A'.repeat(fill)}.${signature}`;
  if (atMax.length !== MAX_TOKEN_LEN) throw new Error('MAX_TOKEN_LEN token has the wrong length');
  out.push({ name: 'exactly MAX_TOKEN_LEN', token: atMax, expect: 'ERR_BAD_SIGNATURE', verify: 'function' });
  out.push({
    name: 'MAX_TOKEN_LEN + 1',
    token: `${header}.${'A'.repeat(fill)}A.${signature}`,
    expect: 'ERR_TOKEN_TOO_LARGE',
    verify: 'function',
  });
  return out;
}

/**
 * Undoes Rust's `str::escape_debug` (as `HOSTILE_DUMP` prints tokens): `\t \r \n \\ \' \" \0`
 * and `\u{X}`. Anything else is an error, so a format change cannot go unnoticed.
 */
export function unescapeRustDebug(escaped) {
  const simple = { t: '\t', r: '\r', n: '\n', '\\': '\\', "'": "'", '"': '"', 0: '\0' };
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = escaped[i + 1];
    if (next in simple) {
      out += simple[next];
      i += 1;
    } else if (next === 'u' && escaped[i + 2] === '{') {
      const end = escaped.indexOf('}', i + 3);
      const hex = escaped.slice(i + 3, end);
      if (end < 0 || !/^[0-9a-f]{1,6}$/.test(hex)) throw new Error(`bad \\u{...} escape at ${i}`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i = end;
    } else {
      throw new Error(`unknown escape \\${next} at ${i}`);
    }
  }
  return out;
}

/**
 * The `name<TAB>token` lines of a HOSTILE_DUMP run, as a Map name -> token (unescaped). Only
 * lines whose name is a known case count; a case printed twice is an error.
 */
export function parseDump(stdout, names) {
  const tokens = new Map();
  for (const line of stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const name = line.slice(0, tab);
    if (!names.has(name)) continue;
    if (tokens.has(name)) throw new Error(`the dump prints ${name} twice`);
    tokens.set(name, unescapeRustDebug(line.slice(tab + 1)));
  }
  return tokens;
}
