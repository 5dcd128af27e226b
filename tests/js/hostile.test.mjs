// The hostile-token suite (tests/hostile/cases.json, format in tests/hostile/README.md) against
// the PACKED package in Node: every case is built in JavaScript (support/hostile-builder.mjs, a
// port of tests/hostile.rs: HMAC through node:crypto, never through the package) and checked
// with verifyToken and TokenSigner#verify (each with the secret as a string and as a
// Uint8Array), decodeToken and decodeTokenHeader where the case gives `decode`, and the case
// without its damage where it gives `control`. Every thrown error must be an
// IsometrikTokenError. The size cases (1 MiB and 10 MiB tokens, MAX_TOKEN_LEN and one more) are
// generated as the Rust runner does; their speed is not asserted here (no timed assertions).
//
// The builder is proved against the Rust one: `HOSTILE_DUMP=1 cargo test --test hostile`
// prints every case's token, and each must equal ours byte for byte.
// Prints `hostile-js: N passed, M failed` alone on its line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeEntryConsumer, removeConsumer, root } from './support/package.mjs';
import { run } from './support/run.mjs';
import {
  BuildError,
  buildToken,
  keyBytes,
  lintCases,
  loadSuite,
  parseDump,
  sizeCases,
  withoutDamage,
} from './support/hostile-builder.mjs';

const CARGO_TIMEOUT = 15 * 60_000; // a cold build of the test binary included

const { suite, cases } = loadSuite();

/** @type {typeof import('isometrik-token')} */
let iso;
/** The browser build (decode only), from the same install. */
let decodeBuild;
let consumer;
before(async () => {
  let entryUrl;
  ({ dir: consumer, entryUrl } = makeEntryConsumer('hostile'));
  iso = await import(entryUrl);
  decodeBuild = await import(
    new URL('node_modules/isometrik-token/dist/decode.js', `${pathToFileURL(consumer).href}/`).href
  );
});
after(() => removeConsumer(consumer));

/** The error codes of the installed package's typings (the `ErrorCode` union, generated). */
function errorCodes() {
  const dts = fs.readFileSync(path.join(consumer, 'node_modules/isometrik-token/contract.d.ts'), 'utf8');
  const union = dts.match(/export type ErrorCode =([^;]+);/);
  assert.ok(union, 'no ErrorCode union in contract.d.ts');
  const codes = [...union[1].matchAll(/'(ERR_[A-Z_]+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 10, `ErrorCode union: ${codes}`);
  return codes;
}

/** A short, printable description of a token for failure messages. */
const show = (token) => JSON.stringify(token.length > 120 ? `${token.slice(0, 120)}…(${token.length})` : token);

/**
 * Runs `fn` and returns "ok" or the thrown error's code. Anything thrown that is not an
 * IsometrikTokenError with a string code is returned as a description (never equal to a code).
 */
function outcome(fn) {
  let value;
  try {
    value = fn();
  } catch (err) {
    if (!(err instanceof iso.IsometrikTokenError)) {
      return `a non-IsometrikTokenError ${err?.constructor?.name}: ${err?.message ?? String(err)}`;
    }
    if (typeof err.code !== 'string' || err.name !== 'IsometrikTokenError') {
      return `an IsometrikTokenError with code ${String(err.code)} and name ${String(err.name)}`;
    }
    return err.code;
  }
  return { ok: value };
}

/** The secret of key `name` in both accepted forms: the UTF-8 text and its bytes. */
function secretForms(kase, field) {
  const name = kase[field] ?? 'suite';
  const bytes = keyBytes(suite, kase, field);
  return [
    ['string', suite.keyTexts.get(name)],
    ['Uint8Array', new Uint8Array(bytes)],
  ];
}

/**
 * The outcomes of one verification mode, one per secret form: [{ label, got, claims? }].
 * "signer": new TokenSigner({ apiKey, apiSecret }).verify (expects iss == apiKey); a signer that
 * cannot be built gives its constructor's code. "function": verifyToken with no expected issuer.
 */
function runVerify(kase, token, mode) {
  const now = kase.now ?? suite.now;
  const leeway = kase.leeway ?? suite.leeway;
  const checks = { currentDate: new Date(now * 1000), clockTolerance: leeway };
  const results = [];
  for (const [form, apiSecret] of secretForms(kase, 'verify_key')) {
    let got;
    if (mode === 'signer') {
      let signer;
      got = outcome(() => {
        signer = new iso.TokenSigner({ apiKey: suite.apiKey, apiSecret });
      });
      if (typeof got !== 'string') got = outcome(() => signer.verify(token, checks));
      signer?.free();
    } else if (mode === 'function') {
      got = outcome(() => iso.verifyToken(token, { apiSecret, ...checks }));
    } else {
      throw new Error(`unknown verify mode ${mode}`);
    }
    results.push({ label: `${mode} (${form} secret)`, got });
  }
  return results;
}

const modesOf = (kase) => {
  const verify = kase.verify ?? 'both';
  if (verify === 'both') return ['signer', 'function'];
  if (verify === 'signer' || verify === 'function') return [verify];
  throw new Error(`${kase.name}: unknown verify mode ${verify}`);
};

const codeOf = (got) => (typeof got === 'string' ? got : 'ok');

/** Checks one case; returns the list of problems (empty: passed). */
function checkCase(kase, token) {
  const problems = [];
  const expect = kase.expect;
  let decoded;
  const decodedClaims = () => (decoded ??= outcome(() => iso.decodeToken(token)));
  for (const mode of modesOf(kase)) {
    for (const { label, got } of runVerify(kase, token, mode)) {
      if (codeOf(got) !== expect) problems.push(`${label}: expected ${expect}, got ${codeOf(got)}`);
      else if (expect === 'ok') {
        // What verify returns is the payload: the same object decodeToken gives.
        const plain = decodedClaims();
        if (typeof plain === 'string') problems.push(`${label}: verified, but decodeToken gave ${plain}`);
        else {
          try {
            assert.deepStrictEqual(got.ok, plain.ok);
          } catch {
            problems.push(`${label}: the verified claims differ from decodeToken's`);
          }
        }
      }
    }
  }
  if (kase.decode !== undefined) {
    const got = codeOf(decodedClaims());
    if (got !== kase.decode) problems.push(`decodeToken: expected ${kase.decode}, got ${got}`);
    const header = codeOf(outcome(() => iso.decodeTokenHeader(token)));
    if (header !== kase.decode) problems.push(`decodeTokenHeader: expected ${kase.decode}, got ${header}`);
  }
  if (kase.control !== undefined) {
    // The same case without its damage must give `control` (true: "ok"): the damage alone
    // decided the outcome.
    const want = kase.control === true ? 'ok' : kase.control;
    let clean;
    try {
      clean = buildToken(suite, withoutDamage(kase));
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      problems.push(`control: cannot build: ${err.message}`);
    }
    if (clean !== undefined) {
      for (const mode of modesOf(kase)) {
        for (const { label, got } of runVerify(kase, clean, mode)) {
          if (codeOf(got) !== want) problems.push(`control ${label}: expected ${want}, got ${codeOf(got)}`);
        }
      }
    }
  }
  return problems;
}

test('cases.json follows its own rules (fields, unique names, known codes)', () => {
  assert.ok(cases.length > 0);
  lintCases(cases, errorCodes());
  for (const key of suite.keys.keys()) assert.ok(suite.keyTexts.has(key));
});

test('the JavaScript builder makes every token byte for byte as tests/hostile.rs does', {
  timeout: CARGO_TIMEOUT + 60_000,
}, async (t) => {
  const cargoBin = path.join(os.homedir(), '.cargo/bin');
  const env = { HOSTILE_DUMP: '1', PATH: `${cargoBin}${path.delimiter}${process.env.PATH}` };
  const result = await run('cargo', ['test', '--test', 'hostile', '--', '--nocapture'], {
    cwd: root,
    env,
    timeout: CARGO_TIMEOUT,
  });
  const names = new Set(cases.map((c) => c.name));
  const dumped = parseDump(result.stdout, names);
  assert.ok(
    dumped.size > 0,
    `the Rust runner printed no tokens (exit ${result.code ?? result.signal})\nstderr: ${result.stderr.slice(-4000)}`,
  );
  const rustSummary = result.stdout.match(/^hostile: (\d+) passed, (\d+) failed$/m);
  if (result.code !== 0) t.diagnostic(`note: the Rust runner itself exited with ${result.code ?? result.signal}`);
  const mismatches = [];
  for (const kase of cases) {
    if (!dumped.has(kase.name)) {
      mismatches.push(`${kase.name}: not in the Rust dump`);
      continue;
    }
    let ours;
    try {
      ours = buildToken(suite, kase);
    } catch (err) {
      mismatches.push(`${kase.name}: the JS builder failed: ${err.message}`);
      continue;
    }
    const theirs = dumped.get(kase.name);
    if (!Buffer.from(ours, 'utf8').equals(Buffer.from(theirs, 'utf8'))) {
      let i = 0;
      while (i < ours.length && ours[i] === theirs[i]) i++;
      mismatches.push(`${kase.name}: differs at ${i}: JS ${show(ours.slice(i))}, Rust ${show(theirs.slice(i))}`);
    }
  }
  assert.deepEqual(mismatches, [], `${mismatches.length} token(s) differ from the Rust runner's`);
  assert.equal(dumped.size, cases.length);
  t.diagnostic(`${cases.length} tokens identical to the Rust runner's`);
  // Same total as the Rust runner: the file's cases plus the generated size cases.
  assert.ok(rustSummary, 'no `hostile: N passed, M failed` line from the Rust runner');
  assert.equal(Number(rustSummary[1]) + Number(rustSummary[2]), cases.length + sizeCases().length);
});

test('every hostile case through the packed package (verifyToken, TokenSigner#verify, decodeToken)', {
  timeout: 300_000,
}, (t) => {
  const groups = new Map();
  const failures = [];
  const record = (property, name, problems, token) => {
    const tally = groups.get(property) ?? { passed: 0, failed: 0 };
    groups.set(property, tally);
    if (problems.length === 0) tally.passed += 1;
    else {
      tally.failed += 1;
      failures.push(`${name}: ${problems.join('; ')} (token ${show(token)})`);
    }
  };

  for (const kase of cases) {
    let token;
    try {
      token = buildToken(suite, kase);
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
      record(kase.property, kase.name, [`cannot build: ${err.message}`], '');
      continue;
    }
    record(kase.property, kase.name, checkCase(kase, token), token);
  }

  for (const size of sizeCases()) {
    record('size', size.name, checkCase(size, size.token), size.token);
  }

  let passed = 0;
  let failed = 0;
  for (const [group, tally] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    t.diagnostic(`${group.padEnd(18)} ${String(tally.passed).padStart(4)} passed, ${tally.failed} failed`);
    passed += tally.passed;
    failed += tally.failed;
  }
  for (const f of failures) console.log(`FAIL ${f}`);
  console.log(`hostile-js: ${passed} passed, ${failed} failed`);
  assert.equal(passed + failed, cases.length + sizeCases().length);
  assert.deepEqual(failures, [], `${failed} hostile case(s) failed`);
});

test('the browser (decode-only) build decodes every hostile token exactly as the full build', (t) => {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const result = (f) => {
    try {
      return { value: f() };
    } catch (e) {
      return {
        code: e instanceof decodeBuild.IsometrikTokenError || e instanceof iso.IsometrikTokenError ? e.code : String(e),
      };
    }
  };
  const tokens = [];
  for (const kase of cases) {
    try {
      tokens.push(buildToken(suite, kase));
    } catch (err) {
      if (!(err instanceof BuildError)) throw err;
    }
  }
  for (const size of sizeCases()) tokens.push(size.token);
  const differ = [];
  let accepted = 0;
  for (const token of tokens) {
    for (const fn of ['decodeToken', 'decodeTokenHeader']) {
      const full = result(() => iso[fn](token));
      const lean = result(() => decodeBuild[fn](token));
      if (!same(full, lean))
        differ.push(`${fn} ${show(token)}: full ${JSON.stringify(full)}, decode build ${JSON.stringify(lean)}`);
      if (lean.value) accepted += 1;
    }
  }
  t.diagnostic(`decode build: ${tokens.length} tokens, ${accepted} decodes accepted, ${differ.length} differences`);
  assert.ok(tokens.length >= cases.length / 2 && accepted > 0);
  assert.deepEqual(differ, []);
  // It cannot sign, whatever the options say.
  const err = result(() =>
    decodeBuild.createToken({
      apiKey: 'K',
      apiSecret: 'x'.repeat(40),
      roomId: 'r',
      participantName: 'p',
      dangerouslyAllowBrowser: true,
    }),
  );
  assert.equal(err.code, 'ERR_BROWSER_SECRET');
});

test('the browser build parses durations exactly as the full build (its own wasm module)', () => {
  const outcome = (build, input) => {
    try {
      return { value: build.parseDuration(input) };
    } catch (e) {
      if (!(e instanceof build.IsometrikTokenError)) return { thrown: String(e) };
      return { code: e.code, message: e.message, field: e.field };
    }
  };
  const inputs = [
    ...['1h', '90 seconds', '1.5h', '2 days', '30m', '1w', '1 YEAR', ' 5 s', '0s', '1e3s', '999999999999s'],
    ...['', '10', '1 fortnight', '-1h', '1h30m', 'h', '1..5h', 'NaNs', '\u00a01h', '\u0000', 'x'.repeat(10_000)],
    ...[0, 45, 1.5, -1, Number.NaN, Infinity, 2 ** 60, null, undefined, {}, [], 1n, Symbol('s')],
  ];
  const differ = [];
  let parsed = 0;
  for (const input of inputs) {
    const full = outcome(iso, input);
    const lean = outcome(decodeBuild, input);
    if (JSON.stringify(full) !== JSON.stringify(lean))
      differ.push(`${String(input).slice(0, 20)}: full ${JSON.stringify(full)}, browser build ${JSON.stringify(lean)}`);
    if (lean.value !== undefined) parsed += 1;
  }
  assert.deepEqual(differ, []);
  assert.ok(parsed >= 10, `only ${parsed} durations parsed`);
  // Decoding still works after parseDuration's module was loaded (two modules, one input at a time).
  const token = iso.createToken({
    apiKey: suite.apiKey,
    apiSecret: suite.keyTexts.get('suite'),
    roomId: 'daily-standup',
    participantName: 'alice',
    currentDate: new Date(suite.now * 1000),
  });
  assert.equal(decodeBuild.decodeToken(token).sub, 'alice');
  assert.equal(decodeBuild.parseDuration('2m'), 120);
});

test('after every hostile token, the module still creates and verifies tokens', () => {
  // A last normal round trip (each failing call above threw inside wasm).
  const secret = suite.keyTexts.get('suite');
  const token = iso.createToken({
    apiKey: suite.apiKey,
    apiSecret: secret,
    roomId: 'daily-standup',
    participantName: 'alice',
    currentDate: new Date(suite.now * 1000),
  });
  const claims = iso.verifyToken(token, { apiSecret: secret, currentDate: new Date(suite.now * 1000) });
  assert.equal(claims.sub, 'alice');
});

/** The error `call` throws (or its promise rejects with); fails if it succeeds. */
async function thrown(call) {
  try {
    await call();
  } catch (err) {
    return err;
  }
  assert.fail('no error');
}

test('hostile option objects and `keys` maps: only IsometrikTokenError escapes, each option read once', async () => {
  const apiKey = 'APIescape';
  const apiSecret = suite.keyTexts.get('suite');
  const currentDate = new Date(suite.now * 1000);
  const token = iso.createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', currentDate });
  const refused = async (call, field) => {
    const err = await thrown(call);
    assert.ok(err instanceof iso.IsometrikTokenError, `escaped: ${err}`);
    assert.equal(err.code, 'ERR_INVALID_OPTIONS', err.message);
    if (field) assert.equal(err.field, field, err.message);
  };

  // IsometrikClient: a getter that works once and throws afterwards; a revoked Proxy.
  let reads = 0;
  const once = Object.defineProperty({ apiKey, apiSecret }, 'keys', {
    enumerable: true,
    get() {
      reads += 1;
      if (reads > 1) throw new TypeError('read twice');
      return { APIother: `${apiSecret}-other` };
    },
  });
  const client = new iso.IsometrikClient(once);
  assert.equal(reads, 1, 'keys read more than once');
  assert.equal((await client.tokens.verify(token, { currentDate })).sub, 'p');
  client.close();
  const { proxy, revoke } = Proxy.revocable({ apiKey, apiSecret }, {});
  revoke();
  await refused(() => new iso.IsometrikClient(proxy), 'options');
  // A revoked Proxy as `permissions` (Array.isArray throws on it), in each place that signs.
  const create = { apiKey, apiSecret, roomId: 'r', participantName: 'p', permissions: proxy };
  await refused(() => iso.createToken(create), 'permissions');
  await refused(() => new iso.TokenSigner({ apiKey, apiSecret }).create(create), 'permissions');
  await refused(() => new iso.IsometrikClient({ apiKey, apiSecret }).tokens.create(create), 'permissions');
  const trap = (name) =>
    new Proxy(
      { apiKey, apiSecret, keys: {} },
      {
        [name]: () => {
          throw new TypeError(name);
        },
      },
    );
  for (const name of ['get', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'has']) {
    try {
      new iso.IsometrikClient(trap(name)).close(); // a trap never consulted: the client is built
    } catch (err) {
      assert.ok(err instanceof iso.IsometrikTokenError, `${name}: ${err}`);
    }
  }

  // A Map subclass whose entries() yields non-pairs, throws, or never ends: never consulted
  // (a Map is read through its internal slots), so the Map's real contents are used.
  let consulted = 0;
  const entries = [
    function* () {
      consulted += 1;
      yield 42;
    },
    function* () {
      consulted += 1;
      yield [apiKey];
    },
    () => {
      consulted += 1;
      throw new TypeError('entries');
    },
    function* () {
      consulted += 1;
      for (let i = 0; i < 1e6; i += 1) yield [`k${i}`, apiSecret];
      throw new Error('runaway');
    },
  ];
  for (const body of entries) {
    class OddMap extends Map {}
    OddMap.prototype.entries = body;
    OddMap.prototype[Symbol.iterator] = body;
    const keys = new OddMap([[apiKey, apiSecret]]);
    const verifier = new iso.TokenVerifier({ keys });
    assert.deepEqual(verifier.apiKeys, [apiKey]);
    assert.equal(verifier.verify(token, { currentDate }).sub, 'p');
    verifier.free();
    assert.equal(iso.verifyToken(token, { keys, currentDate }).sub, 'p');
    const rotating = new iso.IsometrikClient({ apiKey: 'APIself', apiSecret, keys });
    assert.equal((await rotating.tokens.verify(token, { currentDate })).sub, 'p');
    rotating.close();
  }
  assert.equal(consulted, 0, 'an overridden entries() was called');

  // A Proxy of a Map has no Map slots: refused, as is a keys object whose getter throws.
  const proxiedMap = new Proxy(new Map([[apiKey, apiSecret]]), {});
  await refused(() => new iso.TokenVerifier({ keys: proxiedMap }), 'keys');
  await refused(() => iso.verifyToken(token, { keys: proxiedMap }), 'keys');
  await refused(() => new iso.IsometrikClient({ apiKey, apiSecret, keys: proxiedMap }), 'keys');
  const throwing = Object.defineProperty({}, apiKey, {
    enumerable: true,
    get() {
      throw new TypeError('secret getter');
    },
  });
  await refused(() => new iso.TokenVerifier({ keys: throwing }), 'keys');
  await refused(() => new iso.IsometrikClient({ apiKey, apiSecret, keys: throwing }), 'keys');

  // scheduleTokenRefresh: a signal-like object whose `aborted` getter or addEventListener
  // throws is refused; one without removeEventListener does not make stop() throw.
  const fresh = iso.createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p' });
  const schedule = (signal) => iso.scheduleTokenRefresh({ token: fresh, refresh: () => fresh, signal });
  const badSignals = [
    {
      addEventListener() {},
      get aborted() {
        throw new TypeError('aborted');
      },
    },
    {
      addEventListener() {
        throw new TypeError('addEventListener');
      },
    },
  ];
  for (const signal of badSignals) await refused(() => schedule(signal), 'signal');
  const handle = schedule({ addEventListener() {}, aborted: false });
  handle.stop();
  assert.equal(handle.stopped, true);
});

test('every public function, every hostile argument shape: only IsometrikTokenError escapes', async () => {
  const apiKey = 'APIprobe';
  const apiSecret = suite.keyTexts.get('suite');
  const currentDate = new Date(suite.now * 1000);
  const token = iso.createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', currentDate });
  // Every option name of every function, so each is in turn the one that misbehaves.
  const names = [
    ...['apiKey', 'apiSecret', 'roomId', 'participantName', 'name', 'metadata', 'expiresIn', 'maxExpiresIn'],
    ...['clockTolerance', 'currentDate', 'permissions', 'allowWeakSecret', 'dangerouslyAllowBrowser', 'keys'],
    ...['token', 'refresh', 'onToken', 'onError', 'signal', 'margin', 'retry', 'unref'],
  ];
  const base = () => ({
    apiKey,
    apiSecret,
    roomId: 'r',
    participantName: 'p',
    keys: { [apiKey]: apiSecret },
    token,
    refresh: () => token,
  });
  const boom = () => {
    throw new Error('hostile');
  };
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const allTraps = { get: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, has: boom };
  const shapes = [
    ['a revoked Proxy', revoked],
    ...Object.keys(allTraps).map((trap) => [`a Proxy whose ${trap} throws`, () => new Proxy(base(), { [trap]: boom })]),
  ];
  for (const n of names) {
    shapes.push([`${n}: a throwing getter`, () => Object.defineProperty(base(), n, { enumerable: true, get: boom })]);
    shapes.push([
      `${n}: a getter that throws when read a second time`,
      () => {
        const o = base();
        const value = o[n];
        let reads = 0;
        return Object.defineProperty(o, n, {
          enumerable: true,
          get: () => {
            reads += 1;
            if (reads > 1) boom();
            return value;
          },
        });
      },
    ]);
    shapes.push([`${n}: a revoked Proxy`, () => ({ ...base(), [n]: revoked() })]);
    shapes.push([`${n}: a Proxy whose traps throw`, () => ({ ...base(), [n]: new Proxy({}, allTraps) })]);
  }
  const signer = new iso.TokenSigner({ apiKey, apiSecret });
  const verifier = new iso.TokenVerifier({ keys: { [apiKey]: apiSecret } });
  const client = new iso.IsometrikClient({ apiKey, apiSecret });
  const calls = {
    createToken: (o) => iso.createToken(o),
    verifyToken: (o) => iso.verifyToken(token, o),
    'verifyToken(token)': (o) => iso.verifyToken(o, { apiSecret }),
    'new TokenSigner': (o) => new iso.TokenSigner(o).free(),
    'TokenSigner#create': (o) => signer.create(o),
    'TokenSigner#verify': (o) => signer.verify(token, o),
    'new TokenVerifier': (o) => new iso.TokenVerifier(o).free(),
    'TokenVerifier#verify': (o) => verifier.verify(token, o),
    'TokenVerifier#addKey(secret)': (o) => verifier.addKey('APIother', o),
    'TokenVerifier#addKey(apiKey)': (o) => verifier.addKey(o, apiSecret),
    'TokenVerifier#removeKey': (o) => verifier.removeKey(o),
    'new IsometrikClient': (o) => new iso.IsometrikClient(o).close(),
    'client.tokens.create': (o) => client.tokens.create(o),
    'client.tokens.verify': (o) => client.tokens.verify(token, o),
    decodeToken: (o) => iso.decodeToken(o),
    decodeTokenHeader: (o) => iso.decodeTokenHeader(o),
    parseDuration: (o) => iso.parseDuration(o),
    tokenExpiresIn: (o) => iso.tokenExpiresIn(token, o),
    scheduleTokenRefresh: (o) => iso.scheduleTokenRefresh(o).stop(),
  };
  const escaped = [];
  let refusedCount = 0;
  for (const [call, run] of Object.entries(calls)) {
    for (const [shape, make] of shapes) {
      try {
        await run(make());
      } catch (err) {
        if (err instanceof iso.IsometrikTokenError) refusedCount += 1;
        else escaped.push(`${call} with ${shape}: ${err?.constructor?.name}: ${err?.message}`);
      }
    }
  }
  signer.free();
  verifier.free();
  client.close();
  assert.deepEqual(escaped, []);
  assert.ok(refusedCount > 1000, `only ${refusedCount} refusals: the shapes no longer reach the options`);
});
