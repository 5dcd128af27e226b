// The JS/wasm boundary under hostile arguments: every
// length that JS controls is checked before it sizes a copy into wasm memory, typed arrays are
// measured by their internal slots, oversize options never grow wasm memory, and nothing but
// IsometrikTokenError escapes, after which every live signer still signs the same tokens.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../interop/claims.mjs';
import { root } from './support/package.mjs';
import { importWithInstance } from './support/wasm-instance.mjs';

const { module: m, memory } = await importWithInstance(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);
const { IsometrikTokenError } = m;

const SECRET = 'boundary-test-secret-0123456789abcdef';
const NOW = new Date('2026-01-01T00:00:00Z');
const MiB = 1024 * 1024;

/** The code of what `f` throws; fails the test if it is not an IsometrikTokenError. */
function code(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof IsometrikTokenError, `escaped: ${e?.constructor?.name}: ${e?.message}`);
    return e.code;
  }
  return 'ok';
}

/** Live signers and the tokens they made before the attack; they must make the same after. */
function liveSigners() {
  const signers = Array.from(
    { length: 10 },
    (_, i) => new m.TokenSigner({ apiKey: `K${i}`, apiSecret: `${SECRET}-${i}` }),
  );
  const make = () => signers.map((s, i) => s.create({ roomId: 'r', participantName: `p${i}`, currentDate: NOW }));
  return { signers, before: make(), make };
}

test('a Uint8Array subclass whose length lies is copied by its real length', () => {
  const live = liveSigners();
  class Liar extends Uint8Array {
    get length() {
      return 32;
    }
  }
  const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) % 251);
  const big = new Liar(4096);
  big.set(bytes);
  // 4096 real bytes: copied in full (the limit), a valid 4096-byte secret.
  const token = m.createToken({ apiKey: 'K', apiSecret: big, roomId: 'r', participantName: 'p', currentDate: NOW });
  assert.equal(m.verifyToken(token, { apiSecret: bytes, currentDate: NOW }).sub, 'p');
  class BigLiar extends Uint8Array {
    get length() {
      return 32;
    }
    get byteLength() {
      return 32;
    }
  }
  assert.equal(
    code(() => m.createToken({ apiKey: 'K', apiSecret: new BigLiar(100_000), roomId: 'r', participantName: 'p' })),
    'ERR_INVALID_OPTIONS',
  );
  assert.deepEqual(live.make(), live.before, 'live signers sign the same tokens');
});

test('fake and hostile Dates, typed arrays and proxies are ERR_INVALID_OPTIONS', () => {
  const base = { apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p' };
  const fakeDate = { [Symbol.toStringTag]: 'Date' };
  const throwingDate = new Proxy(new Date(), {
    get() {
      throw new Error('trap');
    },
  });
  assert.equal(
    code(() => m.createToken({ ...base, currentDate: fakeDate })),
    'ERR_INVALID_OPTIONS',
  );
  assert.equal(
    code(() => m.createToken({ ...base, currentDate: throwingDate })),
    'ERR_INVALID_OPTIONS',
  );
  const detached = new Uint8Array(64).fill(1);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  const err = (() => {
    try {
      m.createToken({ ...base, apiSecret: detached });
    } catch (e) {
      return e;
    }
  })();
  assert.equal(err.code, 'ERR_INVALID_OPTIONS');
  assert.equal(err.field, 'apiSecret');
  const proxied = new Proxy(new Uint8Array(64), {});
  assert.equal(
    code(() => m.createToken({ ...base, apiSecret: proxied })),
    'ERR_INVALID_OPTIONS',
  );
  // Another realm's Date is a Date.
  const { runInNewContext } = process.getBuiltinModule('node:vm');
  const foreign = runInNewContext('new Date("2026-01-01T00:00:00Z")');
  assert.equal(
    code(() => m.createToken({ ...base, currentDate: foreign })),
    'ok',
  );
});

test('clockTolerance far out of range says so', () => {
  const token = m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p' });
  for (const clockTolerance of [1e300, 1e15, 3601, -1]) {
    try {
      m.verifyToken(token, { apiSecret: SECRET, clockTolerance });
      assert.fail('accepted');
    } catch (e) {
      assert.equal(e.code, 'ERR_INVALID_OPTIONS', `${clockTolerance}: ${e.message}`);
      assert.match(e.message, /between 0 and 3600 seconds/);
    }
  }
});

test('oversize options are refused before they are copied: wasm memory stays small', () => {
  const live = liveSigners();
  const token = live.signers[0].create({ roomId: 'r', participantName: 'p' });
  const huge = 'r'.repeat(100e6);
  const hugeBytes = new Uint8Array(50 * MiB);
  const cases = [
    () => m.verifyToken(token, { apiSecret: SECRET, roomId: huge }),
    () => m.verifyToken(token, { apiSecret: SECRET, apiKey: huge }),
    () => m.verifyToken(token, { apiSecret: SECRET, clockTolerance: huge }),
    () => m.verifyToken(huge, { apiSecret: SECRET }),
    () => m.verifyToken(token, { apiSecret: huge }),
    () => m.verifyToken(token, { apiSecret: hugeBytes }),
    () => m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: huge, participantName: 'p' }),
    () => m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p', metadata: huge }),
    () => m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p', name: huge }),
    () => m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p', expiresIn: huge }),
    () => m.createToken({ apiKey: huge, apiSecret: SECRET, roomId: 'r', participantName: 'p' }),
    () => m.decodeToken(huge),
    () => m.parseDuration(huge),
    () => live.signers[1].verify(token, { roomId: huge }),
    () => live.signers[1].create({ roomId: 'r', participantName: huge }),
    // Just over each limit in UTF-8 bytes while under it in UTF-16 units.
    () => m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: 'é'.repeat(129), participantName: 'p' }),
    () =>
      m.createToken({ apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p', metadata: '€'.repeat(2731) }),
    () => m.verifyToken(token, { apiSecret: 'ß'.repeat(2049) }),
  ];
  // Refused in the core's own order (a wrong secret's MAC fails before the room is compared),
  // with a coded error, never by running out of memory.
  for (const [i, f] of cases.entries()) {
    const c = code(f);
    assert.notEqual(c, 'ok', `case ${i}`);
  }
  // Oversize and nothing else wrong: the limit's own error.
  const own = live.signers[0];
  // (An expected room longer than any room can be never matches.)
  assert.equal(
    code(() => own.verify(token, { roomId: huge })),
    'ERR_ROOM_MISMATCH',
  );
  assert.equal(
    code(() => own.create({ roomId: 'r', participantName: 'p', metadata: huge })),
    'ERR_INVALID_OPTIONS',
  );
  assert.equal(
    code(() => m.decodeToken(huge)),
    'ERR_TOKEN_TOO_LARGE',
  );
  assert.equal(
    code(() => m.parseDuration(huge)),
    'ERR_INVALID_DURATION',
  );
  assert.ok(
    memory.buffer.byteLength < 4 * MiB,
    `wasm memory grew to ${(memory.buffer.byteLength / MiB).toFixed(1)} MiB`,
  );
  assert.deepEqual(live.make(), live.before);
});

test('random hostile option objects: only IsometrikTokenError escapes, signers unharmed', () => {
  const live = liveSigners();
  const token = live.signers[0].create({ roomId: 'room', participantName: 'p', currentDate: NOW });
  const rand = mulberry32(20261130); // seeded: a failure names its seed
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const hostileValues = () => [
    undefined,
    null,
    0,
    -1,
    1e300,
    NaN,
    Infinity,
    '',
    'r',
    '\uD800',
    'x'.repeat(1 + Math.floor(rand() * 40_000)),
    'é'.repeat(Math.floor(rand() * 300)),
    true,
    Symbol('s'),
    10n,
    [],
    {},
    () => 1,
    new Date(NaN),
    new Date(8.64e15),
    NOW,
    { [Symbol.toStringTag]: 'Date' },
    new Uint8Array(Math.floor(rand() * 5000)).fill(7),
    new Uint16Array(40),
    new DataView(new ArrayBuffer(40)),
    new (class extends Uint8Array {
      get length() {
        return 1e9;
      }
    })(48),
    new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
        ownKeys() {
          throw new Error('trap');
        },
      },
    ),
    new Proxy(new Uint8Array(40), {}),
    new Uint8Array(new ArrayBuffer(40, { maxByteLength: 80 })).fill(3),
    Object.create(null),
    { canPublish: true, canFly: true },
    { canPublish: 'yes' },
    Object.defineProperty({}, 'canPublish', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    }),
  ];
  const fields = [
    'apiKey',
    'apiSecret',
    'roomId',
    'participantName',
    'name',
    'metadata',
    'expiresIn',
    'maxExpiresIn',
    'clockTolerance',
    'currentDate',
    'permissions',
    'allowWeakSecret',
    'dangerouslyAllowBrowser',
  ];
  // A secret on a resizable buffer, and a getter on another option that detaches, resizes or
  // grows it, or makes a call of its own, after the secret was read.
  const hostileGetter = (o) => {
    const buffer = new ArrayBuffer(48, { maxByteLength: 4096 });
    o.apiSecret = new Uint8Array(buffer).fill(9);
    const action = pick([
      () => buffer.resize(Math.floor(rand() * 100)),
      () => structuredClone(buffer, { transfer: [buffer] }),
      () =>
        code(() => m.createToken({ apiKey: 'K9', apiSecret: `${SECRET}-9`, roomId: 'nested', participantName: 'n' })),
      () => code(() => live.signers[2].verify(token)),
    ]);
    const key = pick(fields.filter((f) => f !== 'apiSecret'));
    const value = o[key];
    Object.defineProperty(o, key, {
      enumerable: true,
      configurable: true,
      get() {
        action();
        return value;
      },
    });
  };
  const randomOptions = () => {
    const o = { apiKey: 'K0', apiSecret: `${SECRET}-0`, roomId: 'room', participantName: 'p' };
    const n = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) o[pick(fields)] = pick(hostileValues());
    if (rand() < 0.2) hostileGetter(o);
    if (rand() < 0.05) {
      return new Proxy(o, {
        get(target, key) {
          if (rand() < 0.3) throw new Error('proxy trap');
          return target[key];
        },
      });
    }
    return rand() < 0.02 ? pick(hostileValues()) : o;
  };
  const calls = [
    (o) => m.createToken(o),
    (o) => m.verifyToken(token, o),
    (o) => m.verifyToken(pick(hostileValues()), o),
    (o) => new m.TokenSigner(o).free(),
    (o) => live.signers[1].create(o),
    (o) => live.signers[0].verify(token, o),
    () => m.decodeToken(pick(hostileValues())),
    () => m.parseDuration(pick(hostileValues())),
  ];
  const seen = new Map();
  for (let i = 0; i < 3000; i++) {
    const c = code(() => pick(calls)(randomOptions()));
    seen.set(c, (seen.get(c) ?? 0) + 1);
  }
  assert.ok(seen.size >= 4, `only ${[...seen.keys()]}`);
  assert.ok(memory.buffer.byteLength < 4 * MiB, `wasm memory grew to ${memory.buffer.byteLength} bytes`);
  assert.deepEqual(live.make(), live.before, 'live signers sign the same tokens');
});

test('importing does not compile; a refused compile is ERR_WASM_UNAVAILABLE on use, sticky', async () => {
  const { run } = await import('./support/run.mjs');
  const web = pathToFileURL(path.join(root, 'pkg/dist/web.js')).href;
  const child = `
    const calls = [];
    for (const name of ['Module', 'Instance', 'compile', 'instantiate']) {
      const real = WebAssembly[name];
      WebAssembly[name] = function (...args) { calls.push(name); throw new WebAssembly.CompileError('WebAssembly.Module(): Wasm code generation disallowed by embedder'); };
    }
    const m = await import(${JSON.stringify(web)});
    const out = { atImport: calls.length };
    const tries = [];
    for (let i = 0; i < 3; i++) { try { m.decodeToken('a.b.c'); tries.push('ok'); } catch (e) { tries.push(e.code + ':' + (e instanceof m.IsometrikTokenError) + ':' + /wasm-unsafe-eval/.test(e.message)); } }
    out.tries = tries;
    out.compiles = calls.length;
    console.log(JSON.stringify(out));
  `;
  const {
    code: exit,
    stdout,
    stderr,
  } = await run(process.execPath, ['--input-type=module', '-e', child], { timeout: 60_000 });
  assert.equal(exit, 0, stderr);
  const out = JSON.parse(stdout.trim().split('\n').at(-1));
  assert.deepEqual(out, {
    atImport: 0,
    tries: Array(3).fill('ERR_WASM_UNAVAILABLE:true:true'),
    compiles: 1,
  });
});

test('errors carry their reason as data (field/claim + reason, no message parsing)', () => {
  const base = { apiKey: 'K', apiSecret: SECRET, roomId: 'r', participantName: 'p' };
  const err = (f) => {
    try {
      f();
    } catch (e) {
      return e;
    }
    assert.fail('no error');
  };
  const room = err(() => m.createToken({ ...base, roomId: 'é'.repeat(200) }));
  assert.deepEqual(
    [room.code, room.field, room.reason],
    ['ERR_INVALID_OPTIONS', 'roomId', 'must be at most 256 UTF-8 bytes'],
  );
  assert.ok(room.message.endsWith(room.reason));
  const weak = err(() => m.createToken({ ...base, apiSecret: 'short' }));
  assert.equal(weak.code, 'ERR_WEAK_SECRET');
  assert.equal(typeof weak.reason, 'string');
  const js = err(() => m.createToken({ ...base, roomId: 42 }));
  assert.deepEqual([js.field, js.reason], ['roomId', 'must be a string']);
  const forged = err(() => m.verifyToken(`${m.createToken(base).slice(0, -2)}AA`, { apiSecret: SECRET }));
  assert.equal(forged.code, 'ERR_BAD_SIGNATURE');
  assert.equal(forged.reason, undefined);
});
