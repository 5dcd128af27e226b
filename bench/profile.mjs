// Where a TokenSigner.create, createToken, verify and decodeToken spend their time, part by part,
// and the floor each part sets (SHA-256 blocks × the cost of one block in this wasm). Node only.
//
//   make profile        (builds the profiling package, then runs this)
//   node bench/profile.mjs [--time 150]
//
// The package under study is a build with the cargo feature `profile-hooks` (never shipped;
// scripts/build-pkg with ISOMETRIK_FULL_FEATURES=profile-hooks, into target/pkg-profile). Its
// staged sources (target/pkg-build/pkg-profile/full: the package's own modules and glue, one
// wasm instance) let the JS parts be timed alone: reading the options, writing the input buffer,
// the raw export with the buffer written. src/wasm/profile.rs's `raw_profile(part, n)` runs one
// Rust part `n` times inside the wasm (the crossing paid once per n), so each Rust part is timed
// in this wasm, alone. What cannot be isolated is found by subtraction, and says so. Every time
// is mitata's (bench/measure.mjs), the best of three medians.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CREATE_OPTIONS, SECRET, SIGNER_OPTIONS, TOKEN_OPTIONS, VERIFY_OPTIONS } from './fixtures.mjs';
import { mdTable } from './format.mjs';
import { timeNs } from './measure.mjs';
import { decoders, ours as shipped, signers, verifiers } from './node-libs.mjs';
import { ROOT } from './paths.mjs';
import { parseArgs } from './proc.mjs';

const args = parseArgs(process.argv.slice(2));
const TIME_MS = Number(args.time ?? 150);
const STAGE = path.join(ROOT, 'target/pkg-build/pkg-profile/full');
if (!fs.existsSync(path.join(STAGE, 'glue.js'))) {
  console.error('profile: no profiling build; run `make profile` (it builds target/pkg-profile first)');
  process.exit(2);
}
const mod = (name) => import(pathToFileURL(path.join(STAGE, name)).href);
const api = await mod('entry-web.js');
const glue = await mod('glue.js');
const { Input, writeSecret } = await mod('boundary.js');
const { optionsObject, tokenString, verifyOptions } = await mod('options.js');
const { signerOptions, tokenOptions, writeChecks, writeSigner, writeToken } = await mod('token.js');
const { INPUT_SLOTS: SLOT } = await mod('contract.js');
(await mod('load.js')).ready(); // instantiates the wasm (the API does it on first use)

const ns = async (fn) => {
  let best = Infinity;
  for (let i = 0; i < 3; i++) best = Math.min(best, (await timeNs(fn, { timeMs: TIME_MS })).ns);
  return best;
};

// ── the example token (README: daily-standup, alice, three permissions, 1 h) ────────────────
const exampleToken = glue.raw_profile_token();
if (glue.raw_profile(0, 1) === 0xffffffff || !exampleToken) throw new Error('profile fixture failed');
const [h64, p64, s64] = exampleToken.split('.');
const payloadJson = Buffer.from(p64, 'base64url').toString('utf8');
const signingInput = `${h64}.${p64}`;
// HMAC-SHA256 (RFC 2104) = SHA-256(opad block ‖ SHA-256(ipad block ‖ message)). With the key's
// ipad/opad states cached, one token costs the inner hash's remaining blocks (message + 0x80 +
// 8-byte length, in 64-byte blocks) and one outer block (32-byte digest + padding).
// A TokenSigner's key has also hashed the first 64 bytes of the header, dot and payload start
// (`{"iss":…,"sub":"`) once, ahead: one inner block fewer per token (src/jws.rs, Prefix).
const prefixed = glue.raw_profile_prefixed();
const innerBlocks = Math.ceil((signingInput.length + 9) / 64) - (prefixed ? 1 : 0);
const blocks = innerBlocks + 1;
const keyBlocks = 2; // deriving a key: its ipad and opad blocks (a secret ≤ 64 bytes)

// ── Rust parts, inside the wasm ──────────────────────────────────────────────────────────────
const N = 32;
const loopFloor = await ns(() => glue.raw_profile(0, N));
const rust = async (part) => Math.max(0, ((await ns(() => glue.raw_profile(part, N))) - loopFloor) / N);
const R = {};
for (const [name, part] of Object.entries({
  block: 1,
  claims: 2,
  toJson: 3,
  b64Payload: 4,
  hmac: 5,
  b64Tag: 6,
  keySign: 7,
  create: 8,
  keyNew: 9,
  refusal: 10,
  splitDecode: 11,
  keyVerify: 12,
  claimsRead: 13,
  verify: 14,
  decode: 15,
  jsonCheck: 16,
  split: 17,
})) {
  R[name] = await rust(part);
}
const crossing = await ns(() => glue.raw_profile(0, 0));
const tokenReturn = (await ns(() => glue.raw_profile_token())) - crossing;
const payloadReturn = (await ns(() => glue.raw_profile_payload())) - crossing;

// ── JS parts, in the package's own modules ───────────────────────────────────────────────────
const signer = new api.TokenSigner(SIGNER_OPTIONS);
const token = signer.create(TOKEN_OPTIONS); // now-dated: verifiable at run time
const rawSigner = (() => {
  const input = new Input();
  try {
    writeSigner(input, signerOptions(optionsObject(SIGNER_OPTIONS)));
    return glue.raw_signer(false);
  } finally {
    input.release();
  }
})();
const t = tokenOptions(optionsObject(TOKEN_OPTIONS));
const so = signerOptions(optionsObject(CREATE_OPTIONS)); // a text secret: reusable
const v = verifyOptions(undefined);
const J = {
  total: await ns(() => signer.create(TOKEN_OPTIONS)),
  options: await ns(() => tokenOptions(optionsObject(TOKEN_OPTIONS))),
  emptyInput: await ns(() => new Input().release()),
  write: await ns(() => {
    const input = new Input();
    writeToken(input, t);
    input.release();
  }),
  raw: await ns(() => {
    const input = new Input();
    writeToken(input, t);
    rawSigner.create(t.permissions, t.now);
    input.release();
  }),
  oneShot: await ns(() => api.createToken(CREATE_OPTIONS)),
  oneShotOptions: await ns(() => {
    const o = optionsObject(CREATE_OPTIONS);
    signerOptions(o);
    tokenOptions(o);
  }),
  oneShotWrite: await ns(() => {
    const input = new Input();
    writeSigner(input, so);
    writeToken(input, t);
    input.release();
  }),
  oneShotRaw: await ns(() => {
    const input = new Input();
    writeSigner(input, so);
    writeToken(input, t);
    glue.raw_create_token(false, t.permissions, t.now);
    input.release();
  }),
  verify: await ns(() => signer.verify(token)),
  verifyOptions: await ns(() => {
    tokenString(token);
    verifyOptions(undefined);
  }),
  verifyWrite: await ns(() => {
    const input = new Input();
    writeChecks(input, token, v);
    input.release();
  }),
  verifyRaw: await ns(() => {
    const input = new Input();
    writeChecks(input, token, v);
    rawSigner.verify(v.now);
    input.release();
  }),
  verifyToken: await ns(() => api.verifyToken(token, VERIFY_OPTIONS)),
  verifyTokenRaw: await ns(() => {
    const input = new Input();
    writeChecks(input, token, v);
    writeSecret(input, SLOT.secret, { text: SECRET });
    glue.raw_verify_token(false, v.now);
    input.release();
  }),
  jsonParse: await ns(() => JSON.parse(payloadJson)),
  decode: await ns(() => api.decodeToken(token)),
  decodeRaw: await ns(() => {
    const input = new Input();
    input.text(SLOT.token, token);
    glue.raw_decode(1);
    input.release();
  }),
};

// ── references: the shipped package, fast-jwt, node:crypto ──────────────────────────────────
const hmacKey = crypto.createSecretKey(Buffer.from(SECRET));
const byId = (list, id) => list.find((x) => x.id === id);
const ref = {
  shippedCreate: await ns(() => byId(signers, 'ours-signer').sign()),
  shippedOneShot: await ns(() => byId(signers, 'ours-oneshot').sign()),
  shippedVerify: await ns(() => byId(verifiers, 'ours-signer').verify(token)),
  shippedVerifyToken: await ns(() => byId(verifiers, 'ours-oneshot').verify(token)),
  shippedDecode: await ns(() => shipped.decodeToken(token)),
  fastSign: await ns(() => byId(signers, 'fast-jwt').sign()),
  fastVerify: await ns(() => byId(verifiers, 'fast-jwt').verify(token)),
  fastDecode: await ns(() => byId(decoders, 'fast-jwt').decode(token)),
  nodeSign: await ns(() => byId(signers, 'node-crypto').sign()),
  nodeHmac: await ns(() => crypto.createHmac('sha256', hmacKey).update(signingInput).digest()),
};

// ── report ───────────────────────────────────────────────────────────────────────────────────
const us = (x) => (x / 1000).toFixed(3);
const pct = (x, of) => `${((100 * x) / of).toFixed(0)}%`;
const rows = (total, parts) => parts.map(([label, x, how]) => [label, us(x), pct(x, total), how]);
const head = ['part', 'µs', 'share', 'how measured'];
const out = [];
const section = (title, total, parts) => {
  out.push(`### ${title}: ${us(total)} µs\n`, mdTable(head, rows(total, parts), ['l', 'r', 'r', 'l']), '');
};
const hmacFloor = blocks * R.block;
out.push(
  `Example token: ${exampleToken.length} bytes (payload JSON ${payloadJson.length} B, base64url ${p64.length}; signing input ${signingInput.length} B; signature ${s64.length}).`,
  `HMAC-SHA256 per token with the key's ipad/opad states cached${prefixed ? ' and the payload start hashed ahead' : ''}: ${innerBlocks} inner + 1 outer = **${blocks} compression blocks** (a one-shot call: one more, and ${keyBlocks} to derive the key: ipad, opad).`,
  `One SHA-256 block in this wasm: **${us(R.block)} µs**; node:crypto's whole HMAC of the signing input: ${us(ref.nodeHmac)} µs.`,
  `A crossing (export with numbers in and out): ${us(crossing)} µs; returning the token as a string adds ${us(tokenReturn)} µs, the payload JSON ${us(payloadReturn)} µs.`,
  '',
);
const wasmCreateRest = R.create - R.claims - R.toJson - R.keySign;
const inputRead = J.raw - J.write - R.create - tokenReturn - crossing;
section('TokenSigner.create', J.total, [
  ['JS: read the options (tokenOptions)', J.options, 'alone'],
  ['JS: Input, write 5 fields, release', J.write, 'alone'],
  ['crossing (number call)', crossing, 'raw_profile(0, 0)'],
  ['wasm: read fields + wipe input', inputRead, 'raw − write − Signer::create − return − crossing'],
  ['wasm: claims (checks, build)', R.claims, 'in wasm'],
  ['wasm: claims → JSON', R.toJson, 'in wasm'],
  ['wasm: base64url(payload)', R.b64Payload, 'in wasm'],
  [`wasm: HMAC-SHA256 (${blocks} blocks)`, R.hmac, 'in wasm'],
  [`  floor: ${blocks} × one block`, hmacFloor, 'in wasm'],
  ['wasm: base64url(tag)', R.b64Tag, 'in wasm'],
  ['wasm: rest of sign (buffers, copies)', R.keySign - R.b64Payload - R.hmac - R.b64Tag, 'Hs256Key::sign − its parts'],
  ['wasm: rest of create', wasmCreateRest, 'Signer::create − its parts'],
  ['return the string', tokenReturn, 'raw_profile_token − crossing'],
  ['JS: the rest (orThrow, checks)', J.total - J.options - J.raw, 'total − options − raw'],
]);
section('createToken (one-shot)', J.oneShot, [
  ['JS: read the options (signer + token)', J.oneShotOptions, 'alone'],
  ['JS: Input, write 8 fields, release', J.oneShotWrite, 'alone'],
  ['wasm: secret rules (refusal)', R.refusal, 'in wasm'],
  [`wasm: key derivation + wipe (${keyBlocks} blocks)`, R.keyNew - R.refusal, 'Hs256Key::new+drop − refusal'],
  ['wasm: Signer::create (one block more: no prefix state)', R.create + R.block, 'in wasm, + one block'],
  ['crossing, field reads, return', J.oneShotRaw - J.oneShotWrite - R.keyNew - R.create, 'raw − write − key − create'],
  ['JS: the rest', J.oneShot - J.oneShotOptions - J.oneShotRaw, 'total − options − raw'],
]);
section('TokenSigner.verify', J.verify, [
  ['JS: read the options', J.verifyOptions, 'alone'],
  ['JS: Input, write 4 fields, release', J.verifyWrite, 'alone'],
  ['wasm: split + base64url(payload) decode', R.splitDecode, 'in wasm'],
  [`wasm: HMAC-SHA256 (${blocks} blocks) + compare`, R.keyVerify - R.splitDecode, 'Hs256Key::verify − split/decode'],
  [`  floor: ${blocks} × one block`, hmacFloor, 'in wasm'],
  ['wasm: claims read (JSON, rules)', R.claimsRead, 'in wasm'],
  ['wasm: rest of verify', R.verify - R.keyVerify - R.claimsRead, 'token::verify − its parts'],
  ['crossing, field reads, return', J.verifyRaw - J.verifyWrite - R.verify, 'raw − write − verify'],
  ['  of which: return the payload', payloadReturn, 'raw_profile_payload − crossing'],
  ['JS: JSON.parse(payload)', J.jsonParse, 'alone'],
  ['JS: the rest', J.verify - J.verifyOptions - J.verifyRaw - J.jsonParse, 'total − options − raw − parse'],
]);
section('verifyToken (one-shot)', J.verifyToken, [
  ['JS: options, input, parse', J.verifyToken - (J.verifyTokenRaw - J.verifyWrite), 'total − (raw − write)'],
  ['wasm: key derivation + wipe', R.keyNew, 'in wasm'],
  ['wasm: token::verify', R.verify, 'in wasm'],
  ['crossing, field reads, return', J.verifyTokenRaw - J.verifyWrite - R.keyNew - R.verify, 'by subtraction'],
]);
section('decodeToken', J.decode, [
  ['wasm: decode_json (split, base64url, strict JSON check)', R.decode, 'in wasm'],
  ['  of which: split + base64url(payload)', R.splitDecode, 'in wasm'],
  ['    of which: split (find the dots)', R.split, 'in wasm'],
  ['  of which: strict JSON check of the payload', R.jsonCheck, 'in wasm'],
  ['crossing, input, field read, return', J.decodeRaw - R.decode, 'raw − decode_json'],
  ['JS: JSON.parse(payload)', J.jsonParse, 'alone'],
  ['JS: the rest', J.decode - J.decodeRaw - J.jsonParse, 'total − raw − parse'],
]);
const x = (a, b) => `${(a / b).toFixed(2)}×`;
out.push(
  '### Against fast-jwt and node:crypto (the shipped package, pkg/)\n',
  mdTable(
    ['call', 'ours µs', 'fast-jwt µs', 'fast-jwt / ours', 'node:crypto HS256 µs', 'node:crypto / ours'],
    [
      [
        'sign (TokenSigner.create)',
        us(ref.shippedCreate),
        us(ref.fastSign),
        x(ref.fastSign, ref.shippedCreate),
        us(ref.nodeSign),
        x(ref.nodeSign, ref.shippedCreate),
      ],
      ['one-shot createToken', us(ref.shippedOneShot), us(ref.fastSign), x(ref.fastSign, ref.shippedOneShot), '', ''],
      [
        'verify (TokenSigner.verify)',
        us(ref.shippedVerify),
        us(ref.fastVerify),
        x(ref.fastVerify, ref.shippedVerify),
        '',
        '',
      ],
      [
        'verifyToken',
        us(ref.shippedVerifyToken),
        us(ref.fastVerify),
        x(ref.fastVerify, ref.shippedVerifyToken),
        '',
        '',
      ],
      ['decodeToken', us(ref.shippedDecode), us(ref.fastDecode), x(ref.fastDecode, ref.shippedDecode), '', ''],
    ],
  ),
);
console.log(out.join('\n'));
