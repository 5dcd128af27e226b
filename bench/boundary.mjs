// Where the time of a call goes, as far as JavaScript can see: a micro-benchmark to choose the
// JS↔wasm boundary design. Node only.
//
//   node --expose-gc bench/boundary.mjs [--time 150] [--json out.json]
//
// 1. Crossings: the package's wasm instance is instrumented (in a child process, so the timings
//    below are not) and each operation is run once: how many times the wasm calls into JS
//    (imports: option getters, string reads, JSON.parse, errors...) and JS calls into the wasm
//    (exports: malloc/free, externref table, the operation itself).
// 2. Timings (mitata): the cheapest public call (parseDuration), then create/verify/decode with
//    minimal vs full options, next to plain-JS baselines doing the same work with node:crypto.
// 3. Size scaling: create/verify/decode over tokens with 0 B … 8 KB of metadata, fitted to
//    time = fixed + per-byte × token length: the fixed part is the per-call overhead (boundary,
//    option reading, key setup), the slope is the per-byte work (JSON, base64url, SHA-256).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  API_KEY,
  CREATE_OPTIONS,
  PERMISSIONS,
  ROOM,
  SECRET,
  SECRET_BYTES,
  SIGNER_OPTIONS,
  SUB,
  TOKEN_OPTIONS,
  VERIFY_OPTIONS,
} from './fixtures.mjs';
import { fmtInt, textTable } from './format.mjs';
import { timeNs } from './measure.mjs';
import { PKG_DIR } from './paths.mjs';
import { parseArgs, resultLine, runOk } from './proc.mjs';

const args = parseArgs(process.argv.slice(2));
const TIME_MS = Number(args.time ?? 150);
const PROFILE = Boolean(args.profile);

// ── optional instrumentation (the --profile child) ───────────────────────────────────────────
const counts = new Map();
let counting = false;
const count = (name) => {
  if (counting) counts.set(name, (counts.get(name) ?? 0) + 1);
};
const shortName = (name) => name.replace(/^__wbg_/, '').replace(/_[0-9a-f]{16}$/, '');
if (PROFILE) {
  const RealInstance = WebAssembly.Instance;
  WebAssembly.Instance = class extends RealInstance {
    constructor(module, imports) {
      const wrapped = {};
      for (const [mod, fns] of Object.entries(imports)) {
        wrapped[mod] = {};
        for (const [name, f] of Object.entries(fns)) {
          wrapped[mod][name] =
            typeof f === 'function'
              ? function (...a) {
                  count(`wasm→JS ${shortName(name)}`);
                  return f.apply(this, a);
                }
              : f;
        }
      }
      super(module, wrapped);
      const real = super.exports;
      const exp = {};
      for (const [name, v] of Object.entries(real)) {
        exp[name] =
          typeof v === 'function'
            ? (...a) => {
                count(`JS→wasm ${name}`);
                return v(...a);
              }
            : v;
      }
      Object.defineProperty(this, 'exports', { value: Object.freeze(exp) });
    }
  };
}
const ours = await import(pathToFileURL(path.join(PKG_DIR, 'dist/node.mjs')).href);

// ── the operations ───────────────────────────────────────────────────────────────────────────
const signer = new ours.TokenSigner(SIGNER_OPTIONS);
const token = signer.create(TOKEN_OPTIONS);
const [h64, p64] = token.split('.');
const payloadJson = Buffer.from(p64, 'base64url').toString('utf8');
const payloadBytes = Buffer.from(payloadJson);
const signingInput = `${h64}.${p64}`;
const hmacKey = crypto.createSecretKey(Buffer.from(SECRET));
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const scratch = new Uint8Array(1024);
const ALL_PERMISSIONS = { ...PERMISSIONS, canUpdateRoom: false, canRemoveParticipants: false };
const MINIMAL = { roomId: ROOM, participantName: SUB };
const SEED_NUMERIC = { ...TOKEN_OPTIONS, expiresIn: 3600 };
const FULL = {
  ...TOKEN_OPTIONS,
  permissions: ALL_PERMISSIONS,
  name: 'Alice Example',
  metadata: JSON.stringify({ team: 'blue', seat: 12, tags: ['a', 'b', 'c'] }),
  currentDate: new Date(),
};
const CREATE_BYTES_SECRET = { ...CREATE_OPTIONS, apiSecret: SECRET_BYTES };
const VERIFY_ROOM = { roomId: ROOM };
const HEADER_B64 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** A whole token in plain JS with node:crypto (roughly what fast-jwt does). */
function jsCreate() {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: API_KEY, sub: SUB, room: ROOM, permissions: PERMISSIONS, iat: now, nbf: now, exp: now + 3600 };
  const input = `${HEADER_B64}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', hmacKey).update(input).digest('base64url')}`;
}
/** A minimal verify in plain JS with node:crypto. */
function jsVerify(t) {
  const a = t.indexOf('.');
  const b = t.indexOf('.', a + 1);
  const mac = crypto.createHmac('sha256', hmacKey).update(t.slice(0, b)).digest();
  if (!crypto.timingSafeEqual(mac, Buffer.from(t.slice(b + 1), 'base64url'))) throw new Error('bad signature');
  const claims = JSON.parse(Buffer.from(t.slice(a + 1, b), 'base64url').toString('utf8'));
  if (claims.iss !== API_KEY || claims.exp < Date.now() / 1000) throw new Error('bad claims');
  return claims;
}

/** [group, label, fn, isBaseline] */
const cases = [
  ['call', 'parseDuration(3600): number in, number out', () => ours.parseDuration(3600)],
  ['call', "parseDuration('1h'): string in", () => ours.parseDuration('1h')],
  ['call', 'JS: TextDecoder.decode(payload bytes)', () => decoder.decode(payloadBytes), true],
  ['call', 'JS: TextEncoder.encodeInto(token)', () => encoder.encodeInto(token, scratch), true],
  ['call', 'JS: JSON.parse(payload)', () => JSON.parse(payloadJson), true],
  ['decode', 'decodeToken(token)', () => ours.decodeToken(token)],
  ['decode', 'decodeTokenHeader(token)', () => ours.decodeTokenHeader(token)],
  [
    'decode',
    "JS: JSON.parse(Buffer.from(part, 'base64url'))",
    () => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()),
    true,
  ],
  [
    'decode',
    'JS: JSON.parse(atob(part))',
    () => JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))),
    true,
  ],
  ['create', 'signer.create minimal {roomId, participantName}', () => signer.create(MINIMAL)],
  ['create', "signer.create seed (3 permissions, '1h')", () => signer.create(TOKEN_OPTIONS)],
  ['create', 'signer.create seed, expiresIn: 3600', () => signer.create(SEED_NUMERIC)],
  ['create', 'signer.create full (5 perms, name, metadata, currentDate)', () => signer.create(FULL)],
  ['create', 'createToken seed (string secret)', () => ours.createToken(CREATE_OPTIONS)],
  ['create', 'createToken seed (Uint8Array secret)', () => ours.createToken(CREATE_BYTES_SECRET)],
  [
    'create',
    'JS: JSON.stringify(seed options) (alternative: options as one string)',
    () => JSON.stringify(TOKEN_OPTIONS),
    true,
  ],
  [
    'create',
    'JS: JSON.stringify + encodeInto (JS side of that alternative)',
    () => encoder.encodeInto(JSON.stringify(TOKEN_OPTIONS), scratch),
    true,
  ],
  [
    'create',
    'JS: HMAC-SHA256 of the signing input (node:crypto)',
    () => crypto.createHmac('sha256', hmacKey).update(signingInput).digest(),
    true,
  ],
  ['create', 'JS: whole token with node:crypto', jsCreate, true],
  ['verify', 'signer.verify(token) → object', () => signer.verify(token)],
  ['verify', 'signer.verify(token, { roomId })', () => signer.verify(token, VERIFY_ROOM)],
  ['verify', 'verifyToken(token, { apiKey, apiSecret })', () => ours.verifyToken(token, VERIFY_OPTIONS)],
  ['verify', 'JS: minimal verify with node:crypto', () => jsVerify(token), true],
];

// ── 1. crossings (child) ─────────────────────────────────────────────────────────────────────
if (PROFILE) {
  const profile = [];
  for (const [group, label, fn, baseline] of cases) {
    if (baseline) continue;
    for (let i = 0; i < 100; i++) fn();
    counts.clear();
    counting = true;
    fn();
    counting = false;
    const entries = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const sum = (dir) => entries.filter(([k]) => k.startsWith(dir)).reduce((s, [, n]) => s + n, 0);
    profile.push({ group, label, toJs: sum('wasm→JS'), toWasm: sum('JS→wasm'), calls: Object.fromEntries(entries) });
  }
  console.log(`RESULT ${JSON.stringify(profile)}`);
  process.exit(0);
}

const profile = resultLine(
  (await runOk(process.execPath, [import.meta.filename, '--profile'], { env: { BENCH_PKG_DIR: PKG_DIR } })).stdout,
);
console.log('Crossings per call (one call, after warm-up)');
console.log(
  textTable(
    ['operation', 'wasm→JS', 'JS→wasm', 'which'],
    profile.map((p) => [
      p.label,
      p.toJs,
      p.toWasm,
      Object.entries(p.calls)
        .map(
          ([k, n]) =>
            `${k.replace(/^wasm→JS |^JS→wasm /, (m) => (m.startsWith('wasm') ? '↑' : '↓'))}${n > 1 ? `×${n}` : ''}`,
        )
        .join(' '),
    ]),
    ['l', 'r', 'r', 'l'],
  ),
);
console.log('(↑ wasm calls JS: an import; ↓ JS calls the wasm: an export)\n');

// ── 2. timings ───────────────────────────────────────────────────────────────────────────────
const ns = async (fn) => (await timeNs(fn, { timeMs: TIME_MS })).ns;
const noop = await ns(() => undefined);
const timings = [];
for (const [group, label, fn, baseline] of cases) {
  const avg = Math.min(await ns(fn), await ns(fn));
  timings.push({ group, label, baseline: Boolean(baseline), ns: avg });
}
const us = (x) => (x / 1000).toFixed(2);
console.log(`Timings (mitata, median batch of 128 calls, best of 2; empty function ${noop.toFixed(1)} ns)`);
console.log(
  textTable(
    ['operation', 'µs/op', 'ops/s', 'crossings'],
    timings.map((t) => {
      const p = profile.find((x) => x.label === t.label);
      return [t.label, us(t.ns), fmtInt(1e9 / t.ns), p ? `${p.toJs}↑ ${p.toWasm}↓` : ''];
    }),
    ['l', 'r', 'r', 'r'],
  ),
);

// ── 3. size scaling ──────────────────────────────────────────────────────────────────────────
const SIZES = [0, 512, 1024, 2048, 4096, 8000];
const scaling = [];
for (const size of SIZES) {
  const opts = size ? { ...TOKEN_OPTIONS, metadata: 'm'.repeat(size) } : TOKEN_OPTIONS;
  const t = signer.create(opts);
  const row = { metadataBytes: size, tokenBytes: t.length };
  row.create = Math.min(await ns(() => signer.create(opts)), await ns(() => signer.create(opts)));
  row.verify = Math.min(await ns(() => signer.verify(t)), await ns(() => signer.verify(t)));
  row.decode = Math.min(await ns(() => ours.decodeToken(t)), await ns(() => ours.decodeToken(t)));
  row.jsVerify = Math.min(await ns(() => jsVerify(t)), await ns(() => jsVerify(t)));
  scaling.push(row);
}
/** Least-squares line through (x, y). */
function fit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b) / n;
  const my = ys.reduce((a, b) => a + b) / n;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return { fixedNs: my - slope * mx, nsPerByte: slope };
}
// The fit leaves out the largest token: near the 16 KiB limit the times jump for JS too.
const linear = scaling.slice(0, -1);
const fits = Object.fromEntries(
  ['create', 'verify', 'decode', 'jsVerify'].map((k) => [
    k,
    fit(
      linear.map((r) => r.tokenBytes),
      linear.map((r) => r[k]),
    ),
  ]),
);
console.log('\nSize scaling (metadata grows the token; µs/op)');
console.log(
  textTable(
    ['token bytes', 'signer.create', 'signer.verify', 'decodeToken', 'JS verify (node:crypto)'],
    scaling.map((r) => [fmtInt(r.tokenBytes), us(r.create), us(r.verify), us(r.decode), us(r.jsVerify)]),
  ),
);
console.log(
  textTable(
    [`fit over ${linear.length} sizes: time = fixed + k × bytes`, 'fixed µs', 'k ns/byte'],
    Object.entries(fits).map(([k, f]) => [k, us(f.fixedNs), f.nsPerByte.toFixed(2)]),
  ),
);

// ── what it suggests ─────────────────────────────────────────────────────────────────────────
const T = (label) => timings.find((t) => t.label === label).ns;
const P = (label) => profile.find((p) => p.label === label);
const floor = T('parseDuration(3600): number in, number out');
const stringIn = T("parseDuration('1h'): string in") - floor;
const seed = T("signer.create seed (3 permissions, '1h')");
const minimal = T('signer.create minimal {roomId, participantName}');
const seedP = P("signer.create seed (3 permissions, '1h')");
const minimalP = P('signer.create minimal {roomId, participantName}');
const crossings = (p) => p.toJs + p.toWasm;
// parseDuration('1h') − parseDuration(3600): a string in. Since the input buffer (src/wasm.rs),
// strings are encoded straight into wasm memory and add no crossing; the per-crossing cost is
// then estimated from the floor (a call with numbers only) instead.
const extraStringCrossings =
  crossings(P("parseDuration('1h'): string in")) - crossings(P('parseDuration(3600): number in, number out'));
const floorCrossings = crossings(P('parseDuration(3600): number in, number out'));
const perCrossing = extraStringCrossings > 0 ? stringIn / extraStringCrossings : floor / Math.max(floorCrossings, 1);
const notes = [
  `one public call costs ≥ ${us(floor)} µs (parseDuration(3600), ${floorCrossings} crossings); passing one string in adds ~${us(stringIn)} µs (${extraStringCrossings} more crossings: ${extraStringCrossings > 0 ? 'copied by the glue' : 'encoded straight into the input buffer'}): at most ~${perCrossing.toFixed(0)} ns per crossing`,
  `seed vs minimal create: +${us(seed - minimal)} µs for +${seedP.toJs - minimalP.toJs} wasm→JS and +${seedP.toWasm - minimalP.toWasm} JS→wasm crossings (permissions read one property at a time, expiresIn parsed)`,
  `signer.create seed makes ${crossings(seedP)} crossings: at ~${perCrossing.toFixed(0)} ns each that is ~${us(crossings(seedP) * perCrossing)} µs (${((100 * crossings(seedP) * perCrossing) / seed).toFixed(0)}%) of ${us(seed)} µs; node:crypto HMAC alone is ${us(T('JS: HMAC-SHA256 of the signing input (node:crypto)'))} µs, a whole JS token ${us(T('JS: whole token with node:crypto'))} µs`,
  `verify: signer.verify ${us(T('signer.verify(token) → object'))} µs vs decodeToken ${us(T('decodeToken(token)'))} µs (verify − decode ≈ HMAC + claim checks = ${us(T('signer.verify(token) → object') - T('decodeToken(token)'))} µs); JSON.parse of the payload alone is ${us(T('JS: JSON.parse(payload)'))} µs`,
  `returning the claims as an object: the wasm hands JS the payload JSON (↑parse), so each verify/decode pays TextDecoder + JSON.parse ≈ ${us(T('JS: TextDecoder.decode(payload bytes)') + T('JS: JSON.parse(payload)'))} µs on the JS side, about what jose/fast-jwt pay for their own JSON.parse`,
  `options as one JSON string instead of ${seedP.toJs} getter crossings: the JS side (stringify + encodeInto) costs ${us(T('JS: JSON.stringify + encodeInto (JS side of that alternative)'))} µs, plus one malloc crossing and a JSON parse in the wasm`,
  `decode: decodeToken ${us(T('decodeToken(token)'))} µs vs plain JS base64url+JSON.parse ${us(T("JS: JSON.parse(Buffer.from(part, 'base64url'))"))} µs`,
  `per call fixed cost (fit): create ${us(fits.create.fixedNs)} µs, verify ${us(fits.verify.fixedNs)} µs, decode ${us(fits.decode.fixedNs)} µs; per byte: create ${fits.create.nsPerByte.toFixed(2)}, verify ${fits.verify.nsPerByte.toFixed(2)}, decode ${fits.decode.nsPerByte.toFixed(2)} ns (node:crypto verify: ${fits.jsVerify.nsPerByte.toFixed(2)} ns)`,
];
console.log(`\nReading\n${notes.map((n) => `- ${n}`).join('\n')}`);

if (args.json) {
  fs.writeFileSync(
    args.json,
    JSON.stringify(
      { kind: 'boundary', timeMs: TIME_MS, noopNs: noop, profile, timings, scaling, fits, notes },
      null,
      2,
    ),
  );
}
