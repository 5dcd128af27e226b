// The one conformance script every runtime runs (Node ESM and CJS, Deno, Bun, workerd,
// Chromium): it imports the INSTALLED package by name, exactly as a user would, and returns
// { runtime, passed, failed, total, failures, notes }. Runtime-agnostic: no node:* imports, no
// fs, no top-level await, no `using` syntax (Node 20 cannot parse it).
//
// tests/js/runtimes.test.mjs copies this file into throwaway consumer projects and derives the
// CommonJS twin from it (the `import * as api` line becomes a `require`, the `export` goes to
// module.exports), so keep exactly ONE import line and ONE `export function`.
//
// The golden token was computed independently of the package, with Python's standard library:
//   import base64, hashlib, hmac, json
//   b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
//   si = b64u(b'{"alg":"HS256","typ":"JWT"}') + "." + b64u(json.dumps(CLAIMS, separators=(",", ":")).encode())
//   token = si + "." + b64u(hmac.new(SECRET, si.encode(), hashlib.sha256).digest())
// with SECRET and CLAIMS below (NOW = 1700000000, exp = NOW + 3600).
import * as api from 'isometrik-token';

const API_KEY = 'APIkey123';
const SECRET = 'isometrik-golden-test-secret-0123456789';
const OTHER_SECRET = 'a-completely-different-secret-0123456789';
const NOW = 1_700_000_000;
const AT_NOW = new Date(NOW * 1000);
const CLAIMS = {
  iss: API_KEY,
  sub: 'alice',
  room: 'daily-standup',
  name: 'Alice',
  permissions: { canPublish: true, canSubscribe: true },
  iat: NOW,
  nbf: NOW,
  exp: NOW + 3600,
};
const GOLDEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
  'eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwibmFtZSI6IkFsaWNlIiwicGVybWlzc2lvbnMiOnsiY2FuUHVibGlzaCI6dHJ1ZSwiY2FuU3Vic2NyaWJlIjp0cnVlfSwiaWF0IjoxNzAwMDAwMDAwLCJuYmYiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.' +
  'XJ1myhZ6YWZbJsVX2wStxg9QF7QBvtT6MUPILnvv0ZM';
const PERMISSION_NAMES = ['canPublish', 'canSubscribe', 'canUpdateMetadata', 'canUpdateRoom', 'canRemoveParticipants'];
const ERROR_CODES = [
  'ERR_INVALID_OPTIONS',
  'ERR_WEAK_SECRET',
  'ERR_INVALID_DURATION',
  'ERR_TOKEN_TOO_LARGE',
  'ERR_MALFORMED_TOKEN',
  'ERR_UNSUPPORTED_ALG',
  'ERR_UNSUPPORTED_HEADER',
  'ERR_BAD_SIGNATURE',
  'ERR_EXPIRED',
  'ERR_NOT_YET_VALID',
  'ERR_CLAIM_INVALID',
  'ERR_ISSUER_MISMATCH',
  'ERR_ROOM_MISMATCH',
  'ERR_BROWSER_SECRET',
  'ERR_WASM_UNAVAILABLE',
];

/** Which runtime we are in (the test asserts it, so a run can't silently land elsewhere). */
export function detectRuntime() {
  const g = globalThis;
  if (typeof g.Deno !== 'undefined') return `deno ${g.Deno.version.deno}`;
  if (typeof g.Bun !== 'undefined') return `bun ${g.Bun.version}`;
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (typeof g.document !== 'undefined') return `browser ${g.navigator?.userAgent}`;
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return 'unknown';
}

class CheckFailed extends Error {}
function ok(value, message) {
  if (!value) throw new CheckFailed(message);
}
/** Deep equality through JSON, so member ORDER counts too (ours is fixed). */
function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  ok(a === e, `${what}: got ${a}, expected ${e}`);
}
function describe(err) {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * Runs every check against the installed package and returns a summary.
 * In a web page (`document` exists) secret-taking calls pass `dangerouslyAllowBrowser: true`,
 * and the browser guard itself is checked; elsewhere the guard must stay out of the way.
 */
export function runConformance() {
  const runtime = detectRuntime();
  const inPage = typeof globalThis.document !== 'undefined';
  const allow = inPage ? { dangerouslyAllowBrowser: true } : {};
  const results = [];
  const notes = [];
  const check = (name, fn) => {
    try {
      fn();
      results.push({ name, ok: true });
    } catch (err) {
      results.push({ name, ok: false, error: describe(err) });
    }
  };

  const signerOptions = { apiKey: API_KEY, apiSecret: SECRET, ...allow };
  const tokenOptions = {
    roomId: 'daily-standup',
    participantName: 'alice',
    name: 'Alice',
    permissions: { canPublish: true, canSubscribe: true },
    expiresIn: '1h',
    currentDate: AT_NOW,
  };
  const createOptions = { ...signerOptions, ...tokenOptions };
  const verifyOptions = { apiSecret: SECRET, currentDate: new Date((NOW + 60) * 1000), ...allow };

  /** Calls `fn`, which must throw an IsometrikTokenError with `code` (and `props`). */
  const throwsCode = (fn, code, props = {}) => {
    let thrown;
    try {
      fn();
    } catch (err) {
      thrown = err;
    }
    ok(thrown !== undefined, `expected ${code}, nothing was thrown`);
    ok(thrown instanceof api.IsometrikTokenError, `not an IsometrikTokenError: ${describe(thrown)}`);
    ok(thrown instanceof Error, 'not an Error');
    ok(thrown.name === 'IsometrikTokenError', `name is ${thrown.name}`);
    ok(thrown.code === code, `code is ${thrown.code}, expected ${code} (${thrown.message})`);
    ok(ERROR_CODES.includes(thrown.code), `unknown code ${thrown.code}`);
    ok(typeof thrown.message === 'string' && thrown.message.length > 0, 'empty message');
    ok(!thrown.message.includes(SECRET) && !thrown.message.includes(GOLDEN), 'message leaks a secret or token');
    ok(typeof thrown.stack === 'string', 'no stack');
    for (const [key, value] of Object.entries(props)) same(thrown[key], value, `.${key}`);
    return thrown;
  };
  /** After an error, the module must still work: the next call gives the golden token. */
  const stillWorks = () => same(api.createToken(createOptions), GOLDEN, 'createToken after an error');
  const errorCheck = (name, fn, code, props) =>
    check(name, () => {
      throwsCode(fn, code, props);
      stillWorks();
    });

  // --- The surface -------------------------------------------------------------------------
  check('exports', () => {
    for (const fn of ['createToken', 'verifyToken', 'decodeToken', 'decodeTokenHeader', 'parseDuration']) {
      // biome-ignore lint/performance/noDynamicNamespaceImportAccess: checking the exports by name is the point
      ok(typeof api[fn] === 'function', `${fn} is ${typeof api[fn]}`);
    }
    ok(typeof api.TokenSigner === 'function', 'TokenSigner is not a class');
    ok(typeof api.IsometrikTokenError === 'function', 'IsometrikTokenError is not a class');
    ok(api.IsometrikTokenError.prototype instanceof Error, 'IsometrikTokenError does not extend Error');
    // Other exports may come and go; wasm-bindgen's internals must never leak.
    const leaked = Object.keys(api).filter((name) => name === 'default' || /^(initSync|__wbg|__wbindgen)/.test(name));
    same(leaked, [], 'leaked internals');
  });
  check('PERMISSIONS is the frozen list of names', () => {
    same(api.PERMISSIONS, PERMISSION_NAMES, 'PERMISSIONS');
    ok(Object.isFrozen(api.PERMISSIONS), 'PERMISSIONS is not frozen');
  });

  // --- Round trip ----------------------------------------------------------------------------
  let token;
  check('createToken gives the exact golden token', () => {
    token = api.createToken(createOptions);
    same(token, GOLDEN, 'token');
  });
  check('createToken with the secret as a Uint8Array', () => {
    const bytes = new TextEncoder().encode(SECRET);
    same(api.createToken({ ...createOptions, apiSecret: bytes }), GOLDEN, 'token');
    same(Array.from(bytes), Array.from(new TextEncoder().encode(SECRET)), "the caller's secret bytes");
  });
  check('createToken with expiresIn in seconds', () => {
    same(api.createToken({ ...createOptions, expiresIn: 3600 }), GOLDEN, 'token');
  });
  check('decodeToken gives the claims, in order', () => {
    same(api.decodeToken(token ?? GOLDEN), CLAIMS, 'claims');
  });
  check('decodeTokenHeader', () => {
    same(api.decodeTokenHeader(GOLDEN), { alg: 'HS256', typ: 'JWT' }, 'header');
  });
  check('verifyToken returns the claims', () => {
    same(api.verifyToken(token ?? GOLDEN, verifyOptions), CLAIMS, 'claims');
    same(api.verifyToken(GOLDEN, { ...verifyOptions, apiKey: API_KEY, roomId: 'daily-standup' }), CLAIMS, 'claims');
  });
  check('round trip on the real clock', () => {
    const { currentDate: _, ...withoutDate } = createOptions;
    const fresh = api.createToken(withoutDate);
    const claims = api.verifyToken(fresh, { apiSecret: SECRET, ...allow });
    const now = Math.floor(Date.now() / 1000);
    ok(Math.abs(claims.iat - now) <= 5, `iat ${claims.iat} is not now (${now})`);
    same(claims.exp - claims.iat, 3600, 'lifetime');
  });
  check('Unicode round trip', () => {
    const fields = {
      roomId: 'Salle de réunion 🎥',
      participantName: 'Zoë Ångström-李',
      name: 'Zoë 👩‍💻',
      metadata: '{"a":"日本語"}\n</script>',
    };
    const made = api.createToken({ ...createOptions, ...fields });
    const claims = api.decodeToken(made);
    same([claims.room, claims.sub, claims.name, claims.metadata], Object.values(fields), 'fields');
    same(api.verifyToken(made, { ...verifyOptions, roomId: fields.roomId }).sub, fields.participantName, 'sub');
  });
  check('200 create/verify round trips', () => {
    for (let i = 0; i < 200; i++) {
      const t = api.createToken({ ...createOptions, participantName: `user-${i}` });
      ok(api.verifyToken(t, verifyOptions).sub === `user-${i}`, `round trip ${i}`);
    }
  });

  // --- Errors --------------------------------------------------------------------------------
  errorCheck('weak secret', () => api.createToken({ ...createOptions, apiSecret: 'short' }), 'ERR_WEAK_SECRET');
  check('allowWeakSecret accepts a short secret', () => {
    const weak = api.createToken({ ...createOptions, apiSecret: 'short', allowWeakSecret: true });
    same(api.verifyToken(weak, { ...verifyOptions, apiSecret: 'short', allowWeakSecret: true }), CLAIMS, 'claims');
  });
  errorCheck('wrong type: roomId: 5', () => api.createToken({ ...createOptions, roomId: 5 }), 'ERR_INVALID_OPTIONS', {
    field: 'roomId',
  });
  errorCheck('wrong type: missing options', () => api.createToken(), 'ERR_INVALID_OPTIONS', { field: 'options' });
  errorCheck('wrong type: options is a string', () => api.verifyToken(GOLDEN, 'secret'), 'ERR_INVALID_OPTIONS', {
    field: 'options',
  });
  errorCheck('wrong type: token is a number', () => api.decodeToken(42), 'ERR_INVALID_OPTIONS', { field: 'token' });
  errorCheck('lone surrogate', () => api.createToken({ ...createOptions, roomId: '\uD800' }), 'ERR_INVALID_OPTIONS', {
    field: 'roomId',
  });
  errorCheck(
    'missing participantName',
    () => api.createToken({ ...createOptions, participantName: undefined }),
    'ERR_INVALID_OPTIONS',
    {
      field: 'participantName',
    },
  );
  errorCheck(
    'a throwing getter',
    () => {
      const options = { ...createOptions };
      Object.defineProperty(options, 'roomId', {
        get() {
          throw new Error('boom');
        },
      });
      api.createToken(options);
    },
    'ERR_INVALID_OPTIONS',
    { field: 'roomId' },
  );
  errorCheck(
    'bad signature (other secret)',
    () => api.verifyToken(GOLDEN, { ...verifyOptions, apiSecret: OTHER_SECRET }),
    'ERR_BAD_SIGNATURE',
  );
  errorCheck(
    'bad signature (tampered payload)',
    () => {
      const [h, , s] = GOLDEN.split('.');
      const payload = btoa(JSON.stringify({ ...CLAIMS, sub: 'mallory' }))
        .replace(/=+$/, '')
        .replace(/\+/g, '-')
        .replace(/\//g, '_');
      api.verifyToken(`${h}.${payload}.${s}`, verifyOptions);
    },
    'ERR_BAD_SIGNATURE',
  );
  check('expired, with .claims', () => {
    const err = throwsCode(
      () => api.verifyToken(GOLDEN, { ...verifyOptions, currentDate: new Date((NOW + 7200) * 1000) }),
      'ERR_EXPIRED',
      { claim: 'exp' },
    );
    same(err.claims, CLAIMS, '.claims');
    stillWorks();
  });
  errorCheck(
    'not yet valid',
    () => api.verifyToken(GOLDEN, { ...verifyOptions, currentDate: new Date((NOW - 3600) * 1000) }),
    'ERR_NOT_YET_VALID',
    {
      claim: 'nbf',
    },
  );
  errorCheck(
    'unknown permission',
    () => api.createToken({ ...createOptions, permissions: { canFly: true } }),
    'ERR_INVALID_OPTIONS',
    {
      field: 'permissions.canFly',
    },
  );
  errorCheck(
    'room mismatch',
    () => api.verifyToken(GOLDEN, { ...verifyOptions, roomId: 'other-room' }),
    'ERR_ROOM_MISMATCH',
    {
      claim: 'room',
    },
  );
  errorCheck(
    'issuer mismatch',
    () => api.verifyToken(GOLDEN, { ...verifyOptions, apiKey: 'otherKey' }),
    'ERR_ISSUER_MISMATCH',
    {
      claim: 'iss',
    },
  );
  errorCheck('malformed token', () => api.decodeToken('not.a.token'), 'ERR_MALFORMED_TOKEN');
  // The MAC is checked before the header is read: an unsigned `alg: none` token fails it.
  errorCheck(
    'alg none refused',
    () => {
      const [, p] = GOLDEN.split('.');
      api.verifyToken(`eyJhbGciOiJub25lIn0.${p}.`, verifyOptions);
    },
    'ERR_BAD_SIGNATURE',
  );
  errorCheck('token too large', () => api.decodeToken('a'.repeat(17 * 1024)), 'ERR_TOKEN_TOO_LARGE');
  check('100 errors in a row, then a token', () => {
    for (let i = 0; i < 100; i++)
      throwsCode(() => api.createToken({ ...createOptions, roomId: i }), 'ERR_INVALID_OPTIONS');
    stillWorks();
  });

  // --- TokenSigner ---------------------------------------------------------------------------
  check('TokenSigner create/verify round trip', () => {
    const signer = new api.TokenSigner(signerOptions);
    try {
      ok(signer instanceof api.TokenSigner, 'not a TokenSigner');
      same(signer.apiKey, API_KEY, 'apiKey');
      same(signer.create(tokenOptions), GOLDEN, 'token');
      same(signer.verify(GOLDEN, { currentDate: verifyOptions.currentDate }), CLAIMS, 'claims');
      throwsCode(
        () => signer.verify(GOLDEN, { currentDate: verifyOptions.currentDate, roomId: 'x' }),
        'ERR_ROOM_MISMATCH',
      );
      throwsCode(() => signer.create({ ...tokenOptions, roomId: 5 }), 'ERR_INVALID_OPTIONS', { field: 'roomId' });
      same(signer.create(tokenOptions), GOLDEN, 'token after an error');
      // Without options the signer verifies on the real clock: the golden token is long expired.
      throwsCode(() => signer.verify(GOLDEN), 'ERR_EXPIRED');
    } finally {
      signer.free();
    }
  });
  errorCheck(
    'TokenSigner refuses a weak secret',
    () => new api.TokenSigner({ ...signerOptions, apiSecret: 'short' }),
    'ERR_WEAK_SECRET',
  );
  check('TokenSigner free()', () => {
    const signer = new api.TokenSigner(signerOptions);
    same(signer.create(tokenOptions), GOLDEN, 'token');
    signer.free();
    let threw = false;
    try {
      signer.create(tokenOptions);
    } catch {
      threw = true;
    }
    ok(threw, 'a freed signer still signs');
    const again = new api.TokenSigner(signerOptions);
    same(again.create(tokenOptions), GOLDEN, 'a new signer after free()');
    again.free();
  });
  check('TokenSigner [Symbol.dispose]', () => {
    if (typeof Symbol.dispose !== 'symbol') {
      notes.push('Symbol.dispose does not exist here: only free() was checked');
      return;
    }
    const signer = new api.TokenSigner(signerOptions);
    ok(typeof signer[Symbol.dispose] === 'function', '[Symbol.dispose] is not a method');
    same(signer.create(tokenOptions), GOLDEN, 'token');
    signer[Symbol.dispose]();
    let threw = false;
    try {
      signer.create(tokenOptions);
    } catch {
      threw = true;
    }
    ok(threw, 'a disposed signer still signs');
  });

  // --- parseDuration -------------------------------------------------------------------------
  check('parseDuration', () => {
    const cases = [
      ['1h', 3600],
      ['90 seconds', 90],
      [45, 45],
      ['1.5h', 5400],
      ['2 days', 172800],
      ['30m', 1800],
      ['1w', 604800],
    ];
    for (const [input, seconds] of cases)
      same(api.parseDuration(input), seconds, `parseDuration(${JSON.stringify(input)})`);
  });
  errorCheck('parseDuration: unknown unit', () => api.parseDuration('1 fortnight'), 'ERR_INVALID_DURATION');
  errorCheck('parseDuration: no unit', () => api.parseDuration('10'), 'ERR_INVALID_DURATION');
  errorCheck('parseDuration: wrong type', () => api.parseDuration(null), 'ERR_INVALID_OPTIONS');

  // --- The browser guard ---------------------------------------------------------------------
  if (inPage) {
    const { dangerouslyAllowBrowser: _, ...bare } = createOptions;
    errorCheck('browser: createToken needs dangerouslyAllowBrowser', () => api.createToken(bare), 'ERR_BROWSER_SECRET');
    errorCheck(
      'browser: dangerouslyAllowBrowser: false is refused too',
      () => api.createToken({ ...bare, dangerouslyAllowBrowser: false }),
      'ERR_BROWSER_SECRET',
    );
    errorCheck(
      'browser: verifyToken needs dangerouslyAllowBrowser',
      () => api.verifyToken(GOLDEN, { apiSecret: SECRET, currentDate: AT_NOW }),
      'ERR_BROWSER_SECRET',
    );
    errorCheck(
      'browser: TokenSigner needs dangerouslyAllowBrowser',
      () => new api.TokenSigner({ apiKey: API_KEY, apiSecret: SECRET }),
      'ERR_BROWSER_SECRET',
    );
    check('browser: decoding needs no flag', () => {
      same(api.decodeToken(GOLDEN), CLAIMS, 'claims');
      same(api.decodeTokenHeader(GOLDEN), { alg: 'HS256', typ: 'JWT' }, 'header');
      same(api.parseDuration('1h'), 3600, 'parseDuration');
    });
  } else {
    check('server runtime: no browser flag needed', () => {
      same(api.createToken({ apiKey: API_KEY, apiSecret: SECRET, ...tokenOptions }), GOLDEN, 'token');
      same(api.verifyToken(GOLDEN, { apiSecret: SECRET, currentDate: verifyOptions.currentDate }), CLAIMS, 'claims');
      const signer = new api.TokenSigner({ apiKey: API_KEY, apiSecret: SECRET });
      same(signer.create(tokenOptions), GOLDEN, 'token');
      signer.free();
    });
  }

  const failures = results.filter((r) => !r.ok);
  return {
    runtime,
    passed: results.length - failures.length,
    failed: failures.length,
    total: results.length,
    failures,
    checks: results.map((r) => r.name),
    notes,
  };
}
