// Interop, both directions, against the PACKED package installed in a throwaway consumer:
//   ours   -> jose (jwtVerify), jsonwebtoken (verify), PyJWT (jwt.decode): accepted, same claims
//   theirs -> us: tokens jose, jsonwebtoken and PyJWT sign in the Isometrik docs' layout verify and decode
//   wrong secret, expired exp, tampered payload: all four reject, each for the right reason
//   tests/interop/flask_snippet.py (the README's Flask example): its tokens verify with us
// Claim sets come from a fixed seed (tests/interop/claims.mjs); a failure prints the seed, the
// stream and the index, which regenerate that one set. INTEROP_SEED / INTEROP_COUNT override.
// Prints `interop: N passed, 0 failed` at the end. Secrets are never printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { pathToFileURL } from 'node:url';
import { makeEntryConsumer, removeConsumer, root } from './support/package.mjs';
import { claimSet, ourPayload, theirPayload, describe, COMBOS, rngFor } from '../interop/claims.mjs';

const SEED = Number(process.env.INTEROP_SEED ?? 0x15e7a11c) >>> 0;
const COUNT = Number(process.env.INTEROP_COUNT ?? 1000);
const REJECT_SAMPLES = 25; // claim sets per producer in the rejection matrix
const SEED_HEX = `0x${SEED.toString(16)}`;
// One clock for the whole run. jose, jsonwebtoken and we verify at exactly NOW; PyJWT only
// reads the real clock, so every exp/nbf lies at least 30 minutes from NOW.
const NOW = Math.floor(Date.now() / 1000);
const AT_NOW = new Date(NOW * 1000);
const PYJWT_SCRIPT = path.join(root, 'tests/interop/pyjwt_interop.py');

/** @type {typeof import('isometrik-token')} */
let iso;
/** The browser (decode-only) build from the same install: it must read their tokens alike. */
let lean;
let consumer;
before(async () => {
  let entryUrl;
  ({ dir: consumer, entryUrl } = makeEntryConsumer('interop'));
  iso = await import(entryUrl);
  lean = await import(new URL('node_modules/isometrik-token/dist/decode.js', `${pathToFileURL(consumer).href}/`).href);
});

// ── secrets: text (UTF-8) and raw bytes, as each library takes them ───────────────────────
const binary = (() => {
  const rng = rngFor(SEED, 'secret', 0);
  return Uint8Array.from({ length: 48 }, () => rng.int(0, 255));
})();
const SECRETS = [
  { label: 'ascii-36', text: 'interop-secret-ascii-0123456789abcde' },
  { label: 'ascii-64', text: 'interop-secret-64-chars-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-xy' },
  { label: 'utf8', text: 'ключ-секрет-🔑-clé-μυστικό-秘密' },
  { label: 'binary-48', bytes: binary },
];
const wrongSecret = (s) =>
  s.text !== undefined
    ? { label: `${s.label}-wrong`, text: `${s.text}!` }
    : { label: `${s.label}-wrong`, bytes: Uint8Array.from(s.bytes, (b, i) => (i === s.bytes.length - 1 ? b ^ 1 : b)) };
const forUs = (s) => s.text ?? s.bytes;
const forJose = (s) => (s.text !== undefined ? new TextEncoder().encode(s.text) : s.bytes);
const forJsonwebtoken = (s) => s.text ?? Buffer.from(s.bytes);
const forPy = (s) => (s.text !== undefined ? { utf8: s.text } : { hex: Buffer.from(s.bytes).toString('hex') });

function pyjwt(jobs) {
  const run = spawnSync('python3', [PYJWT_SCRIPT], {
    input: JSON.stringify({ jobs }),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`pyjwt_interop.py exited with ${run.status}:\n${run.stderr}`);
  const { results } = JSON.parse(run.stdout);
  assert.equal(results.length, jobs.length);
  return results;
}

// ── tally: every check counts once; failures keep enough to reproduce ──────────────────────
const tally = { passed: 0, failed: 0, byGroup: {} };
function group(name) {
  const g = { name, passed: 0, failed: 0, failures: [] };
  tally.byGroup[name] = g;
  return {
    check(label, fn, context = '') {
      try {
        fn();
        g.passed++;
        tally.passed++;
      } catch (err) {
        g.failed++;
        tally.failed++;
        if (g.failures.length < 12) {
          const message = `${String(err?.message ?? err)}${context}`;
          g.failures.push(`${label}: ${message.length > 1500 ? `${message.slice(0, 1500)}…` : message}`);
        }
      }
    },
    done() {
      if (g.failed) {
        assert.fail(
          `${name}: ${g.failed} of ${g.passed + g.failed} checks failed (seed ${SEED_HEX}):\n${g.failures.join('\n')}`,
        );
      }
    },
  };
}
after(() => {
  removeConsumer(consumer);
  const parts = Object.values(tally.byGroup).map((g) => `${g.name} ${g.passed}/${g.passed + g.failed}`);
  console.log(`interop detail: seed ${SEED_HEX}, ${parts.join(', ')}`);
  console.log(`interop: ${tally.passed} passed, ${tally.failed} failed`);
});

const STANDARD_HEADER = { alg: 'HS256', typ: 'JWT' };
const errorName = (err) => (err && typeof err === 'object' ? (err.code ?? err.name) : String(err));

async function joseVerify(token, secret, issuer) {
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(token, forJose(secret), {
      algorithms: ['HS256'],
      issuer,
      currentDate: AT_NOW,
    });
    return { ok: true, claims: payload, header: protectedHeader };
  } catch (err) {
    return { ok: false, error: errorName(err) };
  }
}
function jsonwebtokenVerify(token, secret, issuer) {
  try {
    const claims = jsonwebtoken.verify(token, forJsonwebtoken(secret), {
      algorithms: ['HS256'],
      issuer,
      clockTimestamp: NOW,
    });
    return { ok: true, claims };
  } catch (err) {
    // 'JsonWebTokenError: invalid signature' vs 'TokenExpiredError'.
    return { ok: false, error: err.name === 'JsonWebTokenError' ? `JsonWebTokenError: ${err.message}` : err.name };
  }
}
function ourVerify(token, secret, apiKey, how = 0) {
  try {
    let claims;
    if (how === 0) {
      claims = iso.verifyToken(token, { apiSecret: forUs(secret), apiKey, currentDate: AT_NOW });
    } else {
      const signer = new iso.TokenSigner({ apiKey, apiSecret: forUs(secret) });
      try {
        claims = signer.verify(token, { currentDate: AT_NOW });
      } finally {
        signer.free();
      }
    }
    return { ok: true, claims };
  } catch (err) {
    if (!(err instanceof iso.IsometrikTokenError)) throw err;
    return { ok: false, error: err.code };
  }
}
const accepted = (result, expected) => {
  assert.ok(result.ok, `rejected: ${result.error}`);
  assert.deepStrictEqual(result.claims, expected);
};

test(`tokens we create are accepted by jose, jsonwebtoken and PyJWT with identical claims (${COUNT} claim sets)`, async () => {
  const g = group('ours->jose/jsonwebtoken/PyJWT');
  const combos = new Set();
  const py = [];
  for (let i = 0; i < COUNT; i++) {
    const set = claimSet(SEED, 'ours', i, NOW);
    combos.add(set.combo);
    const label = `seed ${SEED_HEX} ours #${i}`;
    const secret = SECRETS[i % SECRETS.length];
    const expected = ourPayload(set);
    const options = {
      roomId: set.room,
      participantName: set.sub,
      permissions: set.permissionsOption,
      expiresIn: set.expiresIn,
      name: set.name,
      metadata: set.metadata,
      currentDate: new Date(set.iat * 1000),
    };
    const keys = { apiKey: set.iss, apiSecret: forUs(secret) };
    let token;
    try {
      // The three ways to sign: the function, a signer, the client.
      if (i % 3 === 0) token = iso.createToken({ ...keys, ...options });
      else if (i % 3 === 1) {
        const signer = new iso.TokenSigner(keys);
        token = signer.create(options);
        signer.free();
      } else {
        const client = new iso.IsometrikClient(keys);
        token = await client.tokens.create(options);
        client.close();
      }
    } catch (err) {
      for (const lib of ['jose', 'jsonwebtoken', 'PyJWT']) {
        g.check(`${label} ${lib}`, () =>
          assert.fail(`we could not create it: ${err.code} ${err.message} | ${describe(set)}`),
        );
      }
      continue;
    }
    const context = ` | ${describe(set)} | secret ${secret.label}`;
    const own = () => {
      assert.deepStrictEqual(iso.decodeToken(token), expected);
      assert.deepStrictEqual(iso.decodeTokenHeader(token), STANDARD_HEADER);
    };
    const viaJose = await joseVerify(token, secret, set.iss);
    g.check(
      `${label} jose`,
      () => {
        own();
        accepted(viaJose, expected);
        assert.deepStrictEqual(viaJose.header, STANDARD_HEADER);
      },
      context,
    );
    g.check(`${label} jsonwebtoken`, () => accepted(jsonwebtokenVerify(token, secret, set.iss), expected), context);
    py.push({ label, context, expected, job: { op: 'verify', token, secret: forPy(secret), issuer: set.iss } });
  }
  const results = pyjwt(py.map((p) => p.job));
  py.forEach((p, k) => {
    g.check(`${p.label} PyJWT`, () => accepted(results[k], p.expected), p.context);
  });
  if (COUNT >= COMBOS) assert.equal(combos.size, COMBOS, 'every permission combination');
  g.done();
});

test(`tokens jose, jsonwebtoken and PyJWT create in the Isometrik docs' layout are verified by us (${COUNT} claim sets)`, async () => {
  const g = group('jose/jsonwebtoken/PyJWT->ours');
  const combos = new Set();
  const sets = [];
  for (let i = 0; i < COUNT; i++) {
    const set = claimSet(SEED, 'theirs', i, NOW);
    combos.add(set.combo);
    const secret = SECRETS[(i + 1) % SECRETS.length];
    const payload = theirPayload(set);
    const tokens = {};
    const header = i % 2 ? STANDARD_HEADER : { alg: 'HS256' }; // jose: with and without typ
    tokens.jose = await new jose.SignJWT(payload).setProtectedHeader(header).sign(forJose(secret));
    tokens.jsonwebtoken = jsonwebtoken.sign(payload, forJsonwebtoken(secret), {
      algorithm: 'HS256',
      noTimestamp: payload.iat === undefined, // otherwise it keeps our iat
    });
    sets.push({ i, set, secret, payload, tokens });
  }
  const signed = pyjwt(sets.map(({ payload, secret }) => ({ op: 'sign', payload, secret: forPy(secret) })));
  sets.forEach((s, k) => {
    assert.ok(signed[k].ok);
    s.tokens.PyJWT = signed[k].token;
  });
  for (const { i, set, secret, payload, tokens } of sets) {
    for (const [lib, token] of Object.entries(tokens)) {
      g.check(
        `seed ${SEED_HEX} theirs #${i} ${lib}`,
        () => {
          accepted(ourVerify(token, secret, set.iss, i % 2), payload);
          assert.deepStrictEqual(iso.decodeToken(token), payload);
          assert.deepStrictEqual(lean.decodeToken(token), payload);
          assert.deepStrictEqual(lean.decodeTokenHeader(token), iso.decodeTokenHeader(token));
          assert.equal(iso.tokenExpiresIn(token, { currentDate: AT_NOW }), payload.exp - NOW);
          assert.equal(lean.tokenExpiresIn(token, { currentDate: AT_NOW }), payload.exp - NOW);
          assert.deepStrictEqual(
            iso.verifyToken(token, {
              apiSecret: forUs(secret),
              apiKey: set.iss,
              roomId: set.room,
              currentDate: AT_NOW,
            }),
            payload,
          );
        },
        ` | ${describe(set)} | secret ${secret.label}`,
      );
    }
  }
  if (COUNT >= COMBOS) assert.equal(combos.size, COMBOS, 'every permission combination');
  g.done();
});

test('wrong secret, expired exp, tampered payload: all four reject (and accept the untouched token)', async () => {
  const g = group('rejections');
  const SIGNATURE = {
    us: 'ERR_BAD_SIGNATURE',
    jose: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    jsonwebtoken: 'JsonWebTokenError: invalid signature',
    PyJWT: 'InvalidSignatureError',
  };
  const EXPIRED = {
    us: 'ERR_EXPIRED',
    jose: 'ERR_JWT_EXPIRED',
    jsonwebtoken: 'TokenExpiredError',
    PyJWT: 'ExpiredSignatureError',
  };
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const tamper = (token) => {
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    // A privilege escalation: flip canRemoveParticipants.
    claims.permissions = { ...claims.permissions, canRemoveParticipants: !claims.permissions?.canRemoveParticipants };
    return `${header}.${b64(claims)}.${signature}`;
  };

  // cases: { label, token, secret, iss, expect: null (accept) | table }
  const cases = [];
  const pySign = [];
  for (let k = 0; k < REJECT_SAMPLES; k++) {
    const set = claimSet(SEED, 'reject', k, NOW);
    const secret = SECRETS[k % SECRETS.length];
    const good = { ...theirPayload(set), iat: NOW - 60, exp: NOW + 3600 };
    if (good.nbf !== undefined) good.nbf = NOW - 60;
    const expired = { ...good, iat: NOW - 7200, exp: NOW - 3600 };
    if (expired.nbf !== undefined) expired.nbf = NOW - 7200;
    const base = `seed ${SEED_HEX} reject #${k}`;
    const add = (producer, variant, token, expect) =>
      cases.push({ label: `${base} ${producer} ${variant}`, token, secret, iss: set.iss, expect, set });

    // us
    const ours = (s, issuedAt) =>
      iso.createToken({
        apiKey: set.iss,
        apiSecret: forUs(s),
        roomId: set.room,
        participantName: set.sub,
        permissions: set.permissions,
        name: set.name,
        metadata: set.metadata,
        expiresIn: 3600,
        currentDate: new Date(issuedAt * 1000),
      });
    const ourGood = ours(secret, NOW - 60);
    add('us', 'untouched', ourGood, null);
    add('us', 'wrong-secret', ours(wrongSecret(secret), NOW - 60), SIGNATURE);
    add('us', 'expired', ours(secret, NOW - 7200), EXPIRED);
    add('us', 'tampered', tamper(ourGood), SIGNATURE);
    // jose
    const viaJose = (payload, s) => new jose.SignJWT(payload).setProtectedHeader(STANDARD_HEADER).sign(forJose(s));
    const joseGood = await viaJose(good, secret);
    add('jose', 'untouched', joseGood, null);
    add('jose', 'wrong-secret', await viaJose(good, wrongSecret(secret)), SIGNATURE);
    add('jose', 'expired', await viaJose(expired, secret), EXPIRED);
    add('jose', 'tampered', tamper(joseGood), SIGNATURE);
    // jsonwebtoken
    const viaJwt = (payload, s) => jsonwebtoken.sign(payload, forJsonwebtoken(s), { algorithm: 'HS256' });
    const jwtGood = viaJwt(good, secret);
    add('jsonwebtoken', 'untouched', jwtGood, null);
    add('jsonwebtoken', 'wrong-secret', viaJwt(good, wrongSecret(secret)), SIGNATURE);
    add('jsonwebtoken', 'expired', viaJwt(expired, secret), EXPIRED);
    add('jsonwebtoken', 'tampered', tamper(jwtGood), SIGNATURE);
    // PyJWT (signed below, in one batch)
    pySign.push({ base, set, secret, good, expired });
  }
  const pyTokens = pyjwt(
    pySign.flatMap(({ good, expired, secret }) => [
      { op: 'sign', payload: good, secret: forPy(secret) },
      { op: 'sign', payload: good, secret: forPy(wrongSecret(secret)) },
      { op: 'sign', payload: expired, secret: forPy(secret) },
    ]),
  ).map((r) => r.token);
  pySign.forEach(({ base, set, secret }, k) => {
    const [good, wrong, expired] = pyTokens.slice(3 * k, 3 * k + 3);
    const add = (variant, token, expect) =>
      cases.push({ label: `${base} PyJWT ${variant}`, token, secret, iss: set.iss, expect, set });
    add('untouched', good, null);
    add('wrong-secret', wrong, SIGNATURE);
    add('expired', expired, EXPIRED);
    add('tampered', tamper(good), SIGNATURE);
  });

  // Every case through all four verifiers.
  const pyResults = pyjwt(cases.map((c) => ({ op: 'verify', token: c.token, secret: forPy(c.secret), issuer: c.iss })));
  for (const [n, c] of cases.entries()) {
    const verdicts = {
      us: ourVerify(c.token, c.secret, c.iss, n % 2),
      jose: await joseVerify(c.token, c.secret, c.iss),
      jsonwebtoken: jsonwebtokenVerify(c.token, c.secret, c.iss),
      PyJWT: pyResults[n],
    };
    for (const [verifier, verdict] of Object.entries(verdicts)) {
      g.check(
        `${c.label} -> ${verifier}`,
        () => {
          if (c.expect === null) {
            assert.ok(verdict.ok, `rejected the untouched token: ${verdict.error}`);
            assert.equal(verdict.claims.sub, c.set.sub);
            assert.equal(verdict.claims.room, c.set.room);
          } else {
            assert.ok(!verdict.ok, 'accepted it');
            assert.equal(verdict.error, c.expect[verifier]);
          }
        },
        ` | ${describe(c.set)}`,
      );
    }
  }
  g.done();
});

test('the README Flask/PyJWT snippet (tests/interop/flask_snippet.py) makes tokens we verify', () => {
  const g = group('flask-snippet');
  const secret = SECRETS[1];
  const issued = NOW - 60;
  const snake = {
    canPublish: 'can_publish',
    canSubscribe: 'can_subscribe',
    canUpdateMetadata: 'can_update_metadata',
    canUpdateRoom: 'can_update_room',
    canRemoveParticipants: 'can_remove_participants',
  };
  const jobs = [];
  // 1. The docs' example, as the Flask route calls it.
  const seedKwargs = {
    api_key: 'APIflask0example',
    api_secret: secret.text,
    room_id: 'daily-standup',
    participant_name: 'alice',
    permissions: { can_publish: true, can_subscribe: true, can_update_metadata: true },
    expires_in: '1h',
    now: issued,
  };
  jobs.push({
    label: 'seed example',
    kwargs: seedKwargs,
    expected: {
      iss: 'APIflask0example',
      sub: 'alice',
      room: 'daily-standup',
      permissions: { canPublish: true, canSubscribe: true, canUpdateMetadata: true },
      iat: issued,
      nbf: issued,
      exp: issued + 3600,
    },
  });
  // 2. Generated claim sets (unicode, limits, every permission spelled snake_case).
  for (let i = 0; i < 60; i++) {
    const set = claimSet(SEED, 'flask', i, NOW);
    const rng = rngFor(SEED, 'flask-ttl', i);
    const [expiresIn, seconds] = rng.pick([
      ['30m', 1800],
      ['1h', 3600],
      ['6h', 21600],
      ['1d', 86400],
      [900, 900],
    ]);
    const kwargs = {
      api_key: set.iss,
      api_secret: secret.text,
      room_id: set.room,
      participant_name: set.sub,
      permissions: Object.fromEntries(Object.entries(set.permissions).map(([k, v]) => [i % 2 ? snake[k] : k, v])),
      expires_in: expiresIn,
      now: issued,
    };
    if (set.name !== undefined) kwargs.name = set.name;
    if (set.metadata !== undefined) kwargs.metadata = set.metadata;
    const expected = { iss: set.iss, sub: set.sub, room: set.room };
    if (set.name !== undefined) expected.name = set.name;
    if (set.metadata !== undefined) expected.metadata = set.metadata;
    Object.assign(expected, { permissions: set.permissions, iat: issued, nbf: issued, exp: issued + seconds });
    jobs.push({ label: `seed ${SEED_HEX} flask #${i}`, kwargs, expected, set });
  }
  // 3. Metadata at our 8192-byte limit, all non-ASCII: fits because the snippet writes UTF-8.
  const cjk = `${'界'.repeat(2730)}xx`; // 8192 bytes
  jobs.push({
    label: '8192 bytes of CJK metadata',
    kwargs: { ...seedKwargs, metadata: cjk },
    expected: { ...jobs[0].expected, metadata: cjk },
  });
  // 4. What the snippet must refuse (our verifier would refuse the token).
  const refused = [
    {
      label: 'non-boolean permission',
      kwargs: { ...seedKwargs, permissions: { can_publish: 'false' } },
      message: /True or False/,
    },
    {
      label: 'unknown permission',
      kwargs: { ...seedKwargs, permissions: { can_fly: true } },
      message: /unknown permissions/,
    },
    { label: 'blank identity', kwargs: { ...seedKwargs, participant_name: ' \u3000' }, message: /participant_name/ },
    { label: 'control character in room', kwargs: { ...seedKwargs, room_id: 'a\u0085b' }, message: /room_id/ },
    {
      label: 'bidi override in identity',
      kwargs: { ...seedKwargs, participant_name: 'admin\u202enimda' },
      message: /participant_name/,
    },
    { label: 'identity over 256 bytes', kwargs: { ...seedKwargs, participant_name: 'é'.repeat(129) }, message: /256/ },
  ];
  // 5. The same CJK metadata through PyJWT's default encoder (\uXXXX escapes): over our cap.
  const defaultEncoder = { op: 'sign', payload: { ...jobs[0].expected, metadata: cjk }, secret: forPy(secret) };
  const results = pyjwt(
    [...jobs, ...refused].map((j) => ({ op: 'flask_snippet', kwargs: j.kwargs })).concat([defaultEncoder]),
  );

  jobs.forEach((job, k) => {
    g.check(
      `${job.label}`,
      () => {
        const result = results[k];
        assert.ok(result.ok, `the snippet refused it: ${result.message}`);
        const claims = iso.verifyToken(result.token, {
          apiSecret: secret.text,
          apiKey: job.kwargs.api_key,
          currentDate: AT_NOW,
        });
        assert.deepStrictEqual(claims, job.expected);
        assert.deepStrictEqual(iso.decodeTokenHeader(result.token), STANDARD_HEADER);
        // Same layout, byte for byte: the snippet's token IS createToken's token.
        const ours = iso.createToken({
          apiKey: job.expected.iss,
          apiSecret: secret.text,
          roomId: job.expected.room,
          participantName: job.expected.sub,
          permissions: job.expected.permissions,
          name: job.expected.name,
          metadata: job.expected.metadata,
          expiresIn: job.expected.exp - job.expected.iat,
          currentDate: new Date(issued * 1000),
        });
        assert.equal(result.token, ours, 'not byte-identical to createToken');
      },
      job.set ? ` | ${describe(job.set)}` : '',
    );
  });
  g.check("PyJWT's default encoder makes that token too large for us", () => {
    const token = results.at(-1).token;
    assert.ok(token.length > 16 * 1024);
    assert.throws(() => iso.verifyToken(token, { apiSecret: secret.text, currentDate: AT_NOW }), {
      code: 'ERR_TOKEN_TOO_LARGE',
    });
  });
  refused.forEach((r, k) => {
    g.check(`snippet refuses: ${r.label}`, () => {
      const result = results[jobs.length + k];
      assert.equal(result.ok, false);
      assert.match(result.message, r.message);
    });
  });
  g.done();
});
