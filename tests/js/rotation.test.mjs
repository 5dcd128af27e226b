// Secret rotation: one TokenVerifier over several API keys, the key chosen by the token's iss.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { root } from './support/package.mjs';
import { importWithInstance } from './support/wasm-instance.mjs';

const { module: m, memory } = await importWithInstance(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);
const OLD = 'old-secret-0123456789abcdef-0123456789';
const NEW = 'new-secret-9876543210fedcba-9876543210';
const make = (apiKey, apiSecret, extra = {}) =>
  m.createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', ...extra });
const codeOf = (f) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    assert.ok(e instanceof m.IsometrikTokenError, String(e));
    for (const secret of [OLD, NEW]) assert.ok(!e.message.includes(secret) && !String(e.stack).includes(secret));
    return e.code;
  }
};

test('tokens of two keys verify with one verifier; a removed key fails', () => {
  const verifier = new m.TokenVerifier({ keys: { APIold: OLD, APInew: NEW } });
  assert.deepEqual(verifier.apiKeys, ['APInew', 'APIold']);
  assert.equal(verifier.verify(make('APIold', OLD)).iss, 'APIold');
  assert.equal(verifier.verify(make('APInew', NEW), { roomId: 'r' }).iss, 'APInew');
  assert.equal(
    codeOf(() => verifier.verify(make('APInew', NEW), { roomId: 'x' })),
    'ERR_ROOM_MISMATCH',
  );
  // The secret of the other key: the right key is tried, and only it.
  assert.equal(
    codeOf(() => verifier.verify(make('APIold', NEW))),
    'ERR_BAD_SIGNATURE',
  );
  assert.equal(verifier.removeKey('APIold'), true);
  assert.equal(verifier.removeKey('APIold'), false);
  assert.equal(
    codeOf(() => verifier.verify(make('APIold', OLD))),
    'ERR_ISSUER_MISMATCH',
  );
  verifier.addKey('APIold', OLD);
  assert.equal(verifier.verify(make('APIold', OLD)).iss, 'APIold');
  verifier.free();
  assert.equal(
    codeOf(() => verifier.verify(make('APIold', OLD))),
    'ERR_INVALID_OPTIONS',
  );
});

test('unknown, missing and prefix iss: ERR_ISSUER_MISMATCH', () => {
  const verifier = new m.TokenVerifier({ keys: new Map([['APIkey', OLD]]) });
  for (const iss of ['APIother', 'APIke', 'APIkeyX', 'API']) {
    assert.equal(
      codeOf(() => verifier.verify(make(iss, OLD))),
      'ERR_ISSUER_MISMATCH',
      iss,
    );
  }
  // No iss at all: a hand-made token (its MAC is right for OLD, but no key can be chosen).
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const { createHmac } = process.getBuiltinModule('node:crypto');
  const input = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: 'p', room: 'r', exp: 4e9 })}`;
  const noIss = `${input}.${createHmac('sha256', OLD).update(input).digest('base64url')}`;
  assert.equal(
    codeOf(() => verifier.verify(noIss)),
    'ERR_ISSUER_MISMATCH',
  );
  assert.equal(
    codeOf(() => verifier.verify('not.a.token')),
    'ERR_MALFORMED_TOKEN',
  );
  assert.equal(
    codeOf(() => verifier.verify(make('APIkey', OLD), { apiKey: 'APIkey' })),
    'ERR_INVALID_OPTIONS',
  );
});

test('every key follows the secret rules; no secret in any error', () => {
  assert.equal(
    codeOf(() => new m.TokenVerifier({ keys: { A: 'short' } })),
    'ERR_WEAK_SECRET',
  );
  assert.equal(
    codeOf(
      () => new m.TokenVerifier({ keys: { A: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE' } }),
    ),
    'ERR_WEAK_SECRET',
  );
  assert.equal(
    codeOf(() => new m.TokenVerifier({ keys: { 'bad key': OLD } })),
    'ERR_INVALID_OPTIONS',
  );
  assert.equal(
    codeOf(() => new m.TokenVerifier({ keys: { A: 42 } })),
    'ERR_INVALID_OPTIONS',
  );
  assert.equal(
    codeOf(() => new m.TokenVerifier({ keys: 'A:secret' })),
    'ERR_INVALID_OPTIONS',
  );
  assert.equal(
    codeOf(() => new m.TokenVerifier({})),
    'ERR_INVALID_OPTIONS',
  );
  assert.equal(new m.TokenVerifier({ keys: { A: 'short' }, allowWeakSecret: true }).apiKeys.length, 1);
  const v = new m.TokenVerifier({ keys: {} });
  assert.equal(
    codeOf(() => v.addKey('A', 'short')),
    'ERR_WEAK_SECRET',
  );
  assert.equal(
    codeOf(() => v.verify(make('A', OLD))),
    'ERR_ISSUER_MISMATCH',
  );
});

test('verifyToken({ keys }) verifies by iss too', () => {
  const keys = { APIold: OLD, APInew: NEW };
  assert.equal(m.verifyToken(make('APInew', NEW), { keys }).iss, 'APInew');
  assert.equal(
    codeOf(() => m.verifyToken(make('APIx', NEW), { keys })),
    'ERR_ISSUER_MISMATCH',
  );
  assert.equal(
    codeOf(() => m.verifyToken(make('APInew', NEW), { keys, apiSecret: NEW })),
    'ERR_INVALID_OPTIONS',
  );
});

test('memory stays flat over 100,000 add/remove cycles', () => {
  const verifier = new m.TokenVerifier({ keys: { APIold: OLD } });
  const token = make('APIold', OLD);
  const cycle = (n) => {
    for (let i = 0; i < n; i++) {
      verifier.addKey(`APIk${i % 50}`, NEW);
      verifier.removeKey(`APIk${i % 50}`);
    }
  };
  cycle(10_000); // warm-up: the allocator reaches its working set
  const before = memory.buffer.byteLength;
  cycle(100_000);
  assert.equal(memory.buffer.byteLength, before, 'wasm memory grew');
  assert.equal(verifier.verify(token).iss, 'APIold');
  assert.deepEqual(verifier.apiKeys, ['APIold']);
});

test('IsometrikClient({ keys }): signs with its own key, verifies both', async () => {
  const client = new m.IsometrikClient({ apiKey: 'APInew', apiSecret: NEW, keys: { APIold: OLD } });
  const fresh = await client.tokens.create({ roomId: 'r', participantName: 'p' });
  assert.equal(m.decodeToken(fresh).iss, 'APInew');
  assert.equal((await client.tokens.verify(fresh)).iss, 'APInew');
  assert.equal((await client.tokens.verify(make('APIold', OLD))).iss, 'APIold');
  await assert.rejects(client.tokens.verify(make('APIother', OLD)), { code: 'ERR_ISSUER_MISMATCH' });
  client.close();
  await assert.rejects(client.tokens.verify(fresh), { code: 'ERR_INVALID_OPTIONS' });
  assert.throws(() => new m.IsometrikClient({ apiKey: 'A', apiSecret: NEW, keys: { B: 'short' } }), {
    code: 'ERR_WEAK_SECRET',
  });
});

test('a secret or key beside keys is refused, never ignored', () => {
  const fieldOf = (f) => {
    try {
      f();
    } catch (e) {
      return [e.code, e.field];
    }
    return 'did not throw';
  };
  assert.deepEqual(
    fieldOf(() => new m.TokenVerifier({ keys: { A: OLD }, apiSecret: NEW })),
    ['ERR_INVALID_OPTIONS', 'keys'],
  );
  assert.deepEqual(
    fieldOf(() => new m.TokenVerifier({ keys: { A: OLD }, apiKey: 'A' })),
    ['ERR_INVALID_OPTIONS', 'apiKey'],
  );
});
