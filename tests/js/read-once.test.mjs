// Each call reads every option once, into plain values, before it writes a byte into wasm
// memory: a byte secret is copied when it is read, so a getter of a later option that detaches,
// shrinks or grows the secret's buffer cannot change what is signed with. The builtins the
// write path uses are taken at load, so patching them later changes nothing; and a call that
// starts while another is running (from a patched builtin the generated glue uses) is refused
// with a coded error instead of writing into the running call's input.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './support/package.mjs';

const m = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);

const NOW = new Date('2026-01-01T00:00:00Z');
const BYTES = Uint8Array.from({ length: 40 }, (_, i) => 65 + (i % 26));

/** The error `f` throws (it must be an IsometrikTokenError), or 'ok'. */
function outcome(f) {
  try {
    f();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof m.IsometrikTokenError, `escaped: ${e?.constructor?.name}: ${e?.message}`);
    return e;
  }
}

/** Options for createToken whose `participantName` getter runs `during` first. */
function withGetter(secret, during) {
  return {
    apiKey: 'K',
    apiSecret: secret,
    roomId: 'r',
    get participantName() {
      during();
      return 'p';
    },
    currentDate: NOW,
  };
}

const signedWith = (token, secret) => m.verifyToken(token, { apiSecret: secret, currentDate: NOW }).sub === 'p';

test('a getter that transfers (detaches) the secret buffer: signed with the bytes as read', () => {
  const secret = BYTES.slice();
  const token = m.createToken(withGetter(secret, () => structuredClone(secret.buffer, { transfer: [secret.buffer] })));
  assert.equal(secret.byteLength, 0, 'the buffer was detached');
  assert.ok(signedWith(token, BYTES));
  // verifyToken: the secret is read before the room and clock.
  const again = BYTES.slice();
  const claims = m.verifyToken(token, {
    apiSecret: again,
    get roomId() {
      structuredClone(again.buffer, { transfer: [again.buffer] });
      return 'r';
    },
    currentDate: NOW,
  });
  assert.equal(claims.sub, 'p');
});

test('a getter that shrinks or grows a resizable secret buffer: signed with the bytes as read', () => {
  for (const size of [0, 8, 39, 41, 400]) {
    const buffer = new ArrayBuffer(BYTES.length, { maxByteLength: 4096 });
    const secret = new Uint8Array(buffer); // length-tracking
    secret.set(BYTES);
    const token = m.createToken(withGetter(secret, () => buffer.resize(size)));
    assert.equal(secret.length, size);
    assert.ok(signedWith(token, BYTES), `resized to ${size}`);
  }
  // A fixed-length view that a shrink leaves out of bounds, read after the shrink: refused.
  const buffer = new ArrayBuffer(64, { maxByteLength: 64 });
  const view = new Uint8Array(buffer, 0, 40);
  buffer.resize(8);
  const err = outcome(() => m.createToken({ apiKey: 'K', apiSecret: view, roomId: 'r', participantName: 'p' }));
  assert.equal(err.code, 'ERR_INVALID_OPTIONS');
  assert.equal(err.field, 'apiSecret');
});

test('a shrunk secret is never padded with bytes an earlier call left in wasm memory', () => {
  // An earlier call writes a long secret; the next one's getter shrinks its secret to 8 bytes
  // after it was read at 40: the token is the 40 bytes' token, not 8 bytes + leftovers.
  const long = new TextEncoder().encode('an-earlier-call-secret-0123456789-abcdefghijkl');
  m.createToken({ apiKey: 'K', apiSecret: long, roomId: 'r', participantName: 'p', currentDate: NOW });
  const buffer = new ArrayBuffer(BYTES.length, { maxByteLength: 64 });
  const secret = new Uint8Array(buffer);
  secret.set(BYTES);
  const token = m.createToken(withGetter(secret, () => buffer.resize(8)));
  assert.ok(signedWith(token, BYTES));
  const stale = Uint8Array.from([...BYTES.subarray(0, 8), ...long.subarray(8, 40)]);
  assert.equal(outcome(() => signedWith(token, stale)).code, 'ERR_BAD_SIGNATURE');
});

test('a getter that runs another call signs nothing of it into the outer token', () => {
  const inner = [];
  const token = m.createToken({
    apiKey: 'OUTER',
    apiSecret: BYTES,
    roomId: 'outer-room',
    get participantName() {
      inner.push(
        m.createToken({
          apiKey: 'INNER',
          apiSecret: 'inner-secret-0123456789-0123456789',
          roomId: 'inner-room',
          participantName: 'i',
        }),
      );
      return 'p';
    },
    currentDate: NOW,
  });
  const claims = m.verifyToken(token, { apiSecret: BYTES, currentDate: NOW });
  assert.deepEqual([claims.iss, claims.room, claims.sub], ['OUTER', 'outer-room', 'p']);
  assert.equal(m.decodeToken(inner[0]).room, 'inner-room');
});

/** Runs `f` with `object[key]` replaced by `value`, restoring it after. */
function patched(object, key, value, f) {
  const saved = Object.getOwnPropertyDescriptor(object, key);
  Object.defineProperty(object, key, { value, configurable: true, writable: true });
  try {
    return f();
  } finally {
    Object.defineProperty(object, key, saved);
  }
}

test('builtins patched after load do not reach into a call', () => {
  const TypedArray = Object.getPrototypeOf(Uint8Array);
  const options = { apiKey: 'K', apiSecret: BYTES, roomId: 'r', participantName: 'p', currentDate: NOW };
  const expected = m.createToken(options);
  const signer = new m.TokenSigner({ apiKey: 'K', apiSecret: BYTES });
  const verifier = new m.TokenVerifier({ keys: { K: BYTES, L: 'another-secret-0123456789-0123456789' } });
  const hostile = () => {
    throw new Error('patched builtin ran');
  };
  const patches = [
    [TextEncoder.prototype, 'encodeInto'],
    [TypedArray.prototype, 'set'],
    [TypedArray.prototype, 'fill'],
    [Array.prototype, Symbol.iterator],
    [Function.prototype, 'call'],
    [Function.prototype, 'apply'],
  ];
  for (const [object, key] of patches) {
    patched(object, key, hostile, () => {
      const name = String(key);
      assert.equal(m.createToken(options), expected, name);
      assert.equal(signer.create({ roomId: 'r', participantName: 'p', currentDate: NOW }), expected, name);
      assert.equal(m.verifyToken(expected, { apiSecret: BYTES, currentDate: NOW }).sub, 'p', name);
      assert.equal(verifier.verify(expected, { currentDate: NOW }).sub, 'p', name);
      assert.equal(m.decodeToken(expected).room, 'r', name);
      assert.equal(m.parseDuration('1h'), 3600, name);
    });
  }
  signer.free();
  verifier.free();
});

test('a call started during another call is refused with a coded error', () => {
  // The generated glue reads the result string with TextDecoder.prototype.decode over a
  // `subarray` of wasm memory, inside the call: a patched builtin there that calls the package
  // again must not write into the running call's input.
  const TypedArray = Object.getPrototypeOf(Uint8Array);
  const options = { apiKey: 'K', apiSecret: BYTES, roomId: 'r', participantName: 'p', currentDate: NOW };
  const expected = m.createToken(options);
  for (const [object, key] of [
    [TextDecoder.prototype, 'decode'],
    [TypedArray.prototype, 'subarray'],
  ]) {
    const real = object[key];
    const nested = [];
    let token;
    patched(
      object,
      key,
      function (...args) {
        if (nested.length === 0) {
          nested.push(
            outcome(() => m.createToken({ ...options, apiKey: 'NESTED', roomId: 'nested-room' })),
            outcome(() => m.decodeToken(expected)),
          );
        }
        return Reflect.apply(real, this, args);
      },
      () => {
        token = m.createToken(options);
      },
    );
    assert.equal(token, expected, `${key}: the outer call is unharmed`);
    assert.equal(nested.length, 2, `${key}: the glue used it during the call`);
    for (const err of nested) {
      assert.equal(err.code, 'ERR_INVALID_OPTIONS');
      assert.equal(err.field, 'call');
    }
  }
  // And the package works again afterwards.
  assert.equal(m.createToken(options), expected);
});
