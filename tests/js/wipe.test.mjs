// Key material in wasm memory lives only as long as needed. The secret handed to the package
// (a string is UTF-8 encoded straight into wasm memory, a Uint8Array is copied in) is
// overwritten as soon as the HMAC key state is derived, for TokenSigner, createToken and
// verifyToken alike; the key state itself (the SHA-256 midstates of key^ipad and key^opad,
// which are as good as the key) is overwritten when a TokenSigner is freed, including the
// copies that signing left on the wasm stack.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './support/package.mjs';
import { run } from './support/run.mjs';

const supportUrl = new URL('./support/wasm-instance.mjs', import.meta.url).href;
const entryUrl = pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href;

const child = `
const { importWithInstance } = await import(${JSON.stringify(supportUrl)});
const { module: m, memory } = await importWithInstance(${JSON.stringify(entryUrl)});
const found = (text) => Buffer.from(memory.buffer).includes(Buffer.from(text));
const results = {};
const text = 'wipe-test-secret-string-0123456789';
const bytes = 'wipe-test-secret-bytes-9876543210ab';
const signer = new m.TokenSigner({ apiKey: 'K', apiSecret: text });
const token = signer.create({ roomId: 'r', participantName: 'p' });
results.signerString = found(text);
const byteSigner = new m.TokenSigner({ apiKey: 'K', apiSecret: new TextEncoder().encode(bytes) });
results.signerBytes = found(bytes);
m.createToken({ apiKey: 'K', apiSecret: text + 'x', roomId: 'r', participantName: 'p' });
results.createToken = found(text + 'x');
m.verifyToken(token, { apiSecret: text });
results.verifyToken = found(text);
try { m.createToken({ apiKey: 'K', apiSecret: 'short-wipe-secret', roomId: 'r', participantName: 'p' }); } catch (e) { results.weakCode = e.code; }
results.weakSecret = found('short-wipe-secret');
// Non-ASCII and long secrets (wasm-bindgen's string copy used to realloc them and free the
// first copy unwiped), and a secret already copied in when a later argument is refused, by JS
// before copying (too long) or by the core (a bad room): no 16-byte run of it may remain.
const pieces = (secret) => {
  const utf8 = Buffer.from(secret);
  const out = [];
  for (let i = 0; i + 16 <= utf8.length; i += 8) out.push(utf8.subarray(i, i + 16));
  return out;
};
const anyPiece = (secret) => pieces(secret).some((p) => Buffer.from(memory.buffer).includes(p));
const nonAscii = 'ключ-секрет-' + 'ä€𝄞'.repeat(40) + '-0123456789';
const longSecret = 'l0ng-secret-' + 'ß'.repeat(1500);
const attempt = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
results.nonAsciiCreate = attempt(() => m.createToken({ apiKey: 'K', apiSecret: nonAscii, roomId: 'r', participantName: 'p' }));
results.nonAsciiVerify = attempt(() => m.verifyToken(token, { apiSecret: nonAscii }));
results.nonAsciiSigner = attempt(() => new m.TokenSigner({ apiKey: 'K', apiSecret: longSecret }).free());
results.laterTooLong = attempt(() => m.createToken({ apiKey: 'K', apiSecret: nonAscii, roomId: 'r', participantName: 'p', metadata: 'm'.repeat(9000) }));
results.laterTooLongVerify = attempt(() => m.verifyToken(token, { apiSecret: longSecret, roomId: 'ü'.repeat(200) }));
results.laterBadRoom = attempt(() => m.createToken({ apiKey: 'K', apiSecret: longSecret, roomId: ' ', participantName: 'p' }));
results.laterBadBytes = attempt(() => m.createToken({ apiKey: 'K', apiSecret: Buffer.from(nonAscii), roomId: 'r', participantName: 'p', expiresIn: 'x'.repeat(100) }));
results.nonAsciiFound = anyPiece(nonAscii) || anyPiece(longSecret);
results.piecesSearched = pieces(nonAscii).length + pieces(longSecret).length;
// The scan itself works: a token's payload text, decoded inside wasm, is still in memory.
m.decodeToken(token);
results.control = found(Buffer.from(token.split('.')[1], 'base64url').toString());
signer.free();
byteSigner.free();
console.log(JSON.stringify(results));
`;

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** SHA-256 compression of one 64-byte block into `state` (eight u32): the next state. */
function compress(state, block) {
  const K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
  ];
  const w = new Array(64);
  for (let i = 0; i < 16; i++)
    w[i] = ((block[4 * i] << 24) | (block[4 * i + 1] << 16) | (block[4 * i + 2] << 8) | block[4 * i + 3]) >>> 0;
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let i = 16; i < 64; i++) {
    const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
    const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
  }
  let [a, b, c, d, e, f, g, h] = state;
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
    [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
  }
  return [a, b, c, d, e, f, g, h].map((x, i) => (x + state[i]) >>> 0);
}

/** A state as sha2 keeps it in memory (eight u32, little-endian), in hex. */
const stateHex = (state) => {
  const out = Buffer.alloc(32);
  for (const [i, x] of state.entries()) out.writeUInt32LE(x, 4 * i);
  return out.toString('hex');
};

/** The HMAC midstate of a key: one block, key XOR pad, from the initial state. */
function midstate(key, pad) {
  const block = new Uint8Array(64).fill(pad);
  for (const [i, b] of key.entries()) block[i] ^= b;
  return stateHex(compress(IV, block));
}

/**
 * The inner state a TokenSigner for `apiKey` keeps after its payloads' known start: the key's
 * inner midstate, then the first 64 bytes of the standard header, a dot and the base64url of
 * `{"iss":"<apiKey>","sub":"` (whole 3-byte groups), as src/jws.rs computes it once per signer.
 */
function prefixState(key, apiKey) {
  const ipad = new Uint8Array(64).fill(0x36);
  for (const [i, b] of key.entries()) ipad[i] ^= b;
  const start = Buffer.from(`{"iss":${JSON.stringify(apiKey)},"sub":"`);
  const whole = start.subarray(0, start.length - (start.length % 3));
  const text = Buffer.from(`eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${whole.toString('base64url')}`);
  assert.ok(text.length >= 64, 'the API key is long enough for a whole block');
  return stateHex(compress(compress(IV, ipad), text.subarray(0, 64)));
}

const STATE_API_KEY = 'APImidstate01';
const stateChild = (inner, outer, prefix) => `
const { importWithInstance } = await import(${JSON.stringify(supportUrl)});
const { module: m, memory } = await importWithInstance(${JSON.stringify(entryUrl)});
const has = (hex) => Buffer.from(memory.buffer).includes(Buffer.from(hex, 'hex'));
const states = () => ({ inner: has('${inner}'), outer: has('${outer}'), prefix: has('${prefix}') });
const signer = new m.TokenSigner({ apiKey: '${STATE_API_KEY}', apiSecret: 'midstate-test-secret-0123456789ab' });
const tokens = [];
for (let i = 0; i < 100; i++) tokens.push(signer.create({ roomId: 'r', participantName: 'p' + i }));
for (const t of tokens) signer.verify(t);
const alive = states();
signer.free();
const freed = states();
// A TokenVerifier's key for the same API key holds the same states, until the key is removed.
const verifier = new m.TokenVerifier({ keys: { '${STATE_API_KEY}': 'midstate-test-secret-0123456789ab', APIother: 'another-midstate-secret-0123456789' } });
for (const t of tokens) verifier.verify(t);
const aliveInVerifier = states();
verifier.removeKey('${STATE_API_KEY}');
const removed = states();
verifier.free();
console.log(JSON.stringify({ alive, freed, aliveInVerifier, removed }));
`;

test("the key state (and the state after its payloads' start) is overwritten when a TokenSigner is freed or a TokenVerifier key removed (heap and stack copies)", async () => {
  const key = Buffer.from('midstate-test-secret-0123456789ab');
  const inner = midstate(key, 0x36);
  const outer = midstate(key, 0x5c);
  const prefix = prefixState(key, STATE_API_KEY);
  assert.equal(midstate(Buffer.alloc(0), 0x36).length, 64);
  const { code, stdout, stderr } = await run(
    process.execPath,
    ['--input-type=module', '-e', stateChild(inner, outer, prefix)],
    {
      timeout: 60_000,
    },
  );
  assert.equal(code, 0, stderr);
  // While the signer lives its states are found (so the search works); after free() they are not.
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)), {
    alive: { inner: true, outer: true, prefix: true },
    freed: { inner: false, outer: false, prefix: false },
    aliveInVerifier: { inner: true, outer: true, prefix: true },
    removed: { inner: false, outer: false, prefix: false },
  });
});

test('the secret is wiped from wasm memory once the key state is derived', async () => {
  const { code, stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', child], {
    timeout: 60_000,
  });
  assert.equal(code, 0, stderr);
  const results = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.deepEqual(results, {
    signerString: false,
    signerBytes: false,
    createToken: false,
    verifyToken: false,
    weakCode: 'ERR_WEAK_SECRET',
    weakSecret: false,
    nonAsciiCreate: 'ok',
    nonAsciiVerify: 'ERR_BAD_SIGNATURE',
    nonAsciiSigner: 'ok',
    laterTooLong: 'ERR_INVALID_OPTIONS',
    laterTooLongVerify: 'ERR_BAD_SIGNATURE', // the core's order: the MAC before the room
    laterBadRoom: 'ERR_INVALID_OPTIONS',
    laterBadBytes: 'ERR_INVALID_DURATION',
    nonAsciiFound: false,
    piecesSearched: results.piecesSearched,
    control: true,
  });
  assert.ok(results.piecesSearched > 300, `searched ${results.piecesSearched} pieces`);
});

// Every field a call was given is overwritten, not only those the core got as far as reading:
// a createToken refused at the signer step still had the room, identity, name and metadata
// written; a verifyToken refused for its weak secret still had the token and expected room.
const everyFieldChild = `
const { importWithInstance } = await import(${JSON.stringify(supportUrl)});
const { module: m, memory } = await importWithInstance(${JSON.stringify(entryUrl)});
const found = (text) => Buffer.from(memory.buffer).includes(Buffer.from(text));
const mark = (label) => 'wipe-every-' + label + '-' + 'q9'.repeat(12);
const code = (f) => { try { f(); return 'ok'; } catch (e) { return e.code; } };
const out = {};
const fields = { roomId: mark('room'), participantName: mark('identity'), name: mark('name'), metadata: mark('metadata') };
out.weakCreate = code(() => m.createToken({ apiKey: 'K', apiSecret: 'weak', ...fields }));
out.maxCreate = code(() => m.createToken({ apiKey: 'K', apiSecret: 'wipe-every-field-secret-0123456789abcdef', maxExpiresIn: 'soon', ...fields }));
out.keyCreate = code(() => m.createToken({ apiKey: ' ', apiSecret: 'wipe-every-field-secret-0123456789abcdef', ...fields }));
out.createLeft = Object.values(fields).filter(found);
const token = m.createToken({ apiKey: 'K', apiSecret: 'wipe-every-field-secret-0123456789abcdef', roomId: 'r', participantName: mark('bearer') });
out.weakVerify = code(() => m.verifyToken(token, { apiSecret: 'weak', roomId: mark('expected-room'), apiKey: mark('expected-key') }));
const signer = new m.TokenSigner({ apiKey: 'K', apiSecret: 'wipe-every-field-secret-0123456789abcdef' });
out.badLeeway = code(() => signer.verify(token, { roomId: mark('signer-room'), clockTolerance: 'never' }));
out.verifyLeft = [token, mark('expected-room'), mark('expected-key'), mark('signer-room')].filter(found);
signer.free();
console.log(JSON.stringify(out));
`;

test('every field a call was given is overwritten, whatever step refused it', async () => {
  const { code, stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', everyFieldChild], {
    timeout: 60_000,
  });
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)), {
    weakCreate: 'ERR_WEAK_SECRET',
    maxCreate: 'ERR_INVALID_DURATION',
    keyCreate: 'ERR_INVALID_OPTIONS',
    createLeft: [],
    weakVerify: 'ERR_WEAK_SECRET',
    badLeeway: 'ERR_INVALID_DURATION',
    verifyLeft: [],
  });
});

// A JavaScript throw between the first write and the call (nothing in the package throws
// there today; this is the guarantee if something ever does): the staged boundary module is
// driven directly, a throw is raised after two fields were written, and `release` must
// overwrite them and let the next call in.
const throwChild = (stage, wasm) => `
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-wipe-'));
fs.cpSync(${JSON.stringify(stage)}, dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
const instances = [];
const RealInstance = WebAssembly.Instance;
WebAssembly.Instance = class extends RealInstance {
  constructor(module, imports) { super(module, imports); instances.push(this); }
};
const b = await import(path.join(dir, 'boundary.js'));
const { provideWasm } = await import(path.join(dir, 'load.js'));
const { INPUT_SLOTS } = await import(path.join(dir, 'contract.js'));
provideWasm(() => fs.readFileSync(${JSON.stringify(wasm)}));
const bearer = 'wipe-throw-bearer-' + 'z7'.repeat(20);
const room = 'wipe-throw-room-' + 'z7'.repeat(20);
const out = {};
let input = new b.Input();
const memory = Object.values(instances[0].exports).find((v) => v instanceof WebAssembly.Memory);
const found = (text) => Buffer.from(memory.buffer).includes(Buffer.from(text));
try {
  input.text(INPUT_SLOTS.token, bearer);
  input.text(INPUT_SLOTS.room, room);
  out.written = [bearer, room].filter(found).length;
  throw new Error('a throw in the middle of the writes');
} catch (e) {
  out.thrown = e.message;
} finally {
  input.release();
}
out.left = [bearer, room].filter(found).length;
input = new b.Input();
input.release();
out.nextCall = 'ok';
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out));
`;

test('a JavaScript throw in the middle of the writes leaves no input byte behind', async () => {
  const stage = path.join(root, 'target/pkg-build/pkg/full');
  const wasm = path.join(root, 'pkg/dist/isometrik_token_bg.wasm');
  const { code, stdout, stderr } = await run(process.execPath, ['--input-type=module', '-e', throwChild(stage, wasm)], {
    timeout: 60_000,
  });
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1)), {
    written: 2,
    thrown: 'a throw in the middle of the writes',
    left: 0,
    nextCall: 'ok',
  });
});
