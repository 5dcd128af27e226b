// The token handler's whole contract (`isometrik-token/server`), as one script every server
// runtime runs: Node, Deno, Bun, workerd (tests/js/server-runtimes.test.mjs copies it into a
// consumer project with the packed package installed) and the Vercel Edge Runtime
// (server-edge.test.mjs). It imports the INSTALLED package by name,
// calls the handler with web Requests (no network) and returns
// { runtime, checks, failures, passed, total }. Runtime-neutral: no node:* imports.
import { IsometrikTokenError, PERMISSIONS, TokenSigner, decodeToken, verifyToken } from 'isometrik-token';
import { TokenRefusal, createTokenHandler, refuse } from 'isometrik-token/server';
import { randomRequests } from './random.mjs';

const API_KEY = 'server-contract-key';
/** A fresh secret per run (made in runContract: a Worker may not draw random numbers at load). */
let SECRET;
const URL_HTTPS = 'https://tokens.example.test/api/token';
const JSON_TYPE = { 'content-type': 'application/json' };
const DOCS_PERMISSIONS = { canPublish: true, canSubscribe: true, canUpdateMetadata: true };

export function detectRuntime() {
  const g = globalThis;
  if (typeof g.Deno !== 'undefined') return `deno ${g.Deno.version.deno}`;
  if (typeof g.Bun !== 'undefined') return `bun ${g.Bun.version}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (typeof g.EdgeRuntime === 'string') return `edge-runtime (${g.EdgeRuntime})`;
  if (typeof g.process?.versions?.node === 'string') return `node ${g.process.versions.node}`;
  return 'unknown';
}

class CheckFailed extends Error {}
const fail = (message) => {
  throw new CheckFailed(message);
};
const equal = (actual, expected, what) => {
  if (actual !== expected) fail(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
};
const same = (actual, expected, what) => equal(JSON.stringify(actual), JSON.stringify(expected), what);

/** A handler whose authorize is `decide(request, body)` (default: the body's names, docs' permissions). */
function handler(options = {}) {
  const lines = [];
  const h = createTokenHandler({
    apiKey: API_KEY,
    apiSecret: SECRET,
    authorize: (_request, body) => ({
      identity: body.participantName,
      room: body.roomName,
      permissions: DOCS_PERMISSIONS,
    }),
    log: (line) => lines.push(line),
    ...options,
  });
  h.lines = lines;
  return h;
}

const post = (body, { headers = JSON_TYPE, url = URL_HTTPS } = {}) =>
  new Request(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const good = { roomName: 'daily-standup', participantName: 'alice' };

/** Every response seen, as text, for the no-secret check. */
const seen = [];
async function call(h, request) {
  const response = await h(request);
  const text = await response.text();
  seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { response, body, text };
}

async function expectError(h, request, status, code, field) {
  const { response, body, text } = await call(h, request);
  equal(response.status, status, `status (${text})`);
  equal(response.headers.get('cache-control'), 'no-store', 'cache-control');
  if (!/^application\/json/.test(response.headers.get('content-type') ?? '')) fail('error is not JSON');
  equal(body?.code, code, 'code');
  equal(typeof body.error, 'string', 'error message');
  equal(body.field, field, 'field');
  if ('token' in body) fail('an error carries a token');
  return { response, body };
}

const claimsOf = (token) => verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY });

function expectThrows(fn, code, field, what) {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof IsometrikTokenError)) fail(`${what}: threw ${error?.name}, not IsometrikTokenError`);
    equal(error.code, code, `${what}: code`);
    if (field !== undefined) equal(error.field, field, `${what}: field`);
    return error;
  }
  return fail(`${what}: did not throw`);
}

const CHECKS = {
  'constructing without authorize says why (IsometrikTokenError, ERR_INVALID_OPTIONS)': () => {
    const error = expectThrows(
      () => createTokenHandler({ apiKey: API_KEY, apiSecret: SECRET }),
      'ERR_INVALID_OPTIONS',
      'authorize',
      'no authorize',
    );
    if (!/authorize.*required/.test(error.message) || !/anyone/.test(error.message)) fail(`message: ${error.message}`);
    expectThrows(() => createTokenHandler(), 'ERR_INVALID_OPTIONS', 'options', 'no options');
    expectThrows(() => handler({ authorize: true }), 'ERR_INVALID_OPTIONS', 'authorize', 'authorize not a function');
  },
  'bad options are refused when the handler is made': () => {
    const signer = new TokenSigner({ apiKey: API_KEY, apiSecret: SECRET });
    expectThrows(() => handler({ signer }), 'ERR_INVALID_OPTIONS', 'signer', 'signer and a secret');
    expectThrows(() => handler({ apiSecret: 'short' }), 'ERR_WEAK_SECRET', undefined, 'weak secret');
    expectThrows(() => handler({ apiKey: undefined }), 'ERR_INVALID_OPTIONS', 'apiKey', 'no apiKey');
    expectThrows(() => handler({ maxBodyBytes: 0 }), 'ERR_INVALID_OPTIONS', 'maxBodyBytes', 'maxBodyBytes 0');
    expectThrows(() => handler({ defaultExpiresIn: '7h' }), 'ERR_INVALID_OPTIONS', 'defaultExpiresIn', 'default > max');
    expectThrows(() => handler({ maxExpiresIn: 'forever' }), 'ERR_INVALID_OPTIONS', 'maxExpiresIn', 'bad duration');
    expectThrows(() => handler({ trustProxy: 'yes' }), 'ERR_INVALID_OPTIONS', 'trustProxy', 'trustProxy');
    expectThrows(() => handler({ path: 'api/token' }), 'ERR_INVALID_OPTIONS', 'path', 'relative path');
    expectThrows(() => handler({ maxExpiresin: '1h' }), 'ERR_INVALID_OPTIONS', 'maxExpiresin', 'a misspelt option');
  },
  'a grant becomes a token with exactly its claims, 1 h, no-store': async () => {
    const { response, body, text } = await call(handler(), post(good));
    equal(response.status, 200, `status (${text})`);
    equal(response.headers.get('cache-control'), 'no-store', 'cache-control');
    same(Object.keys(body), ['token'], 'body keys');
    const claims = claimsOf(body.token);
    equal(claims.iss, API_KEY, 'iss');
    equal(claims.sub, 'alice', 'sub');
    equal(claims.room, 'daily-standup', 'room');
    same(claims.permissions, DOCS_PERMISSIONS, 'permissions');
    equal(claims.exp - claims.iat, 3600, 'lifetime');
  },
  'the body is only authorize’s input: the grant decides, permissions default to none': async () => {
    let seenBody;
    const h = handler({
      authorize: (_request, body) => {
        seenBody = body;
        return { identity: 'user-7', room: 'assigned-room', name: 'Ada', metadata: '{"team":1}' };
      },
    });
    const { response, body } = await call(h, post({ ...good, extra: [1] }));
    equal(response.status, 200, 'status');
    same(seenBody, { ...good, extra: [1] }, 'authorize got the body');
    const claims = claimsOf(body.token);
    same(
      [claims.sub, claims.room, claims.name, claims.metadata],
      ['user-7', 'assigned-room', 'Ada', '{"team":1}'],
      'claims',
    );
    for (const name of PERMISSIONS) if (claims.permissions?.[name]) fail(`permission ${name} granted by default`);
  },
  'authorize sees the request (headers) and may be async': async () => {
    const h = handler({
      authorize: async (request) =>
        request.headers.get('authorization') === 'Bearer letmein' ? { identity: 'bob', room: 'r' } : null,
    });
    equal((await call(h, post(good))).response.status, 403, 'without the header');
    const ok = await call(h, post(good, { headers: { ...JSON_TYPE, authorization: 'Bearer letmein' } }));
    equal(claimsOf(ok.body.token).sub, 'bob', 'sub');
  },
  'refusals: null/false → 403 ERR_FORBIDDEN; refuse() → its status, code, headers': async () => {
    for (const decision of [null, false]) {
      await expectError(handler({ authorize: () => decision }), post(good), 403, 'ERR_FORBIDDEN', undefined);
    }
    const custom = handler({
      authorize: () => {
        throw refuse('not a member of this room', { code: 'ERR_NOT_MEMBER' });
      },
    });
    const { body } = await expectError(custom, post(good), 403, 'ERR_NOT_MEMBER', undefined);
    equal(body.error, 'not a member of this room', 'message');
    const challenge = handler({
      authorize: () => {
        throw new TokenRefusal('sign in', {
          status: 401,
          code: 'ERR_UNAUTHENTICATED',
          headers: { 'www-authenticate': 'Basic realm="demo"', 'cache-control': 'max-age=60' },
        });
      },
    });
    const { response } = await expectError(challenge, post(good), 401, 'ERR_UNAUTHENTICATED', undefined);
    equal(response.headers.get('www-authenticate'), 'Basic realm="demo"', 'www-authenticate');
  },
  'authorize throwing, or returning no grant, is a 500 without details, and logged': async () => {
    const cases = [
      () => {
        throw new Error('database down at db.internal:5432');
      },
      () => undefined,
      () => 'yes',
      () => ({ identity: 'a', room: 'r', permission: { canPublish: true } }),
      () => ({ room: 'r' }),
      () => ({ identity: 'a', room: 42 }),
      () => ({ identity: 'a', room: 'r', permissions: { canFly: true } }),
      () => ({ identity: 'a', room: '   ' }), // blank, and not from the request
    ];
    for (const authorize of cases) {
      const h = handler({ authorize });
      const { body } = await expectError(h, post(good), 500, 'ERR_INTERNAL', undefined);
      same(Object.keys(body), ['error', 'code'], 'nothing else in a 500');
      equal(h.lines.length, 1, `one log line for ${authorize}`);
    }
  },
  'the request’s own bad roomName/participantName passed on → 400 naming the field': async () => {
    const h = handler();
    for (const [request, field] of [
      [{ roomName: '  ', participantName: 'alice' }, 'roomName'],
      [{ roomName: 'r'.repeat(257), participantName: 'alice' }, 'roomName'],
      [{ roomName: 'r', participantName: 'al\nice' }, 'participantName'],
    ]) {
      const { body } = await expectError(h, post(request), 400, 'ERR_INVALID_OPTIONS', field);
      if (!body.error.startsWith(field) || body.error.includes('roomId')) fail(`message: ${body.error}`);
    }
    for (const [request, field] of [
      [{ roomName: 42, participantName: 'a' }, 'roomName'],
      [{ roomName: 'r', participantName: null }, 'participantName'],
    ]) {
      await expectError(h, post(request), 400, 'ERR_BAD_REQUEST', field);
    }
  },
  'lifetime: default 1 h, a grant’s own, capped at 6 h unless configured': async () => {
    const withLife = (expiresIn, options) =>
      handler({ authorize: () => ({ identity: 'a', room: 'r', expiresIn }), ...options });
    const life = async (h) => {
      const { body } = await call(h, post(good));
      if (!body.token) return body.code;
      const claims = claimsOf(body.token);
      return claims.exp - claims.iat;
    };
    equal(await life(withLife(undefined)), 3600, 'default');
    equal(await life(withLife('2h')), 7200, '2h');
    equal(await life(withLife('6h')), 21600, '6h');
    equal(await life(withLife('7h')), 'ERR_INTERNAL', '7h over the cap');
    equal(await life(withLife('7h', { maxExpiresIn: '12h' })), 25200, '7h under a configured cap');
    equal(await life(withLife(undefined, { defaultExpiresIn: '30m' })), 1800, 'configured default');
    const signer = new TokenSigner({ apiKey: API_KEY, apiSecret: SECRET }); // its own cap is 24 h
    const viaSigner = createTokenHandler({
      signer,
      authorize: () => ({ identity: 'a', room: 'r', expiresIn: '7h' }),
      log() {},
    });
    equal(await life(viaSigner), 'ERR_INTERNAL', 'the handler’s cap holds with a signer too');
  },
  '405 with Allow: POST for other methods': async () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const hasBody = !['GET', 'HEAD'].includes(method);
      const request = new Request(URL_HTTPS, {
        method,
        headers: JSON_TYPE,
        body: hasBody ? JSON.stringify(good) : null,
      });
      const response = await handler()(request);
      equal(response.status, 405, method);
      equal(response.headers.get('allow'), 'POST', 'allow');
      equal(response.headers.get('cache-control'), 'no-store', 'cache-control');
    }
  },
  'JSON as application/json or text/plain (what a browser sends for a string), with a UTF-8 charset': async () => {
    const h = handler();
    for (const type of [
      'application/json',
      'Application/JSON; charset=UTF-8',
      'text/plain;charset=UTF-8',
      'text/plain',
    ]) {
      const { response } = await call(h, post(good, { headers: { 'content-type': type } }));
      equal(response.status, 200, type);
    }
    // (A string body with no type: browsers and Node's fetch send text/plain;charset=UTF-8, Bun's
    // Request leaves the type out. The servers' tests send it over HTTP, the docs' client snippet's test (seed-snippet.test.mjs)
    // from Chromium.)
  },
  '415 for any other type, or none': async () => {
    const h = handler();
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/json',
      'text/plainx',
      'application/json; charset=latin1',
      'text/plain; charset=utf-8; format=flowed',
    ]) {
      await expectError(
        h,
        post(good, { headers: { 'content-type': type } }),
        415,
        'ERR_UNSUPPORTED_MEDIA_TYPE',
        undefined,
      );
    }
    const bytes = new TextEncoder().encode(JSON.stringify(good));
    await expectError(
      h,
      new Request(URL_HTTPS, { method: 'POST', body: bytes }),
      415,
      'ERR_UNSUPPORTED_MEDIA_TYPE',
      undefined,
    );
  },
  '400 for a body that is not JSON, not an object, or not UTF-8': async () => {
    const h = handler();
    for (const raw of ['{"roomName":', '', '[1,2]', 'null', '"a string"', 'roomName=r']) {
      await expectError(h, post(raw), 400, 'ERR_BAD_REQUEST', undefined);
    }
    const latin1 = new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]);
    await expectError(
      h,
      new Request(URL_HTTPS, { method: 'POST', headers: JSON_TYPE, body: latin1 }),
      400,
      'ERR_BAD_REQUEST',
      undefined,
    );
  },
  '413 over the limit: declared, or while streaming (reading stops at the limit)': async () => {
    const h = handler();
    const big = JSON.stringify({ ...good, padding: 'x'.repeat(9 * 1024) });
    await expectError(h, post(big), 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
    const fits = JSON.stringify({ ...good, padding: 'x'.repeat(8 * 1024 - 100) });
    equal((await call(h, post(fits))).response.status, 200, 'just under 8 KiB');
    // A stream with no length that would go on for 1 MiB: refused after reading just past 8 KiB.
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    const stream = new ReadableStream({
      pull(controller) {
        if (pulled++ < 1024) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request(URL_HTTPS, { method: 'POST', headers: JSON_TYPE, body: stream, duplex: 'half' });
    await expectError(h, request, 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
    if (pulled > 16) fail(`read ${pulled} KiB of a stream before refusing it`);
    const small = handler({ maxBodyBytes: 64 });
    await expectError(small, post(good.roomName.padEnd(80)), 413, 'ERR_PAYLOAD_TOO_LARGE', undefined);
  },
  'plain HTTP only from loopback, or from a trusted proxy that says https': async () => {
    const h = handler();
    const at = (url, headers = {}) => post(good, { url, headers: { ...JSON_TYPE, ...headers } });
    for (const url of [
      'http://tokens.example.test/api/token',
      'http://10.0.0.1/api/token',
      'http://localhost.example/x',
    ]) {
      await expectError(h, at(url), 403, 'ERR_HTTPS_REQUIRED', undefined);
    }
    for (const url of [
      'http://localhost:8080/api/token',
      'http://127.0.0.1/api/token',
      'http://[::1]:3000/x',
      'http://app.localhost/x',
    ]) {
      equal((await call(h, at(url))).response.status, 200, url);
    }
    const plain = 'http://tokens.example.test/api/token';
    await expectError(h, at(plain, { 'x-forwarded-proto': 'https' }), 403, 'ERR_HTTPS_REQUIRED', undefined);
    const proxied = handler({ trustProxy: true });
    equal((await call(proxied, at(plain, { 'x-forwarded-proto': 'https' }))).response.status, 200, 'trusted proxy');
    await expectError(proxied, at(plain, { 'x-forwarded-proto': 'https, http' }), 403, 'ERR_HTTPS_REQUIRED', undefined);
    await expectError(proxied, at(plain), 403, 'ERR_HTTPS_REQUIRED', undefined);
    await expectError(
      h,
      at('http://127.0.0.1/x', { 'x-forwarded-proto': 'http' }),
      403,
      'ERR_HTTPS_REQUIRED',
      undefined,
    );
    // How next dev / next start mark a plain-HTTP request: allowed when every host is loopback.
    const local = { 'x-forwarded-proto': 'http', 'x-forwarded-host': 'localhost:3000' };
    equal((await call(h, at('http://localhost:3000/x', local))).response.status, 200, 'Next.js on localhost');
    for (const [url, forwardedHost] of [
      ['http://localhost:3000/x', 'tokens.example.test'],
      ['http://localhost:3000/x', 'localhost:3000, tokens.example.test'],
      ['http://tokens.example.test/x', 'localhost'],
      ['http://127.0.0.1/x', 'bad host/'],
    ]) {
      const headers = { 'x-forwarded-proto': 'http', 'x-forwarded-host': forwardedHost };
      await expectError(h, at(url, headers), 403, 'ERR_HTTPS_REQUIRED', undefined);
    }
  },
  'path: other paths are 404 when one is set, any path otherwise': async () => {
    const routed = handler({ path: '/api/token' });
    for (const p of ['/api/tokens', '/api/token/', '/']) {
      await expectError(routed, post(good, { url: `https://x.test${p}` }), 404, 'ERR_NOT_FOUND', undefined);
    }
    equal((await call(handler(), post(good, { url: 'https://x.test/anything' }))).response.status, 200, 'no path');
  },
  'randomized requests: no token that authorize did not grant, and exactly its claims': async () => {
    let decisions = 0;
    let tokens = 0;
    const cases = randomRequests(0x5eed, 400, { refuse, PERMISSIONS });
    const grants = new Map(); // case → what authorize returned for it
    const h = createTokenHandler({
      apiKey: API_KEY,
      apiSecret: SECRET,
      log() {},
      authorize: (request) => {
        const c = cases[Number(request.headers.get('x-case'))];
        grants.set(c, c.decision);
        decisions++;
        if (c.decision instanceof Error) throw c.decision;
        return c.decision;
      },
    });
    for (const c of cases) {
      const { response, body } = await call(h, c.request);
      const granted = grants.has(c) ? grants.get(c) : 'not called';
      if (response.status === 200) {
        tokens++;
        const claims = claimsOf(body.token);
        const g = granted;
        if (g === null || typeof g !== 'object' || g instanceof Error)
          fail(`a token for a request authorize answered ${String(g)}`);
        same(
          [claims.sub, claims.room, claims.name, claims.metadata],
          [g.identity, g.room, g.name, g.metadata],
          'claims',
        );
        for (const name of PERMISSIONS)
          equal(Boolean(claims.permissions?.[name]), g.permissions?.[name] === true, name);
        equal(claims.exp - claims.iat, g.expiresIn ?? 3600, 'lifetime');
        same(decodeToken(body.token), claims, 'decoded');
      } else if (body?.token !== undefined) {
        fail(`status ${response.status} with a token`);
      }
      try {
        c.check(response.status, granted);
      } catch (error) {
        fail(error.message);
      }
    }
    if (tokens < 40 || decisions < 100) fail(`too few cases exercised: ${tokens} tokens, ${decisions} decisions`);
  },
  'no response carries the secret': () => {
    if (seen.length < 80) fail(`only ${seen.length} responses seen`);
    for (const text of seen) if (text.includes(SECRET)) fail(`a response carries the secret: ${text.slice(0, 200)}`);
  },
};

export async function runContract() {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0'));
  SECRET = `server-contract-secret-${hex.join('')}`;
  seen.length = 0;
  const failures = [];
  const checks = Object.keys(CHECKS);
  for (const [name, check] of Object.entries(CHECKS)) {
    try {
      await check();
    } catch (error) {
      failures.push(`${name}: ${error instanceof CheckFailed ? error.message : `${error?.name}: ${error?.message}`}`);
    }
  }
  return { runtime: detectRuntime(), checks, failures, passed: checks.length - failures.length, total: checks.length };
}
