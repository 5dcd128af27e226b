// IsometrikClient and the refresh helpers, against the PACKED package in a throwaway consumer:
// the Isometrik docs' Express handler run verbatim (only the import line changed), the environment
// fallback (Node; Deno with and without --allow-env; Bun), promise rejections with stable codes,
// close(); tokenExpiresIn with a fixed currentDate; scheduleTokenRefresh under node:test's mock
// timers (setTimeout + Date: no real sleeping), including the README's refresh example verbatim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import { extractBlocks } from '../docs/blocks.mjs';
import { bin, makeEntryConsumer, removeConsumer, root } from './support/package.mjs';
import { withEnv } from './support/env.mjs';
import { runOk } from './support/run.mjs';

const KEY = 'APIclientTest';
const SECRET = 'client-test-secret-at-least-32-bytes-long';
const OTHER_SECRET = 'another-secret-that-is-also-32-bytes-long!';
const T0 = 1_800_000_000; // a fixed "now", seconds
const at = (seconds) => new Date(seconds * 1000);

let consumer;
/** @type {typeof import('isometrik-token')} */
let iso;
before(async () => {
  let entryUrl;
  ({ dir: consumer, entryUrl } = makeEntryConsumer('client'));
  iso = await import(entryUrl);
});
after(() => removeConsumer(consumer));

const ENV = (key, secret) => ({ ISOMETRIK_API_KEY: key, ISOMETRIK_API_SECRET: secret });

/** Asserts an IsometrikTokenError with `code` (and `field`/`claim` if given), never leaking a secret. */
function isTokenError(code, details = {}) {
  return (err) => {
    assert.ok(err instanceof iso.IsometrikTokenError, `not an IsometrikTokenError: ${err}`);
    assert.equal(err.code, code, err.message);
    for (const [k, v] of Object.entries(details)) assert.equal(err[k], v, `${k} of ${err.message}`);
    for (const secret of [SECRET, OTHER_SECRET]) assert.ok(!err.message.includes(secret), 'the message shows a secret');
    return true;
  };
}

// ── the Isometrik docs' Node example, verbatim ─────────────────────────────────────────────────────
// The server block of the Isometrik docs' Authentication page ("Generating Tokens"), copied
// verbatim. Only the import line changes.
const SEED_EXPRESS = `import { IsometrikClient } from '@isometrik/client';

const client = new IsometrikClient({
  apiKey: process.env.ISOMETRIK_API_KEY,
  apiSecret: process.env.ISOMETRIK_API_SECRET
});

// Generate token for a participant
app.post('/api/token', async (req, res) => {
  const { roomName, participantName } = req.body;

  const token = await client.tokens.create({
    roomId: roomName,
    participantName: participantName,
    permissions: {
      canPublish: true,
      canSubscribe: true,
      canUpdateMetadata: true
    },
    expiresIn: '1h'
  });

  res.json({ token });
});`;
let seedModules = 0;

/**
 * Loads the Isometrik docs' Express server code (as quoted in README.md) (or `code`, another Express example) against a fake Express
 * `app`; returns the POST /api/token handler.
 */
async function loadSeedHandler(
  code = SEED_EXPRESS.replace(
    "import { IsometrikClient } from '@isometrik/client';",
    "import { IsometrikClient } from 'isometrik-token';",
  ),
) {
  const routes = {};
  const app = { post: (route, handler) => (routes[`POST ${route}`] = handler) };
  const file = path.join(consumer, `seed-express-${++seedModules}.mjs`);
  fs.writeFileSync(file, `const app = globalThis.__seedApp;\n${code}\n`);
  globalThis.__seedApp = app;
  try {
    await import(pathToFileURL(file).href);
  } finally {
    delete globalThis.__seedApp;
  }
  assert.equal(typeof routes['POST /api/token'], 'function');
  return routes['POST /api/token'];
}
/** Calls an Express-style handler with a fake req/res; resolves to what it sent. */
async function callHandler(handler, body) {
  let sent;
  const res = { json: (value) => (sent = value), status: () => res };
  await handler({ body }, res);
  return sent;
}

test("the Isometrik docs' Express handler runs unchanged (only the import line)", async () => {
  await withEnv(ENV(KEY, SECRET), async () => {
    const handler = await loadSeedHandler();
    const before = Math.floor(Date.now() / 1000);
    const sent = await callHandler(handler, { roomName: 'daily-standup', participantName: 'alice' });
    assert.deepEqual(Object.keys(sent), ['token']);
    const claims = iso.verifyToken(sent.token, { apiSecret: SECRET, apiKey: KEY, roomId: 'daily-standup' });
    assert.equal(claims.iss, KEY);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.room, 'daily-standup');
    assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
    assert.equal(claims.exp - claims.iat, 3600);
    assert.ok(claims.iat >= before && claims.iat <= before + 5);
    // A bad body is a rejected promise with a stable code (Express 5 forwards it to next()).
    await assert.rejects(
      callHandler(handler, { participantName: 'alice' }),
      isTokenError('ERR_INVALID_OPTIONS', { field: 'roomId' }),
    );
  });
});

test("the README's migration example (read from README.md) runs as written", async () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = extractBlocks(readme, 'README.md').filter((b) => b.code.includes("app.post('/api/token'"));
  assert.equal(blocks.length, 1, 'one README block defines the Express handler');
  await withEnv(ENV(KEY, SECRET), async () => {
    const handler = await loadSeedHandler(blocks[0].code);
    const sent = await callHandler(handler, { roomName: 'daily-standup', participantName: 'alice' });
    const claims = iso.verifyToken(sent.token, { apiSecret: SECRET, apiKey: KEY, roomId: 'daily-standup' });
    assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
    assert.equal(claims.exp - claims.iat, 3600);
  });
});

test('apiKey/apiSecret fall back to ISOMETRIK_API_KEY / ISOMETRIK_API_SECRET', async () => {
  await withEnv(ENV(KEY, SECRET), async () => {
    for (const options of [
      undefined,
      {},
      { apiKey: undefined, apiSecret: undefined },
      { apiKey: null, apiSecret: null },
    ]) {
      const client = new iso.IsometrikClient(options);
      assert.equal(client.apiKey, KEY);
      const token = await client.tokens.create({ roomId: 'r', participantName: 'p', currentDate: at(T0) });
      assert.equal(
        token,
        iso.createToken({ apiKey: KEY, apiSecret: SECRET, roomId: 'r', participantName: 'p', currentDate: at(T0) }),
      );
      client.close();
    }
    // Explicit options win over the environment, one by one.
    const explicit = new iso.IsometrikClient({ apiKey: 'APIother', apiSecret: OTHER_SECRET });
    const token = await explicit.tokens.create({ roomId: 'r', participantName: 'p' });
    assert.equal(iso.verifyToken(token, { apiSecret: OTHER_SECRET }).iss, 'APIother');
    const keyOnly = new iso.IsometrikClient({ apiKey: 'APIother' });
    assert.equal(
      iso.verifyToken(await keyOnly.tokens.create({ roomId: 'r', participantName: 'p' }), { apiSecret: SECRET }).iss,
      'APIother',
    );
    // Bytes work as the secret too.
    const bytes = new iso.IsometrikClient({ apiSecret: new TextEncoder().encode(OTHER_SECRET) });
    iso.verifyToken(await bytes.tokens.create({ roomId: 'r', participantName: 'p' }), { apiSecret: OTHER_SECRET });
  });
});

test('the key state is built once: later changes to the environment do not matter', async () => {
  const client = await withEnv(ENV(KEY, SECRET), () => new iso.IsometrikClient());
  await withEnv(ENV('APIchanged', OTHER_SECRET), async () => {
    const token = await client.tokens.create({ roomId: 'r', participantName: 'p' });
    assert.equal(iso.verifyToken(token, { apiSecret: SECRET, apiKey: KEY }).sub, 'p');
  });
  await withEnv(ENV(undefined, undefined), async () => {
    assert.equal(
      (await client.tokens.verify(await client.tokens.create({ roomId: 'r', participantName: 'p' }))).iss,
      KEY,
    );
  });
});

test('missing key or secret (no option, no variable): ERR_INVALID_OPTIONS naming the field, no secret shown', async () => {
  await withEnv(ENV(undefined, undefined), () => {
    assert.throws(() => new iso.IsometrikClient(), isTokenError('ERR_INVALID_OPTIONS', { field: 'apiKey' }));
    assert.throws(
      () => new iso.IsometrikClient({ apiSecret: SECRET }),
      (err) => {
        isTokenError('ERR_INVALID_OPTIONS', { field: 'apiKey' })(err);
        assert.match(err.message, /ISOMETRIK_API_KEY/);
        return true;
      },
    );
    // The docs' example passes process.env values explicitly: unset, they are undefined.
    assert.throws(
      () =>
        new iso.IsometrikClient({ apiKey: process.env.ISOMETRIK_API_KEY, apiSecret: process.env.ISOMETRIK_API_SECRET }),
      isTokenError('ERR_INVALID_OPTIONS', { field: 'apiKey' }),
    );
  });
  await withEnv(ENV(KEY, undefined), () => {
    assert.throws(
      () => new iso.IsometrikClient(),
      (err) => {
        isTokenError('ERR_INVALID_OPTIONS', { field: 'apiSecret' })(err);
        assert.match(err.message, /ISOMETRIK_API_SECRET/);
        return true;
      },
    );
  });
  // Set but unusable: the signer's own errors.
  await withEnv(ENV('', SECRET), () => {
    assert.throws(() => new iso.IsometrikClient(), isTokenError('ERR_INVALID_OPTIONS', { field: 'apiKey' }));
  });
  await withEnv(ENV(KEY, 'short'), () => {
    assert.throws(() => new iso.IsometrikClient(), isTokenError('ERR_WEAK_SECRET'));
    new iso.IsometrikClient({ allowWeakSecret: true }).close(); // signer options pass through
  });
  for (const bad of [null, 'key', 42, []]) {
    assert.throws(() => new iso.IsometrikClient(bad), isTokenError('ERR_INVALID_OPTIONS', { field: 'options' }));
  }
  const getter = {
    get apiKey() {
      throw new Error('boom');
    },
  };
  assert.throws(() => new iso.IsometrikClient(getter), isTokenError('ERR_INVALID_OPTIONS', { field: 'options' }));
});

test('tokens.create / tokens.verify reject (never throw) with stable codes', async () => {
  const client = new iso.IsometrikClient({ apiKey: KEY, apiSecret: SECRET, maxExpiresIn: '2h' });
  const create = client.tokens.create; // usable detached
  const verify = client.tokens.verify;
  const calls = [
    [() => create(), 'ERR_INVALID_OPTIONS', { field: 'options' }],
    [() => create(null), 'ERR_INVALID_OPTIONS', { field: 'options' }],
    [() => create({}), 'ERR_INVALID_OPTIONS', { field: 'roomId' }],
    [() => create({ roomId: 'r' }), 'ERR_INVALID_OPTIONS', { field: 'participantName' }],
    [() => create({ roomId: '  ', participantName: 'p' }), 'ERR_INVALID_OPTIONS', { field: 'roomId' }],
    [
      () => create({ roomId: 'r', participantName: 'p', permissions: { canFly: true } }),
      'ERR_INVALID_OPTIONS',
      { field: 'permissions.canFly' },
    ],
    [() => create({ roomId: 'r', participantName: 'p', expiresIn: '3h' }), 'ERR_INVALID_DURATION', {}],
    [() => create({ roomId: 'r', participantName: 'p', expiresIn: '1 fortnight' }), 'ERR_INVALID_DURATION', {}],
    [
      () =>
        create({
          roomId: 'r',
          get participantName() {
            throw new Error('boom');
          },
        }),
      'ERR_INVALID_OPTIONS',
      { field: 'participantName' },
    ],
    [() => verify('not-a-token'), 'ERR_MALFORMED_TOKEN', {}],
    [() => verify(42), 'ERR_INVALID_OPTIONS', { field: 'token' }],
  ];
  for (const [call, code, details] of calls) {
    let promise;
    assert.doesNotThrow(() => (promise = call()));
    assert.ok(promise instanceof Promise);
    await assert.rejects(promise, isTokenError(code, details));
  }

  const options = { roomId: 'room-1', participantName: 'alice', expiresIn: '1h', currentDate: at(T0) };
  const token = await create(options);
  assert.deepEqual(await verify(token, { currentDate: at(T0 + 60) }), {
    iss: KEY,
    sub: 'alice',
    room: 'room-1',
    permissions: {},
    iat: T0,
    nbf: T0,
    exp: T0 + 3600,
  });
  await assert.rejects(verify(token, { currentDate: at(T0 + 3600 + 10) }), (err) => {
    isTokenError('ERR_EXPIRED')(err);
    assert.equal(err.claims.sub, 'alice');
    return true;
  });
  await assert.rejects(verify(token, { currentDate: at(T0 - 3600) }), isTokenError('ERR_NOT_YET_VALID'));
  await assert.rejects(verify(token, { roomId: 'room-2', currentDate: at(T0) }), isTokenError('ERR_ROOM_MISMATCH'));
  const other = new iso.IsometrikClient({ apiKey: KEY, apiSecret: OTHER_SECRET });
  await assert.rejects(other.tokens.verify(token, { currentDate: at(T0) }), isTokenError('ERR_BAD_SIGNATURE'));
  const otherKey = new iso.IsometrikClient({ apiKey: 'APIsomeoneElse', apiSecret: SECRET });
  await assert.rejects(otherKey.tokens.verify(token, { currentDate: at(T0) }), isTokenError('ERR_ISSUER_MISMATCH'));
  assert.equal((await otherKey.tokens.verify(token, { apiKey: KEY, currentDate: at(T0) })).sub, 'alice');
  // A thin layer: the very same token as the synchronous API.
  assert.equal(token, iso.createToken({ apiKey: KEY, apiSecret: SECRET, ...options }));
  for (const c of [client, other, otherKey]) c.close();
});

test('close() frees the signer; later calls reject; idempotent; Symbol.dispose', async () => {
  const client = new iso.IsometrikClient({ apiKey: KEY, apiSecret: SECRET });
  const token = await client.tokens.create({ roomId: 'r', participantName: 'p' });
  client.close();
  client.close();
  assert.equal(client.apiKey, KEY);
  await assert.rejects(
    client.tokens.create({ roomId: 'r', participantName: 'p' }),
    isTokenError('ERR_INVALID_OPTIONS', { field: 'client' }),
  );
  await assert.rejects(client.tokens.verify(token), isTokenError('ERR_INVALID_OPTIONS', { field: 'client' }));
  const disposable = new iso.IsometrikClient({ apiKey: KEY, apiSecret: SECRET });
  assert.equal(typeof disposable[Symbol.dispose], 'function');
  disposable[Symbol.dispose]();
  await assert.rejects(
    disposable.tokens.create({ roomId: 'r', participantName: 'p' }),
    isTokenError('ERR_INVALID_OPTIONS', { field: 'client' }),
  );
});

test('environment fallback in Deno (with and without --allow-env) and Bun', { timeout: 60_000 }, async () => {
  const script = path.join(consumer, 'env-probe.mjs');
  fs.writeFileSync(
    script,
    `import { IsometrikClient, verifyToken } from 'isometrik-token';
try {
  const client = new IsometrikClient();
  const token = await client.tokens.create({ roomId: 'r', participantName: 'p' });
  console.log(JSON.stringify({ ok: true, iss: verifyToken(token, { apiSecret: ${JSON.stringify(SECRET)} }).iss }));
} catch (err) {
  console.log(JSON.stringify({ ok: false, code: err.code, field: err.field, message: err.message }));
}
`,
  );
  const env = ENV(KEY, SECRET);
  const probe = async (command, args, extraEnv = env) => {
    const { stdout } = await runOk(command, args, { cwd: consumer, env: extraEnv, timeout: 30_000 });
    return JSON.parse(stdout.trim().split('\n').pop());
  };
  const deno = bin('deno');
  assert.deepEqual(
    await probe(deno, [
      'run',
      '--no-prompt',
      '--allow-read',
      '--allow-env=ISOMETRIK_API_KEY,ISOMETRIK_API_SECRET',
      script,
    ]),
    { ok: true, iss: KEY },
  );
  const denied = await probe(deno, ['run', '--no-prompt', '--allow-read', script]);
  assert.equal(denied.ok, false);
  assert.equal(denied.code, 'ERR_INVALID_OPTIONS');
  assert.equal(denied.field, 'apiKey');
  assert.match(denied.message, /--allow-env/);
  assert.ok(!denied.message.includes(SECRET));
  assert.deepEqual(await probe(bin('bun'), [script]), { ok: true, iss: KEY });
  const missing = await probe(bin('bun'), [script], ENV('', ''));
  assert.equal(missing.ok, false);
});

test("the type declarations: the code of Isometrik's docs and the refresh helpers type-check strictly", {
  timeout: 120_000,
}, async () => {
  fs.writeFileSync(
    path.join(consumer, 'client-types.ts'),
    `import { IsometrikClient, IsometrikTokenError, scheduleTokenRefresh, tokenExpiresIn } from 'isometrik-token';
import type { TokenClaims, TokenRefreshHandle, TokenRefreshErrorInfo } from 'isometrik-token';
declare const process: { env: Record<string, string | undefined> };

const client = new IsometrikClient({
  apiKey: process.env.ISOMETRIK_API_KEY,
  apiSecret: process.env.ISOMETRIK_API_SECRET,
});
export async function handler(body: { roomName: string; participantName: string }): Promise<{ token: string }> {
  const token: string = await client.tokens.create({
    roomId: body.roomName,
    participantName: body.participantName,
    permissions: { canPublish: true, canSubscribe: true, canUpdateMetadata: true },
    expiresIn: '1h',
  });
  const claims: TokenClaims = await client.tokens.verify(token, { roomId: body.roomName });
  const left: number = tokenExpiresIn(token, { currentDate: new Date() });
  return { token: claims.sub + left };
}
export const handle: TokenRefreshHandle = scheduleTokenRefresh({
  token: 'x',
  refresh: async () => 'y',
  margin: '1m',
  onToken: async (token: string) => void token,
  onError: (err: unknown, info: TokenRefreshErrorInfo) => void [err instanceof IsometrikTokenError && err.code, info.retryIn],
  retry: { initialDelay: 1, maxDelay: '30s', maxAttempts: 5, jitter: false },
});
handle.stop();
client.close();
// @ts-expect-error refresh must return a string
scheduleTokenRefresh({ token: 'x', refresh: async () => 42 });
`,
  );
  // In a page: a real AbortSignal is accepted.
  fs.writeFileSync(
    path.join(consumer, 'client-types-dom.ts'),
    `import { scheduleTokenRefresh } from 'isometrik-token';
scheduleTokenRefresh({ token: 'x', refresh: () => 'y', signal: new AbortController().signal }).stop();
`,
  );
  // Without the DOM lib (and without @types/node) the declarations must still compile.
  for (const [name, lib, files] of [
    ['tsconfig.client.json', ['es2022'], ['client-types.ts']],
    ['tsconfig.client-dom.json', ['es2022', 'dom'], ['client-types.ts', 'client-types-dom.ts']],
  ]) {
    fs.writeFileSync(
      path.join(consumer, name),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'preserve',
          moduleResolution: 'bundler',
          target: 'es2022',
          lib,
          noEmit: true,
          skipLibCheck: false,
          exactOptionalPropertyTypes: true,
          noUnusedLocals: true,
          verbatimModuleSyntax: true,
          types: [],
        },
        files,
      }),
    );
    await runOk(bin('tsc'), ['-p', name], { cwd: consumer, timeout: 90_000 });
  }
});

// ── refresh helpers ───────────────────────────────────────────────────────────────────────

/** A token issued at `iat` (seconds) living `ttl` seconds. */
const tokenAt = (iat, ttl = 3600, participantName = 'p') =>
  iso.createToken({
    apiKey: KEY,
    apiSecret: SECRET,
    roomId: 'r',
    participantName,
    expiresIn: ttl,
    currentDate: at(iat),
  });
/** A token with an arbitrary payload (decodes; its signature is junk). */
const rawToken = (payload) =>
  `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${'A'.repeat(43)}`;

test('tokenExpiresIn: exp - floor(now) in seconds, zero or negative once expired', () => {
  const token = tokenAt(T0, 3600);
  assert.equal(iso.tokenExpiresIn(token, { currentDate: at(T0) }), 3600);
  assert.equal(iso.tokenExpiresIn(token, { currentDate: new Date(T0 * 1000 + 999) }), 3600); // same second
  assert.equal(iso.tokenExpiresIn(token, { currentDate: at(T0 + 3599) }), 1);
  assert.equal(iso.tokenExpiresIn(token, { currentDate: at(T0 + 3600) }), 0);
  assert.equal(iso.tokenExpiresIn(token, { currentDate: new Date((T0 + 3630.5) * 1000) }), -30);
  // Default clock: now.
  const fresh = tokenAt(Math.floor(Date.now() / 1000), 600);
  assert.ok(Math.abs(iso.tokenExpiresIn(fresh) - 600) <= 2);
  // Decode only: a token signed with any secret, or none, still tells its expiry.
  assert.equal(iso.tokenExpiresIn(rawToken({ exp: T0 + 5 }), { currentDate: at(T0) }), 5);

  assert.throws(() => iso.tokenExpiresIn('nope'), isTokenError('ERR_MALFORMED_TOKEN'));
  assert.throws(() => iso.tokenExpiresIn(42), isTokenError('ERR_INVALID_OPTIONS', { field: 'token' }));
  assert.throws(() => iso.tokenExpiresIn(rawToken({ sub: 'p' })), isTokenError('ERR_CLAIM_INVALID', { claim: 'exp' }));
  for (const exp of [1.5, '1800000000', -1, 253402300800]) {
    assert.throws(() => iso.tokenExpiresIn(rawToken({ exp })), isTokenError('ERR_CLAIM_INVALID', { claim: 'exp' }));
  }
  for (const currentDate of [T0, new Date(NaN), 'now']) {
    assert.throws(
      () => iso.tokenExpiresIn(token, { currentDate }),
      isTokenError('ERR_INVALID_OPTIONS', { field: 'currentDate' }),
    );
  }
  assert.throws(() => iso.tokenExpiresIn(token, 5), isTokenError('ERR_INVALID_OPTIONS', { field: 'options' }));
});

test('tokenExpiresIn: a Date from another realm works (as in createToken); fake Dates are ERR_INVALID_OPTIONS', () => {
  const token = tokenAt(T0, 3600);
  const foreign = vm.runInNewContext(`new Date(${(T0 + 600) * 1000})`);
  assert.equal(foreign instanceof Date, false);
  assert.equal(iso.tokenExpiresIn(token, { currentDate: foreign }), 3000);
  // createToken takes the same Date: the two functions agree.
  assert.equal(
    iso.decodeToken(
      iso.createToken({ apiKey: KEY, apiSecret: SECRET, roomId: 'r', participantName: 'p', currentDate: foreign }),
    ).iat,
    T0 + 600,
  );
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const hostile = [
    { [Symbol.toStringTag]: 'Date' }, // looks like a Date to Object.prototype.toString
    new Proxy(new Date(), {
      get() {
        throw new Error('trap');
      },
    }),
    new Proxy(new Date(), {}), // a Proxy is not a Date: getTime refuses it
    Object.create(Date.prototype),
    vm.runInNewContext('new Date(NaN)'),
  ];
  for (const currentDate of hostile) {
    assert.throws(
      () => iso.tokenExpiresIn(token, { currentDate }),
      isTokenError('ERR_INVALID_OPTIONS', { field: 'currentDate' }),
    );
  }
  const getter = {
    get currentDate() {
      throw new Error("the caller's error");
    },
  };
  assert.throws(() => iso.tokenExpiresIn(token, getter), isTokenError('ERR_INVALID_OPTIONS', { field: 'currentDate' }));
  assert.throws(
    () => iso.tokenExpiresIn(token, revoked.proxy),
    isTokenError('ERR_INVALID_OPTIONS', { field: 'options' }),
  );
});

test('option errors have one shape everywhere: invalid option `field`: reason (with .field)', async () => {
  const token = tokenAt(T0);
  const refresh = async () => token;
  const errors = [];
  const capture = (fn) => {
    try {
      fn();
    } catch (err) {
      errors.push(err);
      return;
    }
    assert.fail(`did not throw: ${fn}`);
  };
  capture(() => iso.createToken({ apiKey: KEY, apiSecret: SECRET, participantName: 'p' })); // token.js
  capture(() => iso.tokenExpiresIn(token, { currentDate: 'now' })); // refresh.js
  capture(() => iso.scheduleTokenRefresh({ token, refresh, margin: -1 }));
  capture(() => iso.scheduleTokenRefresh({ token, refresh, margin: '5 parsecs' }));
  capture(() => iso.scheduleTokenRefresh({ token, refresh: 1 }));
  capture(() => iso.scheduleTokenRefresh({ token, refresh, retry: { initialDelay: 1e-9 } }));
  capture(() => new iso.IsometrikClient(null)); // client.js
  await withEnv(ENV(undefined, undefined), () => capture(() => new iso.IsometrikClient()));
  const client = new iso.IsometrikClient({ apiKey: KEY, apiSecret: SECRET });
  client.close();
  await client.tokens.create({ roomId: 'r', participantName: 'p' }).catch((err) => errors.push(err));
  assert.equal(errors.length, 9);
  for (const err of errors) {
    assert.ok(err instanceof iso.IsometrikTokenError, String(err));
    assert.ok(['ERR_INVALID_OPTIONS', 'ERR_INVALID_DURATION'].includes(err.code), err.code);
    assert.equal(typeof err.field, 'string');
    assert.ok(err.message.startsWith(`invalid option \`${err.field}\`: `), `${err.field}: ${err.message}`);
  }
  assert.deepEqual(
    errors.map((e) => e.field),
    ['roomId', 'currentDate', 'margin', 'margin', 'refresh', 'retry.initialDelay', 'options', 'apiKey', 'client'],
  );
});

/**
 * Mock timers (setTimeout and Date) starting at `start` seconds. `advance(seconds)` moves the
 * clock from one due timer to the next, letting the promise chains each timer starts settle
 * (so a retry armed by a failed refresh fires within the same advance, as on a real clock).
 * Every setTimeout delay is recorded in `delays`.
 */
function fakeClock(t, start = T0) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: start * 1000 });
  const mockedSet = globalThis.setTimeout;
  const mockedClear = globalThis.clearTimeout;
  const delays = [];
  const pending = new Map(); // timer -> due (ms)
  globalThis.setTimeout = (fn, ms, ...args) => {
    delays.push(ms);
    const timer = mockedSet(
      (...a) => {
        pending.delete(timer);
        fn(...a);
      },
      ms,
      ...args,
    );
    pending.set(timer, Date.now() + Math.max(1, ms));
    return timer;
  };
  globalThis.clearTimeout = (timer) => {
    pending.delete(timer);
    mockedClear(timer);
  };
  // Runs after the test; then node:test restores the real timers.
  t.after(() => {
    globalThis.setTimeout = mockedSet;
    globalThis.clearTimeout = mockedClear;
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    delays,
    pending,
    now: () => Math.floor(Date.now() / 1000),
    async advance(seconds) {
      const target = Date.now() + Math.max(1, Math.round(seconds * 1000));
      await settle();
      for (;;) {
        const next = Math.min(target, ...pending.values());
        t.mock.timers.tick(Math.max(0, next - Date.now()));
        await settle();
        if (next >= target) break;
      }
    },
    settle,
  };
}

test('scheduleTokenRefresh: refreshes `margin` before exp, hands the new token to onToken, reschedules', async (t) => {
  const clock = fakeClock(t);
  const refreshedAt = [];
  const received = [];
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 300), // expires at T0+300
    margin: '1m',
    refresh: async () => {
      refreshedAt.push(clock.now());
      return tokenAt(clock.now(), 300, `p${refreshedAt.length}`);
    },
    onToken: (token) => received.push(token),
  });
  assert.equal(handle.expiresAt.getTime(), (T0 + 300) * 1000);
  await clock.advance(239);
  assert.deepEqual(refreshedAt, []);
  await clock.advance(1);
  assert.deepEqual(refreshedAt, [T0 + 240]);
  assert.equal(received.length, 1);
  assert.equal(handle.token, received[0]);
  assert.equal(iso.decodeToken(handle.token).sub, 'p1');
  assert.equal(handle.expiresAt.getTime(), (T0 + 540) * 1000);
  await clock.advance(240);
  assert.deepEqual(refreshedAt, [T0 + 240, T0 + 480]);
  handle.stop();
  await clock.advance(3600);
  assert.equal(refreshedAt.length, 2, 'no refresh after stop()');
  assert.equal(handle.stopped, true);
});

test('scheduleTokenRefresh: timers never exceed 2^31-1 ms (a token valid for 60 days)', async (t) => {
  const clock = fakeClock(t);
  const token = rawToken({ exp: T0 + 60 * 86_400 });
  let refreshes = 0;
  const handle = iso.scheduleTokenRefresh({
    token,
    margin: 0,
    refresh: async () => {
      refreshes++;
      return tokenAt(clock.now(), 3600);
    },
  });
  await clock.advance(60 * 86_400 - 1);
  assert.equal(refreshes, 0);
  await clock.advance(1);
  assert.equal(refreshes, 1);
  assert.ok(clock.delays.length >= 3, 'the 60-day wait was split');
  assert.ok(
    clock.delays.every((ms) => ms >= 0 && ms <= 2 ** 31 - 1),
    `delays: ${clock.delays}`,
  );
  handle.stop();
});

test('scheduleTokenRefresh: exponential backoff on failure, then back to the normal schedule', async (t) => {
  const clock = fakeClock(t);
  const failures = [];
  let calls = 0;
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 120),
    margin: '1m',
    retry: { initialDelay: '1s', maxDelay: '4s', jitter: false },
    refresh: async () => {
      calls++;
      if (calls <= 4) throw new Error(`HTTP 503 #${calls}`);
      return tokenAt(clock.now(), 3600);
    },
    onError: (err, info) => failures.push({ at: clock.now(), message: err.message, ...info }),
  });
  await clock.advance(60); // T0+60: first attempt fails
  await clock.advance(1 + 2 + 4); // retries at +1, +2 (cumulative 3), +4 (cumulative 7)
  assert.deepEqual(
    failures.map(({ at: when, attempt, retryIn, expiresIn }) => ({ when, attempt, retryIn, expiresIn })),
    [
      { when: T0 + 60, attempt: 1, retryIn: 1, expiresIn: 60 },
      { when: T0 + 61, attempt: 2, retryIn: 2, expiresIn: 59 },
      { when: T0 + 63, attempt: 3, retryIn: 4, expiresIn: 57 },
      { when: T0 + 67, attempt: 4, retryIn: 4, expiresIn: 53 }, // capped at maxDelay
    ],
  );
  assert.equal(calls, 4);
  await clock.advance(4);
  assert.equal(calls, 5, 'the fifth attempt succeeds');
  assert.equal(iso.tokenExpiresIn(handle.token), 3600);
  await clock.advance(3600 - 60 - 1);
  assert.equal(calls, 5);
  await clock.advance(1);
  assert.equal(calls, 6, 'the failure count was reset: normal schedule again');
  handle.stop();
});

test('scheduleTokenRefresh: jitter keeps each retry within [delay/2, delay]', async (t) => {
  const clock = fakeClock(t);
  const retries = [];
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 60),
    margin: '1m', // due at once
    retry: { initialDelay: 8, maxDelay: 64 },
    refresh: () => {
      throw new Error('down');
    },
    onError: (_err, info) => retries.push(info.retryIn),
  });
  await clock.advance(0.001);
  for (let i = 0; i < 6; i++) await clock.advance(64);
  assert.ok(retries.length >= 4);
  retries.forEach((retryIn, k) => {
    const base = Math.min(64, 8 * 2 ** k);
    assert.ok(retryIn >= base / 2 && retryIn <= base, `retry ${k}: ${retryIn} not in [${base / 2}, ${base}]`);
  });
  handle.stop();
});

test('scheduleTokenRefresh: maxAttempts gives up (retryIn null) and stops', async (t) => {
  const clock = fakeClock(t);
  const infos = [];
  let calls = 0;
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 60),
    margin: 0,
    retry: { initialDelay: 1, maxAttempts: 2, jitter: false },
    refresh: async () => {
      calls++;
      throw new Error('down');
    },
    onError: (_err, info) => infos.push(info),
  });
  await clock.advance(60);
  await clock.advance(1);
  assert.deepEqual(
    infos.map((i) => i.retryIn),
    [1, null],
  );
  assert.equal(handle.stopped, true);
  await clock.advance(600);
  assert.equal(calls, 2);
});

test('scheduleTokenRefresh: what refresh() returns is checked; a failing onToken counts as a failure', async (t) => {
  const clock = fakeClock(t);
  const errors = [];
  const returns = [
    () => 42, // not a string
    () => 'garbage', // not a token
    () => rawToken({ sub: 'no-exp' }),
    () => tokenAt(T0 - 7200, 3600), // already expired
    () => tokenAt(clock.now(), 3600, 'reject-me'), // onToken throws
    () => tokenAt(clock.now(), 3600, 'good'),
  ];
  const first = tokenAt(T0, 60);
  const handle = iso.scheduleTokenRefresh({
    token: first,
    margin: 0,
    retry: { initialDelay: 1, maxDelay: 1, jitter: false },
    refresh: async () => returns.shift()(),
    onToken: (token) => {
      if (iso.decodeToken(token).sub === 'reject-me') throw new Error('room.updateToken failed');
    },
    onError: (err) => errors.push(err.code ?? err.message),
  });
  await clock.advance(60);
  for (let i = 0; i < 5; i++) await clock.advance(1);
  assert.deepEqual(errors, [
    'ERR_INVALID_OPTIONS',
    'ERR_MALFORMED_TOKEN',
    'ERR_CLAIM_INVALID',
    'ERR_EXPIRED',
    'room.updateToken failed',
  ]);
  assert.equal(iso.decodeToken(handle.token).sub, 'good');
  handle.stop();
});

test('scheduleTokenRefresh: short-lived tokens are refreshed halfway, never in a tight loop', async (t) => {
  const clock = fakeClock(t);
  let calls = 0;
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 30), // 30 s token, margin 1 min
    margin: '1m',
    refresh: async () => {
      calls++;
      return tokenAt(clock.now(), 30);
    },
  });
  await clock.advance(14);
  assert.equal(calls, 0);
  await clock.advance(1);
  assert.equal(calls, 1); // at +15 s
  await clock.advance(120);
  assert.equal(calls, 9); // every 15 s
  handle.stop();
});

test('scheduleTokenRefresh: tokens that come back already expiring back off instead of looping', async (t) => {
  const clock = fakeClock(t);
  let calls = 0;
  let healthy = false;
  const received = [];
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 1), // 1 s token, margin 1 min
    retry: { jitter: false }, // initialDelay 1 s, maxDelay 60 s
    // Each new token has less than 1 s left (exp = the current whole second + 1).
    refresh: async () => {
      calls++;
      return tokenAt(clock.now(), healthy ? 3600 : 1);
    },
    onToken: (token) => received.push(token),
  });
  await clock.advance(3);
  assert.equal(calls, 2, 'at +0.5 s (halfway), then +1.5 s (1 s later): not 28 calls in 3 s');
  await clock.advance(57);
  // +0.5, +1.5, +3.5, +7.5, +15.5, +31.5: the wait doubles while such tokens keep coming.
  assert.equal(calls, 6);
  assert.equal(received.length, 6, 'each token is still handed over: a short token beats none');
  healthy = true;
  await clock.advance(4); // +63.5: a healthy token ends the backoff
  assert.equal(calls, 7);
  await clock.advance(3538); // T0+3602
  assert.equal(calls, 7);
  healthy = false;
  await clock.advance(1); // T0+3603, a margin before its exp; the next short token starts from 1 s again
  assert.equal(calls, 8);
  await clock.advance(1);
  assert.equal(calls, 9);
  handle.stop();

  // With jitter (the default) the count stays as small: every wait is at least 1 s, doubling.
  let jittered = 0;
  const again = iso.scheduleTokenRefresh({
    token: tokenAt(clock.now(), 1),
    refresh: async () => {
      jittered++;
      return tokenAt(clock.now(), 1);
    },
  });
  await clock.advance(60);
  assert.ok(jittered >= 6 && jittered <= 8, `${jittered} refreshes in 60 s`);
  again.stop();
});

test('scheduleTokenRefresh: an expired first token is refreshed at once', async (t) => {
  const clock = fakeClock(t);
  let calls = 0;
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0 - 7200),
    refresh: async () => {
      calls++;
      return tokenAt(clock.now());
    },
  });
  await clock.advance(0.001);
  assert.equal(calls, 1);
  handle.stop();
});

test('scheduleTokenRefresh: stop() discards a refresh in flight; an AbortSignal stops it too', async (t) => {
  const clock = fakeClock(t);
  let release;
  const onToken = t.mock.fn();
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 120),
    refresh: () => new Promise((resolve) => (release = resolve)),
    onToken,
  });
  await clock.advance(60);
  assert.equal(typeof release, 'function', 'refresh started');
  handle.stop();
  release(tokenAt(clock.now()));
  await clock.settle();
  assert.equal(onToken.mock.callCount(), 0);
  assert.equal(iso.tokenExpiresIn(handle.token), 60, 'still the first token');

  const controller = new AbortController();
  const refresh = t.mock.fn(async () => tokenAt(clock.now()));
  const viaSignal = iso.scheduleTokenRefresh({ token: tokenAt(clock.now(), 120), refresh, signal: controller.signal });
  controller.abort();
  assert.equal(viaSignal.stopped, true);
  await clock.advance(600);
  assert.equal(refresh.mock.callCount(), 0);
  const aborted = AbortSignal.abort();
  assert.equal(iso.scheduleTokenRefresh({ token: tokenAt(clock.now()), refresh, signal: aborted }).stopped, true);
});

test('scheduleTokenRefresh: refreshNow() joins a refresh in flight, rejects on failure and once stopped', async (t) => {
  const clock = fakeClock(t);
  let calls = 0;
  let fail = false;
  const errors = [];
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 3600),
    refresh: async () => {
      calls++;
      if (fail) throw new Error('down');
      return tokenAt(clock.now(), 3600, `p${calls}`);
    },
    onError: (err) => errors.push(err.message),
    retry: { jitter: false },
  });
  const [a, b] = [handle.refreshNow(), handle.refreshNow()];
  assert.equal(await a, await b);
  assert.equal(calls, 1);
  assert.equal(handle.token, await a);
  fail = true;
  await assert.rejects(handle.refreshNow(), /down/);
  assert.deepEqual(errors, ['down'], 'onError hears about it too');
  fail = false;
  await clock.advance(1); // the retry after 1 s succeeds
  assert.equal(calls, 3);
  handle.stop();
  await assert.rejects(handle.refreshNow(), { name: 'AbortError' });
  assert.equal(typeof handle[Symbol.dispose], 'function');
});

test('scheduleTokenRefresh: a throwing onError does not break the schedule', async (t) => {
  const clock = fakeClock(t);
  let calls = 0;
  const handle = iso.scheduleTokenRefresh({
    token: tokenAt(T0, 60),
    margin: 0,
    retry: { initialDelay: 1, jitter: false },
    refresh: async () => {
      calls++;
      if (calls === 1) throw new Error('down');
      return tokenAt(clock.now());
    },
    onError: () => {
      throw new Error('bug in onError');
    },
  });
  await clock.advance(61);
  assert.equal(calls, 2);
  assert.equal(iso.tokenExpiresIn(handle.token), 3600);
  handle.stop();
});

test('scheduleTokenRefresh: bad options throw at once with the field', () => {
  const token = tokenAt(T0);
  const refresh = async () => token;
  const cases = [
    [undefined, 'ERR_INVALID_OPTIONS', 'options'],
    [{ token }, 'ERR_INVALID_OPTIONS', 'refresh'],
    [{ token, refresh, onToken: 'x' }, 'ERR_INVALID_OPTIONS', 'onToken'],
    [{ token, refresh, onError: 1 }, 'ERR_INVALID_OPTIONS', 'onError'],
    [{ token, refresh, margin: -1 }, 'ERR_INVALID_OPTIONS', 'margin'],
    [{ token, refresh, margin: '5 parsecs' }, 'ERR_INVALID_DURATION', 'margin'],
    [{ token, refresh, retry: 3 }, 'ERR_INVALID_OPTIONS', 'retry'],
    [{ token, refresh, retry: { initialDelay: NaN } }, 'ERR_INVALID_OPTIONS', 'retry.initialDelay'],
    [{ token, refresh, retry: { initialDelay: 0 } }, 'ERR_INVALID_OPTIONS', 'retry.initialDelay'],
    // Below the documented minimum of 0.1 s: a tight retry loop in all but name.
    [{ token, refresh, retry: { initialDelay: 1e-9 } }, 'ERR_INVALID_OPTIONS', 'retry.initialDelay'],
    [{ token, refresh, retry: { initialDelay: 0.099 } }, 'ERR_INVALID_OPTIONS', 'retry.initialDelay'],
    [{ token, refresh, retry: { initialDelay: -1 } }, 'ERR_INVALID_OPTIONS', 'retry.initialDelay'],
    [
      {
        token,
        refresh,
        get onToken() {
          throw new Error('boom');
        },
      },
      'ERR_INVALID_OPTIONS',
      'onToken',
    ],
    [
      {
        token,
        refresh,
        retry: {
          get jitter() {
            throw new Error('boom');
          },
        },
      },
      'ERR_INVALID_OPTIONS',
      'retry.jitter',
    ],
    [
      {
        token,
        refresh,
        signal: {
          get addEventListener() {
            throw new Error('boom');
          },
        },
      },
      'ERR_INVALID_OPTIONS',
      'signal',
    ],
    [{ token, refresh, retry: { maxAttempts: 0 } }, 'ERR_INVALID_OPTIONS', 'retry.maxAttempts'],
    [{ token, refresh, retry: { jitter: 'yes' } }, 'ERR_INVALID_OPTIONS', 'retry.jitter'],
    [{ token, refresh, unref: 1 }, 'ERR_INVALID_OPTIONS', 'unref'],
    [{ token, refresh, signal: {} }, 'ERR_INVALID_OPTIONS', 'signal'],
  ];
  for (const [options, code, field] of cases) {
    // (util.inspect, not JSON.stringify: some cases have getters that throw.)
    assert.throws(() => iso.scheduleTokenRefresh(options), isTokenError(code, { field }), util.inspect(options));
  }
  // The minimum itself is fine.
  iso.scheduleTokenRefresh({ token, refresh, retry: { initialDelay: 0.1 } }).stop();
  assert.throws(() => iso.scheduleTokenRefresh({ token: 'garbage', refresh }), isTokenError('ERR_MALFORMED_TOKEN'));
  assert.throws(() => iso.scheduleTokenRefresh({ refresh }), isTokenError('ERR_INVALID_OPTIONS', { field: 'token' }));
});

test('scheduleTokenRefresh never keeps the process alive (Node, Deno, Bun)', { timeout: 60_000 }, async () => {
  const script = path.join(consumer, 'refresh-exit.mjs');
  const token = tokenAt(Math.floor(Date.now() / 1000), 3600);
  fs.writeFileSync(
    script,
    `import { scheduleTokenRefresh } from 'isometrik-token';
const handle = scheduleTokenRefresh({ token: ${JSON.stringify(token)}, refresh: async () => { throw new Error('never'); } });
console.log(handle.stopped ? 'stopped' : 'scheduled');
`,
  );
  for (const [command, args] of [
    [process.execPath, [script]],
    [bin('deno'), ['run', '--no-prompt', '--allow-read', script]],
    [bin('bun'), [script]],
  ]) {
    const started = Date.now();
    const { stdout } = await runOk(command, args, { cwd: consumer, timeout: 20_000 });
    assert.equal(stdout.trim(), 'scheduled');
    assert.ok(Date.now() - started < 15_000, `${path.basename(command)} took ${Date.now() - started} ms to exit`);
  }
});

// ── the README's refresh example (the Isometrik docs' room.on('tokenExpiring') flow), verbatim ─────
// Read from README.md (the block that calls scheduleTokenRefresh), without its import line:
// the test hands scheduleTokenRefresh in, with a stand-in `room`, `fetch` and `console`.
const README_REFRESH = (() => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = extractBlocks(readme, 'README.md').filter((b) => b.code.includes('scheduleTokenRefresh({'));
  assert.equal(blocks.length, 1, 'one README block calls scheduleTokenRefresh');
  const [imports, ...rest] = blocks[0].code.split('\n');
  assert.match(imports, /^import \{ scheduleTokenRefresh, tokenExpiresIn \} from 'isometrik-token';$/);
  return rest.join('\n');
})();

test("the README refresh example, against the Isometrik docs' server handler, under a fake clock", async (t) => {
  const handler = await withEnv(ENV(KEY, SECRET), () => loadSeedHandler());
  const clock = fakeClock(t);
  const sendStatus = [];
  // fetch -> the Isometrik docs' Express handler (or a 503 when told to).
  const fetch = async (url, init) => {
    assert.equal(url, '/api/token');
    assert.equal(init.method, 'POST');
    assert.equal(init.headers['Content-Type'], 'application/json');
    if (sendStatus.length) return { ok: false, status: sendStatus.shift(), json: async () => ({}) };
    const body = await callHandler(handler, JSON.parse(init.body));
    return { ok: true, status: 200, json: async () => body };
  };
  const listeners = {};
  const room = {
    name: 'daily-standup',
    localParticipant: { identity: 'alice' },
    tokens: [],
    async updateToken(token) {
      this.tokens.push(token);
    },
    on(event, fn) {
      listeners[event] = fn;
    },
    emit(event) {
      return listeners[event]();
    },
  };
  const warnings = [];
  const console = { warn: (message) => warnings.push(message) };
  const token = await callHandler(handler, { roomName: 'daily-standup', participantName: 'alice' }).then(
    (b) => b.token,
  );

  const start = new Function(
    'scheduleTokenRefresh',
    'fetch',
    'room',
    'token',
    'console',
    `${README_REFRESH}\nreturn refresher;`,
  );
  const refresher = start(iso.scheduleTokenRefresh, fetch, room, token, console);

  await clock.advance(59 * 60 - 1);
  assert.equal(room.tokens.length, 0);
  await clock.advance(1); // one minute before exp
  assert.equal(room.tokens.length, 1);
  const claims = iso.verifyToken(room.tokens[0], { apiSecret: SECRET, apiKey: KEY, roomId: 'daily-standup' });
  assert.equal(claims.sub, 'alice');
  assert.equal(claims.iat, T0 + 59 * 60);

  sendStatus.push(503); // the next refresh fails once, then the retry works
  await clock.advance(59 * 60);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /attempt 1\); next try in [\d.]+ s/);
  await clock.advance(1);
  assert.equal(room.tokens.length, 2);

  await room.emit('tokenExpiring');
  await clock.settle();
  assert.equal(room.tokens.length, 3, "'tokenExpiring' refreshed at once");

  room.emit('disconnected');
  assert.equal(refresher.stopped, true);
  await clock.advance(6 * 3600);
  assert.equal(room.tokens.length, 3);
});
