// No secret and no token ever leaks through an error, a signer or a client, and nothing is
// logged: against the PACKED package in a throwaway consumer. Every error path of the public
// API that Node can reach (createToken, verifyToken, decodeToken, decodeTokenHeader,
// parseDuration, TokenSigner, IsometrikClient, tokenExpiresIn, scheduleTokenRefresh; the
// ERR_BROWSER_SECRET paths in a child process that defines `document`) is driven with a
// recognizable secret, as a string and as a Uint8Array, and with recognizable tokens signed by
// it. For each error: it is an IsometrikTokenError with the expected code; neither the secret
// (text, base64, base64url, hex, byte list, or a 16-character piece of any of them) nor the
// whole token nor its signature appears in error.message, error.stack, String(error),
// JSON.stringify(error), util.inspect(error, { depth: Infinity, showHidden: true }) or
// error.claims; and a normal call still works afterwards. The matrix of API x code reached is
// checked at the end, so a path cannot silently stop being exercised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { makeEntryConsumer, removeConsumer } from './support/package.mjs';
import { withEnv } from './support/env.mjs';
import { runOk } from './support/run.mjs';

const KEY = 'APIsecretsTest';
const NOW = 1_750_000_000; // the verification clock, seconds
const AT = new Date(NOW * 1000);
const HOUR = 3600;

// ── recognizable secrets ──────────────────────────────────────────────────────────────────
const SECRET_STRING = 'Zq9-CANARY-string-secret-7f3a9c1e-do-not-leak-b45d0e21';
const SECRET_BYTES = new Uint8Array(
  Buffer.concat([Buffer.from('Yx7-CANARY-bytes-'), createHash('sha256').update('secrets.test bytes canary').digest()]),
);
const OTHER_SECRET = 'Hn8-CANARY-other-secret-3d5f7a9b-do-not-leak-c2e4';
const ENV_SECRET = 'Wv3-CANARY-env-secret-0c9e5a77-do-not-leak-61fd2b8a';
const WEAK_SECRET = 'Ku2-CANARY-weak'; // 15 bytes
const WEAK_BYTES = SECRET_BYTES.slice(0, 31);
const PEM_SECRET =
  '-----BEGIN PUBLIC KEY-----\nPm5CANARYpemBody3e8a1f9d2c7b6a5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b\n-----END PUBLIC KEY-----\n';
const JWK_SECRET = '{"kty":"oct","k":"Jw4CANARYjwkBody9a7e2c51f0d3b8a6e4c2"}';

/** [label, secret] for the two accepted forms. */
const SECRET_FORMS = [
  ['string secret', SECRET_STRING],
  ['Uint8Array secret', SECRET_BYTES],
];

// ── what must never appear ────────────────────────────────────────────────────────────────
// A secret may not appear in any form, nor any PIECE of one: every 16-character window of
// every form is forbidden (a Map lookup per position of each surface). Whole tokens are
// looked for as they are; their signatures window by window, like secrets.
const WINDOW = 16;
/** 16-character piece -> what it is a piece of. */
const windows = new Map();
/** Needles matched whole: tokens, and forms shorter than a window. */
const whole = [];
const squeeze = (s) => s.replace(/\s+/g, '');

function forbidText(label, text) {
  for (const form of new Set([text, squeeze(text)])) {
    if (form.length < WINDOW) {
      if (form.length >= 12 && !whole.some((n) => n.text === form)) whole.push({ label, text: form });
      continue;
    }
    for (let i = 0; i + WINDOW <= form.length; i++) {
      const piece = form.slice(i, i + WINDOW);
      if (!windows.has(piece)) windows.set(piece, label);
    }
  }
}

/** A secret in every form an accidental leak could take. */
function forbidSecret(label, value) {
  const bytes = Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  const forms = [
    ['text', typeof value === 'string' ? value : bytes.toString('latin1')],
    ['UTF-8 text', bytes.toString('utf8')],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['HEX', bytes.toString('hex').toUpperCase()],
    ['byte list', [...bytes].join(',')], // util.inspect of a Uint8Array, whitespace aside
  ];
  for (const [form, text] of forms) forbidText(`${label} (${form})`, text);
}

/** A token: the whole of it, and any piece of its signature segment. */
function forbidToken(label, token) {
  if (token.length >= 12 && !whole.some((n) => n.text === token))
    whole.push({ label: `${label} (whole token)`, text: token });
  const signature = token.slice(token.lastIndexOf('.') + 1);
  if (signature.length >= WINDOW) forbidText(`${label} (signature)`, signature);
  return token;
}

for (const [label, value] of [
  ['the string secret', SECRET_STRING],
  ['the Uint8Array secret', SECRET_BYTES],
  ['the other secret', OTHER_SECRET],
  ['the environment secret', ENV_SECRET],
  ['the weak secret', WEAK_SECRET],
  ['the weak secret bytes', WEAK_BYTES],
  ['the PEM secret', PEM_SECRET],
  ['the JWK secret', JWK_SECRET],
]) {
  forbidSecret(label, value);
}

const INSPECT = {
  depth: Infinity,
  showHidden: true,
  getters: true,
  maxArrayLength: Infinity,
  maxStringLength: Infinity,
  breakLength: Infinity,
};

/** Every place an error could show a secret. */
function surfacesOf(err) {
  const attempt = (fn) => {
    try {
      return String(fn());
    } catch (e) {
      return `<threw ${e?.name}>`;
    }
  };
  const surfaces = {
    'error.message': attempt(() => err.message),
    'error.stack': attempt(() => err.stack),
    'String(error)': attempt(() => String(err)),
    'JSON.stringify(error)': attempt(() => JSON.stringify(err)),
    'util.inspect(error)': util.inspect(err, INSPECT),
  };
  if (err !== null && typeof err === 'object' && 'claims' in err) {
    surfaces['error.claims'] = `${util.inspect(err.claims, INSPECT)}\n${attempt(() => JSON.stringify(err.claims))}`;
  }
  return surfaces;
}

/** What the surfaces show of anything forbidden: [] when nothing leaks. Never prints a needle. */
function leaksIn(surfaces) {
  const found = new Set();
  for (const [where, text] of Object.entries(surfaces)) {
    for (const form of [text, squeeze(text)]) {
      for (let i = 0; i + WINDOW <= form.length; i++) {
        const hit = windows.get(form.slice(i, i + WINDOW));
        if (hit !== undefined) found.add(`${where} shows a piece of ${hit}`);
      }
      for (const needle of whole) if (form.includes(needle.text)) found.add(`${where} shows ${needle.label}`);
    }
  }
  return [...found];
}

// ── console capture ───────────────────────────────────────────────────────────────────────
const logged = [];
const warnings = [];
const savedConsole = new Map();
const onWarning = (w) => warnings.push(`${w.name}: ${w.message}`);
function captureConsole() {
  for (const name of Object.keys(console)) {
    if (typeof console[name] !== 'function') continue;
    savedConsole.set(name, console[name]);
    console[name] = (...args) => logged.push(`console.${name}(${args.length} argument(s))`);
  }
  process.on('warning', onWarning);
}
function restoreConsole() {
  for (const [name, fn] of savedConsole) console[name] = fn;
  savedConsole.clear();
  process.off('warning', onWarning);
}

// ── the package ───────────────────────────────────────────────────────────────────────────
/** @type {typeof import('isometrik-token')} */
let iso;
let consumer;
/** A signer made before any error, used after each one. */
let sharedSigner;
before(async () => {
  let entryUrl;
  ({ dir: consumer, entryUrl } = makeEntryConsumer('secrets'));
  captureConsole(); // before the import: loading the module must not log either
  iso = await import(entryUrl);
  sharedSigner = new iso.TokenSigner({ apiKey: KEY, apiSecret: SECRET_BYTES });
});
after(() => {
  restoreConsole();
  sharedSigner?.free();
  removeConsumer(consumer);
});

/** api -> Set of codes seen. */
const reached = new Map();
let errorsChecked = 0;

/** A normal round trip with the module-level functions and with a signer made before any error. */
function stillWorks(after) {
  try {
    const token = iso.createToken({
      apiKey: KEY,
      apiSecret: SECRET_STRING,
      roomId: 'after-error',
      participantName: 'bob',
      currentDate: AT,
    });
    assert.equal(iso.verifyToken(token, { apiSecret: SECRET_STRING, currentDate: AT }).room, 'after-error');
    assert.equal(iso.decodeToken(token).sub, 'bob');
    const own = sharedSigner.create({ roomId: 'shared', participantName: 'carol', currentDate: AT });
    assert.equal(sharedSigner.verify(own, { currentDate: AT }).sub, 'carol');
  } catch (err) {
    assert.fail(`the module stopped working after ${after}: ${err?.code ?? ''} ${err?.message}`);
  }
}

/** Checks one error: class, code (and field/claim), no leak anywhere, and the module still works. */
function checkError(api, what, err, code, details = {}) {
  const label = `${api}: ${what}`;
  assert.ok(
    err instanceof iso.IsometrikTokenError,
    `${label}: threw a non-IsometrikTokenError ${err?.constructor?.name}`,
  );
  assert.equal(err.name, 'IsometrikTokenError', label);
  assert.equal(err.code, code, `${label}: ${err.message}`);
  for (const [k, v] of Object.entries(details)) assert.equal(err[k], v, `${label}: .${k}`);
  assert.deepEqual(leaksIn(surfacesOf(err)), [], `${label}: the error leaks`);
  if (!reached.has(api)) reached.set(api, new Set());
  reached.get(api).add(code);
  errorsChecked += 1;
  stillWorks(label);
}

function expectThrow(api, what, code, fn, details) {
  let threw = false;
  try {
    fn();
  } catch (err) {
    threw = true;
    checkError(api, what, err, code, details);
  }
  assert.ok(threw, `${api}: ${what}: expected ${code}, nothing was thrown`);
}

async function expectReject(api, what, code, fn, details) {
  let promise;
  try {
    promise = fn();
  } catch (err) {
    assert.fail(`${api}: ${what}: threw synchronously (${err?.code ?? err?.name}) instead of rejecting`);
  }
  assert.equal(typeof promise?.then, 'function', `${api}: ${what}: did not return a promise`);
  let rejected = false;
  try {
    await promise;
  } catch (err) {
    rejected = true;
    checkError(api, what, err, code, details);
  }
  assert.ok(rejected, `${api}: ${what}: expected ${code}, it resolved`);
}

// ── recognizable tokens ───────────────────────────────────────────────────────────────────
const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token signed here (node:crypto) with `secret`, from a header and a payload (objects or JSON text). */
function mint(label, secret, payload, header = { alg: 'HS256', typ: 'JWT' }) {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  const signature = createHmac('sha256', Buffer.from(secret)).update(signingInput).digest('base64url');
  return forbidToken(label, `${signingInput}.${signature}`);
}

const CLAIMS = {
  iss: KEY,
  sub: 'alice',
  room: 'room-a',
  iat: NOW,
  nbf: NOW,
  exp: NOW + HOUR,
  permissions: { canPublish: true },
};

/** The tokens every verify path is fed, signed with `secret`. */
function tokensFor(secret, label) {
  const good = forbidToken(
    `${label}: a valid token`,
    iso.createToken({ apiKey: KEY, apiSecret: secret, roomId: 'room-a', participantName: 'alice', currentDate: AT }),
  );
  const [h, p, s] = good.split('.');
  const flipped = `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
  return {
    good,
    tooLarge: forbidToken(`${label}: an oversize token`, `${h}.${p}${'A'.repeat(17_000)}.${s}`),
    malformed: [
      ['four segments', forbidToken(`${label}: four segments`, `${good}.${s}`)],
      ['two segments', `${h}.${p}`],
      ['a Bearer prefix', forbidToken(`${label}: Bearer`, `Bearer ${good}`)],
      ['a trailing newline', forbidToken(`${label}: newline`, `${good}\n`)],
      ['a padded signature', forbidToken(`${label}: padded`, `${good}=`)],
    ],
    algNone: mint(`${label}: alg none`, secret, CLAIMS, { alg: 'none' }),
    algHS512: mint(`${label}: alg HS512`, secret, CLAIMS, { alg: 'HS512', typ: 'JWT' }),
    crit: mint(`${label}: crit`, secret, CLAIMS, { alg: 'HS256', typ: 'JWT', crit: ['exp'], exp: 1 }),
    typ: mint(`${label}: typ`, secret, CLAIMS, { alg: 'HS256', typ: 'JWE' }),
    badSignature: forbidToken(`${label}: flipped signature`, `${h}.${p}.${flipped}`),
    otherKey: mint(`${label}: signed with another secret`, OTHER_SECRET, CLAIMS),
    expired: mint(`${label}: expired`, secret, {
      ...CLAIMS,
      iat: NOW - 2 * HOUR,
      nbf: NOW - 2 * HOUR,
      exp: NOW - HOUR,
    }),
    notYetValid: mint(`${label}: not yet valid`, secret, { ...CLAIMS, nbf: NOW + HOUR, exp: NOW + 2 * HOUR }),
    badClaim: mint(`${label}: sub is a number`, secret, { ...CLAIMS, sub: 1 }),
    foreignIssuer: mint(`${label}: foreign issuer`, secret, { ...CLAIMS, iss: 'APIforeign' }),
    duplicate: mint(
      `${label}: duplicate claim`,
      secret,
      `{"iss":"${KEY}","sub":"alice","sub":"admin","room":"room-a","exp":${NOW + HOUR}}`,
    ),
  };
}

/**
 * Every verification error of a verify function `verify(token, checks)` for tokens signed with
 * the verifier's secret. `needsKey`: whether the issuer check needs `apiKey` (verifyToken) or
 * defaults to the signer's (TokenSigner, IsometrikClient).
 */
async function verifyPaths(api, tokens, verify, { needsKey, asyncApi = false }) {
  const expect = asyncApi
    ? (what, code, fn, details) => expectReject(api, what, code, fn, details)
    : async (what, code, fn, details) => expectThrow(api, what, code, fn, details);
  const at = { currentDate: AT };
  await expect('a number as the token', 'ERR_INVALID_OPTIONS', () => verify(42, at), { field: 'token' });
  await expect('the token in a String object', 'ERR_INVALID_OPTIONS', () => verify(new String(tokens.good), at), {
    field: 'token',
  });
  await expect('clockTolerance not a duration', 'ERR_INVALID_DURATION', () =>
    verify(tokens.good, { ...at, clockTolerance: 'soon' }),
  );
  await expect(
    'clockTolerance an object',
    'ERR_INVALID_OPTIONS',
    () => verify(tokens.good, { ...at, clockTolerance: {} }),
    { field: 'clockTolerance' },
  );
  await expect(
    'clockTolerance above an hour',
    'ERR_INVALID_OPTIONS',
    () => verify(tokens.good, { ...at, clockTolerance: 7200 }),
    { field: 'clockTolerance' },
  );
  await expect('currentDate not a Date', 'ERR_INVALID_OPTIONS', () => verify(tokens.good, { currentDate: NOW }), {
    field: 'currentDate',
  });
  await expect('an invalid Date', 'ERR_INVALID_OPTIONS', () => verify(tokens.good, { currentDate: new Date(NaN) }), {
    field: 'currentDate',
  });
  await expect('roomId not a string', 'ERR_INVALID_OPTIONS', () => verify(tokens.good, { ...at, roomId: 7 }), {
    field: 'roomId',
  });
  await expect('apiKey not a string', 'ERR_INVALID_OPTIONS', () => verify(tokens.good, { ...at, apiKey: ['APIx'] }), {
    field: 'apiKey',
  });
  await expect('a throwing currentDate getter', 'ERR_INVALID_OPTIONS', () =>
    verify(tokens.good, {
      get currentDate() {
        throw new Error(`getter failed with ${SECRET_STRING} ${tokens.good}`);
      },
    }),
  );
  await expect('an oversize token', 'ERR_TOKEN_TOO_LARGE', () => verify(tokens.tooLarge, at));
  for (const [what, token] of tokens.malformed)
    await expect(`a token with ${what}`, 'ERR_MALFORMED_TOKEN', () => verify(token, at));
  await expect('a duplicate claim', 'ERR_MALFORMED_TOKEN', () => verify(tokens.duplicate, at));
  await expect('alg none', 'ERR_UNSUPPORTED_ALG', () => verify(tokens.algNone, at));
  await expect('alg HS512', 'ERR_UNSUPPORTED_ALG', () => verify(tokens.algHS512, at));
  await expect('crit', 'ERR_UNSUPPORTED_HEADER', () => verify(tokens.crit, at));
  await expect('typ JWE', 'ERR_UNSUPPORTED_HEADER', () => verify(tokens.typ, at));
  await expect('a changed signature', 'ERR_BAD_SIGNATURE', () => verify(tokens.badSignature, at));
  await expect('a token of another secret', 'ERR_BAD_SIGNATURE', () => verify(tokens.otherKey, at));
  await expect('an expired token', 'ERR_EXPIRED', () => verify(tokens.expired, at), { claim: 'exp' });
  await expect('a token not yet valid', 'ERR_NOT_YET_VALID', () => verify(tokens.notYetValid, at), { claim: 'nbf' });
  await expect('a token valid for an hour, an hour late', 'ERR_EXPIRED', () =>
    verify(tokens.good, { currentDate: new Date((NOW + 2 * HOUR) * 1000) }),
  );
  await expect('sub a number', 'ERR_CLAIM_INVALID', () => verify(tokens.badClaim, at), { claim: 'sub' });
  await expect('another room', 'ERR_ROOM_MISMATCH', () => verify(tokens.good, { ...at, roomId: 'room-b' }), {
    claim: 'room',
  });
  await expect(
    'another expected issuer',
    'ERR_ISSUER_MISMATCH',
    () => verify(tokens.good, { ...at, apiKey: 'APIother' }),
    { claim: 'iss' },
  );
  if (!needsKey)
    await expect('a foreign issuer', 'ERR_ISSUER_MISMATCH', () => verify(tokens.foreignIssuer, at), { claim: 'iss' });
}

// ── the tests ─────────────────────────────────────────────────────────────────────────────
test('the leak detector finds a secret or a token in any form, whole or in part', () => {
  // Errors made here to leak on purpose: if one of them passed, the checks below would prove nothing.
  const E = iso.IsometrikTokenError;
  const token = tokensFor(SECRET_STRING, 'self-check').good;
  const signature = token.split('.')[2];
  const hidden = new E('ERR_X', 'fine');
  Object.defineProperty(hidden, 'key', { value: SECRET_STRING, enumerable: false });
  const caused = new E('ERR_X', 'fine');
  caused.cause = new Error(`wrapped ${OTHER_SECRET}`);
  const leaky = {
    'the text': new E('ERR_X', `oops ${SECRET_STRING}`),
    'a piece of the text': new E('ERR_X', `oops ${SECRET_STRING.slice(21, 38)}`),
    'the hex of the bytes': new E('ERR_X', `oops ${Buffer.from(SECRET_BYTES).toString('hex')}`),
    'a piece of the base64': new E('ERR_X', `oops ${Buffer.from(SECRET_STRING).toString('base64').slice(9, 29)}`),
    'the bytes in a property': Object.assign(new E('ERR_X', 'fine'), { key: SECRET_BYTES }),
    'a Buffer in a property': Object.assign(new E('ERR_X', 'fine'), { key: Buffer.from(SECRET_BYTES.slice(10, 30)) }),
    'a hidden property': hidden,
    'a cause': caused,
    'a weak secret': new E('ERR_X', `weak: ${WEAK_SECRET}`),
    'the whole token': new E('ERR_X', `bad token ${token}`),
    'a piece of the signature': new E('ERR_X', `bad signature ${signature.slice(5, 25)}`),
    'the token in the claims': new E('ERR_X', 'fine', { claims: { token } }),
    'the environment secret': new E('ERR_X', `${ENV_SECRET.slice(3, 25)}`),
  };
  const missed = Object.entries(leaky)
    .filter(([, err]) => leaksIn(surfacesOf(err)).length === 0)
    .map(([what]) => what);
  assert.deepEqual(missed, [], 'leaks the detector missed');
  assert.deepEqual(leaksIn(surfacesOf(new E('ERR_X', 'a harmless message', { field: 'apiSecret' }))), []);
});

for (const [form, secret] of SECRET_FORMS) {
  const base = () => ({ apiKey: KEY, apiSecret: secret, roomId: 'room-a', participantName: 'alice', currentDate: AT });

  test(`createToken, with the ${form}`, () => {
    const api = 'createToken';
    const create = (options) => iso.createToken(options);
    expectThrow(api, 'options null', 'ERR_INVALID_OPTIONS', () => create(null));
    expectThrow(api, 'options an array', 'ERR_INVALID_OPTIONS', () => create([base()]));
    expectThrow(api, 'no apiKey', 'ERR_INVALID_OPTIONS', () => create({ ...base(), apiKey: undefined }), {
      field: 'apiKey',
    });
    expectThrow(
      api,
      'the secret text (with a space) as apiKey',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiKey: `${SECRET_STRING} ` }),
      { field: 'apiKey' },
    );
    expectThrow(
      api,
      'the secret bytes as apiKey',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiKey: SECRET_BYTES }),
      { field: 'apiKey' },
    );
    expectThrow(
      api,
      'apiKey an object that stringifies to the secret',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiKey: { toString: () => SECRET_STRING } }),
      { field: 'apiKey' },
    );
    expectThrow(
      api,
      'apiKey of 257 bytes',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiKey: 'K'.repeat(257) }),
      { field: 'apiKey' },
    );
    expectThrow(api, 'no apiSecret', 'ERR_INVALID_OPTIONS', () => create({ ...base(), apiSecret: undefined }), {
      field: 'apiSecret',
    });
    expectThrow(
      api,
      'apiSecret a number',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiSecret: 12345678901234567000 }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret an ArrayBuffer',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiSecret: Buffer.from(secret).buffer.slice(0) }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret a DataView',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiSecret: new DataView(new Uint8Array(Buffer.from(secret)).buffer) }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret an array of bytes',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiSecret: [...Buffer.from(secret)] }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret an object that stringifies to the secret',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiSecret: { toString: () => SECRET_STRING, toJSON: () => SECRET_STRING } }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret with a lone surrogate',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), apiSecret: `${SECRET_STRING}\uD800` }),
      { field: 'apiSecret' },
    );
    expectThrow(api, 'an apiSecret getter that throws the secret', 'ERR_INVALID_OPTIONS', () =>
      create({
        ...base(),
        get apiSecret() {
          throw new Error(`cannot read ${SECRET_STRING}`);
        },
      }),
    );
    expectThrow(api, 'a Proxy whose traps throw the secret', 'ERR_INVALID_OPTIONS', () =>
      create(
        new Proxy(base(), {
          get(target, key) {
            if (key === 'roomId') throw new TypeError(`trap saw ${SECRET_STRING}`);
            return target[key];
          },
        }),
      ),
    );
    expectThrow(
      api,
      'allowWeakSecret not a boolean',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), allowWeakSecret: 'yes' }),
      { field: 'allowWeakSecret' },
    );
    expectThrow(api, 'an empty roomId', 'ERR_INVALID_OPTIONS', () => create({ ...base(), roomId: '' }), {
      field: 'roomId',
    });
    expectThrow(api, 'a weak secret', 'ERR_WEAK_SECRET', () => create({ ...base(), apiSecret: WEAK_SECRET }));
    expectThrow(api, '31 secret bytes', 'ERR_WEAK_SECRET', () => create({ ...base(), apiSecret: WEAK_BYTES }));
    expectThrow(api, 'an empty secret', 'ERR_WEAK_SECRET', () => create({ ...base(), apiSecret: '' }));
    expectThrow(api, 'a weak secret, allowWeakSecret and empty', 'ERR_WEAK_SECRET', () =>
      create({ ...base(), apiSecret: new Uint8Array(0), allowWeakSecret: true }),
    );
    expectThrow(api, 'a PEM block as the secret', 'ERR_WEAK_SECRET', () =>
      create({ ...base(), apiSecret: PEM_SECRET }),
    );
    expectThrow(api, 'a JWK as the secret', 'ERR_WEAK_SECRET', () =>
      create({ ...base(), apiSecret: Buffer.from(JWK_SECRET) }),
    );
    expectThrow(api, 'maxExpiresIn not a duration', 'ERR_INVALID_DURATION', () =>
      create({ ...base(), maxExpiresIn: 'forever' }),
    );
    expectThrow(api, 'maxExpiresIn an object', 'ERR_INVALID_OPTIONS', () => create({ ...base(), maxExpiresIn: {} }), {
      field: 'maxExpiresIn',
    });
    expectThrow(api, 'no roomId', 'ERR_INVALID_OPTIONS', () => create({ ...base(), roomId: undefined }), {
      field: 'roomId',
    });
    expectThrow(api, 'a blank roomId', 'ERR_INVALID_OPTIONS', () => create({ ...base(), roomId: '   ' }), {
      field: 'roomId',
    });
    expectThrow(
      api,
      'roomId of 257 bytes',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), roomId: 'r'.repeat(257) }),
      { field: 'roomId' },
    );
    expectThrow(
      api,
      'a control character in roomId',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), roomId: 'a\u0000b' }),
      { field: 'roomId' },
    );
    expectThrow(
      api,
      'participantName a number',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), participantName: 7 }),
      { field: 'participantName' },
    );
    expectThrow(api, 'a blank name', 'ERR_INVALID_OPTIONS', () => create({ ...base(), name: '\t' }), { field: 'name' });
    expectThrow(
      api,
      'metadata of 8193 bytes',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), metadata: 'm'.repeat(8193) }),
      { field: 'metadata' },
    );
    expectThrow(
      api,
      'an unknown permission',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), permissions: { canFly: true } }),
      { field: 'permissions.canFly' },
    );
    expectThrow(
      api,
      'a permission not a boolean',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), permissions: { canPublish: 'yes' } }),
      { field: 'permissions.canPublish' },
    );
    expectThrow(
      api,
      'permissions an array',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), permissions: ['canPublish'] }),
      { field: 'permissions' },
    );
    expectThrow(api, 'currentDate a string', 'ERR_INVALID_OPTIONS', () => create({ ...base(), currentDate: 'now' }), {
      field: 'currentDate',
    });
    expectThrow(
      api,
      'currentDate before 1970',
      'ERR_INVALID_OPTIONS',
      () => create({ ...base(), currentDate: new Date(-1000) }),
      { field: 'currentDate' },
    );
    expectThrow(api, 'expiresIn 0', 'ERR_INVALID_DURATION', () => create({ ...base(), expiresIn: 0 }));
    expectThrow(api, 'expiresIn negative', 'ERR_INVALID_DURATION', () => create({ ...base(), expiresIn: -60 }));
    expectThrow(api, 'expiresIn Infinity', 'ERR_INVALID_DURATION', () => create({ ...base(), expiresIn: Infinity }));
    expectThrow(api, 'expiresIn NaN', 'ERR_INVALID_DURATION', () => create({ ...base(), expiresIn: NaN }));
    expectThrow(api, 'expiresIn a fraction', 'ERR_INVALID_DURATION', () => create({ ...base(), expiresIn: 1.5 }));
    expectThrow(api, 'expiresIn without a unit', 'ERR_INVALID_DURATION', () => create({ ...base(), expiresIn: '60' }));
    expectThrow(api, 'expiresIn above maxExpiresIn', 'ERR_INVALID_DURATION', () =>
      create({ ...base(), expiresIn: '2d' }),
    );
    expectThrow(api, 'expiresIn an object', 'ERR_INVALID_OPTIONS', () => create({ ...base(), expiresIn: {} }), {
      field: 'expiresIn',
    });
    expectThrow(api, 'a token over 16 KiB', 'ERR_TOKEN_TOO_LARGE', () =>
      create({ ...base(), metadata: '"'.repeat(8192) }),
    );
  });

  test(`verifyToken, with the ${form}`, async () => {
    const api = 'verifyToken';
    const tokens = tokensFor(secret, `verifyToken (${form})`);
    // Descriptors, not a spread: a getter in `checks` must reach the package, not throw here.
    const verify = (token, checks) =>
      iso.verifyToken(
        token,
        Object.defineProperties({ apiSecret: secret }, Object.getOwnPropertyDescriptors(checks ?? {})),
      );
    expectThrow(api, 'no options', 'ERR_INVALID_OPTIONS', () => iso.verifyToken(tokens.good));
    expectThrow(api, 'options a string', 'ERR_INVALID_OPTIONS', () => iso.verifyToken(tokens.good, SECRET_STRING));
    expectThrow(api, 'no apiSecret', 'ERR_INVALID_OPTIONS', () => iso.verifyToken(tokens.good, { currentDate: AT }), {
      field: 'apiSecret',
    });
    expectThrow(
      api,
      'apiSecret an ArrayBuffer',
      'ERR_INVALID_OPTIONS',
      () => iso.verifyToken(tokens.good, { apiSecret: Buffer.from(secret).buffer.slice(0) }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret a number',
      'ERR_INVALID_OPTIONS',
      () => iso.verifyToken(tokens.good, { apiSecret: 1 }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'apiSecret with a lone surrogate',
      'ERR_INVALID_OPTIONS',
      () => iso.verifyToken(tokens.good, { apiSecret: `\uDC00${SECRET_STRING}` }),
      { field: 'apiSecret' },
    );
    expectThrow(
      api,
      'allowWeakSecret not a boolean',
      'ERR_INVALID_OPTIONS',
      () => verify(tokens.good, { allowWeakSecret: 1 }),
      { field: 'allowWeakSecret' },
    );
    expectThrow(api, 'a weak secret', 'ERR_WEAK_SECRET', () =>
      iso.verifyToken(tokens.good, { apiSecret: WEAK_SECRET }),
    );
    expectThrow(api, '31 secret bytes', 'ERR_WEAK_SECRET', () =>
      iso.verifyToken(tokens.good, { apiSecret: WEAK_BYTES }),
    );
    expectThrow(api, 'a PEM block as the secret', 'ERR_WEAK_SECRET', () =>
      iso.verifyToken(tokens.good, { apiSecret: PEM_SECRET }),
    );
    expectThrow(api, 'a JWK as the secret', 'ERR_WEAK_SECRET', () =>
      iso.verifyToken(tokens.good, { apiSecret: JWK_SECRET, allowWeakSecret: true }),
    );
    expectThrow(api, 'the other secret', 'ERR_BAD_SIGNATURE', () =>
      iso.verifyToken(tokens.good, { apiSecret: OTHER_SECRET, currentDate: AT }),
    );
    await verifyPaths(api, tokens, verify, { needsKey: true });
    // The claims of an authentic token that failed its time check are exactly its payload.
    try {
      verify(tokens.expired, { currentDate: AT });
      assert.fail('no ERR_EXPIRED');
    } catch (err) {
      assert.deepEqual(err.claims, iso.decodeToken(tokens.expired));
    }
  });

  test(`TokenSigner, with the ${form}`, async () => {
    const signerOptions = () => ({ apiKey: KEY, apiSecret: secret });
    const ctor = 'new TokenSigner';
    const make = (options) => new iso.TokenSigner(options);
    expectThrow(ctor, 'no options', 'ERR_INVALID_OPTIONS', () => make());
    expectThrow(ctor, 'options a string', 'ERR_INVALID_OPTIONS', () => make(SECRET_STRING));
    expectThrow(ctor, 'no apiKey', 'ERR_INVALID_OPTIONS', () => make({ apiSecret: secret }), { field: 'apiKey' });
    // Swapped: the secret text is a well-formed API key, so the (short) key is the weak secret;
    // the bytes are no API key at all. Either way the error must not show the secret.
    if (typeof secret === 'string')
      expectThrow(ctor, 'key and secret swapped', 'ERR_WEAK_SECRET', () => make({ apiKey: secret, apiSecret: KEY }));
    else
      expectThrow(
        ctor,
        'key and secret swapped',
        'ERR_INVALID_OPTIONS',
        () => make({ apiKey: secret, apiSecret: KEY }),
        { field: 'apiKey' },
      );
    expectThrow(ctor, 'no apiSecret', 'ERR_INVALID_OPTIONS', () => make({ apiKey: KEY }), { field: 'apiSecret' });
    expectThrow(
      ctor,
      'apiSecret a Uint16Array',
      'ERR_INVALID_OPTIONS',
      () => make({ apiKey: KEY, apiSecret: new Uint16Array(Buffer.from(secret)) }),
      { field: 'apiSecret' },
    );
    expectThrow(
      ctor,
      'allowWeakSecret not a boolean',
      'ERR_INVALID_OPTIONS',
      () => make({ ...signerOptions(), allowWeakSecret: null }),
      { field: 'allowWeakSecret' },
    );
    expectThrow(
      ctor,
      'maxExpiresIn an array',
      'ERR_INVALID_OPTIONS',
      () => make({ ...signerOptions(), maxExpiresIn: [1] }),
      { field: 'maxExpiresIn' },
    );
    expectThrow(ctor, 'maxExpiresIn 0', 'ERR_INVALID_DURATION', () => make({ ...signerOptions(), maxExpiresIn: 0 }));
    expectThrow(ctor, 'maxExpiresIn not a duration', 'ERR_INVALID_DURATION', () =>
      make({ ...signerOptions(), maxExpiresIn: '1 fortnight' }),
    );
    expectThrow(ctor, 'a weak secret', 'ERR_WEAK_SECRET', () => make({ apiKey: KEY, apiSecret: WEAK_SECRET }));
    expectThrow(ctor, '31 secret bytes', 'ERR_WEAK_SECRET', () => make({ apiKey: KEY, apiSecret: WEAK_BYTES }));
    expectThrow(ctor, 'a PEM block as the secret', 'ERR_WEAK_SECRET', () =>
      make({ apiKey: KEY, apiSecret: Buffer.from(PEM_SECRET) }),
    );
    expectThrow(ctor, 'a JWK as the secret', 'ERR_WEAK_SECRET', () => make({ apiKey: KEY, apiSecret: JWK_SECRET }));

    const signer = make({ ...signerOptions(), maxExpiresIn: '2h' });
    // The signer itself shows nothing of its secret, however it is looked at.
    const views = {
      'util.inspect(signer)': util.inspect(signer, INSPECT),
      'String(signer)': String(signer),
      'JSON.stringify(signer)': JSON.stringify(signer),
      'Object.getOwnPropertyNames(signer)': Object.getOwnPropertyNames(signer).join(','),
      'util.inspect(prototype)': util.inspect(Object.getPrototypeOf(signer), INSPECT),
    };
    assert.deepEqual(leaksIn(views), []);
    assert.equal(signer.apiKey, KEY);

    const create = 'TokenSigner#create';
    const token = (options) =>
      signer.create({ roomId: 'room-a', participantName: 'alice', currentDate: AT, ...options });
    expectThrow(create, 'no options', 'ERR_INVALID_OPTIONS', () => signer.create());
    expectThrow(create, 'no roomId', 'ERR_INVALID_OPTIONS', () => token({ roomId: undefined }), { field: 'roomId' });
    expectThrow(
      create,
      'participantName with a lone surrogate',
      'ERR_INVALID_OPTIONS',
      () => token({ participantName: 'a\uD83D' }),
      { field: 'participantName' },
    );
    expectThrow(create, 'metadata a number', 'ERR_INVALID_OPTIONS', () => token({ metadata: 1 }), {
      field: 'metadata',
    });
    expectThrow(create, 'an unknown permission', 'ERR_INVALID_OPTIONS', () => token({ permissions: { admin: true } }), {
      field: 'permissions.admin',
    });
    expectThrow(
      create,
      'currentDate after 9999',
      'ERR_INVALID_OPTIONS',
      () => token({ currentDate: new Date(253402300800 * 1000) }),
      { field: 'currentDate' },
    );
    expectThrow(create, 'expiresIn above maxExpiresIn', 'ERR_INVALID_DURATION', () => token({ expiresIn: '3h' }));
    expectThrow(create, 'expiresIn negative text', 'ERR_INVALID_DURATION', () => token({ expiresIn: '-1h' }));
    expectThrow(create, 'a token over 16 KiB', 'ERR_TOKEN_TOO_LARGE', () => token({ metadata: '\\'.repeat(8192) }));

    const tokens = tokensFor(secret, `TokenSigner (${form})`);
    const verifyApi = 'TokenSigner#verify';
    expectThrow(verifyApi, 'options a string', 'ERR_INVALID_OPTIONS', () => signer.verify(tokens.good, 'x'));
    await verifyPaths(verifyApi, tokens, (t, checks) => signer.verify(t, checks), { needsKey: false });

    signer.free();
    assert.deepEqual(leaksIn({ 'util.inspect(freed signer)': util.inspect(signer, INSPECT) }), []);
    expectThrow(create, 'after free()', 'ERR_INVALID_OPTIONS', () => token({}), { field: 'signer' });
    expectThrow(
      verifyApi,
      'after free()',
      'ERR_INVALID_OPTIONS',
      () => signer.verify(tokens.good, { currentDate: AT }),
      { field: 'signer' },
    );
  });
}

test('decodeToken and decodeTokenHeader', () => {
  for (const [form, secret] of SECRET_FORMS) {
    const tokens = tokensFor(secret, `decode (${form})`);
    for (const api of ['decodeToken', 'decodeTokenHeader']) {
      const decode = (token) => iso[api](token);
      expectThrow(api, 'no token', 'ERR_INVALID_OPTIONS', () => decode(), { field: 'token' });
      expectThrow(api, 'a Buffer as the token', 'ERR_INVALID_OPTIONS', () => decode(Buffer.from(tokens.good)), {
        field: 'token',
      });
      expectThrow(api, 'an oversize token', 'ERR_TOKEN_TOO_LARGE', () => decode(tokens.tooLarge));
      expectThrow(api, 'a 1 MiB token', 'ERR_TOKEN_TOO_LARGE', () => decode(`${tokens.good}${'.'.repeat(1 << 20)}`));
      for (const [what, token] of tokens.malformed)
        expectThrow(api, `a token with ${what}`, 'ERR_MALFORMED_TOKEN', () => decode(token));
      expectThrow(api, 'a duplicate claim', 'ERR_MALFORMED_TOKEN', () => decode(tokens.duplicate));
      expectThrow(api, 'a payload that is not JSON', 'ERR_MALFORMED_TOKEN', () =>
        decode(mint('decode: not JSON', secret, 'not json')),
      );
    }
  }
});

test('parseDuration', () => {
  const api = 'parseDuration';
  expectThrow(api, 'no unit', 'ERR_INVALID_DURATION', () => iso.parseDuration('90'));
  expectThrow(api, 'an unknown unit', 'ERR_INVALID_DURATION', () => iso.parseDuration('1 fortnight'));
  expectThrow(api, 'a negative number', 'ERR_INVALID_DURATION', () => iso.parseDuration(-1));
  expectThrow(api, 'NaN', 'ERR_INVALID_DURATION', () => iso.parseDuration(NaN));
  expectThrow(api, 'the secret as a duration', 'ERR_INVALID_DURATION', () => iso.parseDuration(SECRET_STRING));
  expectThrow(api, 'an object', 'ERR_INVALID_OPTIONS', () => iso.parseDuration({ toString: () => SECRET_STRING }), {
    field: 'duration',
  });
  expectThrow(api, 'a lone surrogate', 'ERR_INVALID_OPTIONS', () => iso.parseDuration('1h\uD800'), {
    field: 'duration',
  });
});

test('IsometrikClient', async () => {
  const ctor = 'new IsometrikClient';
  const make = (options) => new iso.IsometrikClient(options);
  await withEnv({ ISOMETRIK_API_KEY: undefined, ISOMETRIK_API_SECRET: undefined }, async () => {
    expectThrow(ctor, 'options a string', 'ERR_INVALID_OPTIONS', () => make(SECRET_STRING), { field: 'options' });
    expectThrow(ctor, 'no apiKey anywhere', 'ERR_INVALID_OPTIONS', () => make({ apiSecret: SECRET_STRING }), {
      field: 'apiKey',
    });
    expectThrow(ctor, 'no apiSecret anywhere', 'ERR_INVALID_OPTIONS', () => make({ apiKey: KEY }), {
      field: 'apiSecret',
    });
    expectThrow(ctor, 'an apiSecret getter that throws the secret', 'ERR_INVALID_OPTIONS', () =>
      make({
        apiKey: KEY,
        get apiSecret() {
          throw new Error(SECRET_STRING);
        },
      }),
    );
    expectThrow(
      ctor,
      'key and secret swapped',
      'ERR_INVALID_OPTIONS',
      () => make({ apiKey: SECRET_BYTES, apiSecret: KEY }),
      { field: 'apiKey' },
    );
    expectThrow(ctor, 'maxExpiresIn not a duration', 'ERR_INVALID_DURATION', () =>
      make({ apiKey: KEY, apiSecret: SECRET_STRING, maxExpiresIn: 'a while' }),
    );
    expectThrow(ctor, 'a weak secret', 'ERR_WEAK_SECRET', () => make({ apiKey: KEY, apiSecret: WEAK_SECRET }));
    expectThrow(ctor, 'a PEM block as the secret', 'ERR_WEAK_SECRET', () =>
      make({ apiKey: KEY, apiSecret: PEM_SECRET }),
    );
  });
  await withEnv({ ISOMETRIK_API_KEY: 'bad key', ISOMETRIK_API_SECRET: ENV_SECRET }, async () => {
    expectThrow(ctor, 'a bad ISOMETRIK_API_KEY with ISOMETRIK_API_SECRET set', 'ERR_INVALID_OPTIONS', () => make(), {
      field: 'apiKey',
    });
  });
  await withEnv({ ISOMETRIK_API_KEY: KEY, ISOMETRIK_API_SECRET: WEAK_SECRET }, async () => {
    expectThrow(ctor, 'a weak ISOMETRIK_API_SECRET', 'ERR_WEAK_SECRET', () => make());
  });

  const clients = [];
  await withEnv({ ISOMETRIK_API_KEY: KEY, ISOMETRIK_API_SECRET: ENV_SECRET }, () => {
    clients.push(['the environment secret', ENV_SECRET, make()]);
  });
  for (const [form, secret] of SECRET_FORMS)
    clients.push([`the ${form}`, secret, make({ apiKey: KEY, apiSecret: secret, maxExpiresIn: '2h' })]);

  for (const [label, secret, client] of clients) {
    const views = {
      'util.inspect(client)': util.inspect(client, INSPECT),
      'String(client)': String(client),
      'JSON.stringify(client)': JSON.stringify(client),
      'util.inspect(client.tokens)': util.inspect(client.tokens, INSPECT),
      'Object.getOwnPropertyNames(client)': Object.getOwnPropertyNames(client).join(','),
    };
    assert.deepEqual(leaksIn(views), [], `an IsometrikClient with ${label}`);

    const create = 'client.tokens.create';
    const token = (options) =>
      client.tokens.create({ roomId: 'room-a', participantName: 'alice', currentDate: AT, ...options });
    await expectReject(create, `no options (${label})`, 'ERR_INVALID_OPTIONS', () => client.tokens.create());
    await expectReject(
      create,
      `no participantName (${label})`,
      'ERR_INVALID_OPTIONS',
      () => token({ participantName: undefined }),
      { field: 'participantName' },
    );
    await expectReject(
      create,
      `a permission not a boolean (${label})`,
      'ERR_INVALID_OPTIONS',
      () => token({ permissions: { canSubscribe: 1 } }),
      { field: 'permissions.canSubscribe' },
    );
    await expectReject(create, `expiresIn 1 year (${label})`, 'ERR_INVALID_DURATION', () => token({ expiresIn: '1y' }));
    await expectReject(create, `a token over 16 KiB (${label})`, 'ERR_TOKEN_TOO_LARGE', () =>
      token({ metadata: '"'.repeat(8192) }),
    );

    const verifyApi = 'client.tokens.verify';
    const tokens = tokensFor(secret, `IsometrikClient (${label})`);
    await expectReject(verifyApi, `options a number (${label})`, 'ERR_INVALID_OPTIONS', () =>
      client.tokens.verify(tokens.good, 5),
    );
    await verifyPaths(verifyApi, tokens, (t, checks) => client.tokens.verify(t, checks), {
      needsKey: false,
      asyncApi: true,
    });
    assert.equal((await client.tokens.verify(tokens.good, { currentDate: AT })).sub, 'alice');

    client.close();
    assert.deepEqual(leaksIn({ 'util.inspect(closed client)': util.inspect(client, INSPECT) }), []);
    await expectReject(create, `after close() (${label})`, 'ERR_INVALID_OPTIONS', () => token({}), { field: 'client' });
    await expectReject(
      verifyApi,
      `after close() (${label})`,
      'ERR_INVALID_OPTIONS',
      () => client.tokens.verify(tokens.good),
      { field: 'client' },
    );
  }
});

test('tokenExpiresIn and scheduleTokenRefresh', async () => {
  for (const [form, secret] of SECRET_FORMS) {
    const tokens = tokensFor(secret, `refresh (${form})`);
    const noExp = mint(`refresh (${form}): no exp`, secret, { iss: KEY, sub: 'alice', room: 'room-a' });
    const textExp = mint(`refresh (${form}): exp a string`, secret, { ...CLAIMS, exp: `${NOW + HOUR}` });

    let api = 'tokenExpiresIn';
    expectThrow(api, 'a number as the token', 'ERR_INVALID_OPTIONS', () => iso.tokenExpiresIn(42), { field: 'token' });
    expectThrow(api, 'options a string', 'ERR_INVALID_OPTIONS', () => iso.tokenExpiresIn(tokens.good, SECRET_STRING), {
      field: 'options',
    });
    expectThrow(
      api,
      'currentDate not a Date',
      'ERR_INVALID_OPTIONS',
      () => iso.tokenExpiresIn(tokens.good, { currentDate: NOW }),
      { field: 'currentDate' },
    );
    expectThrow(api, 'an oversize token', 'ERR_TOKEN_TOO_LARGE', () => iso.tokenExpiresIn(tokens.tooLarge));
    for (const [what, token] of tokens.malformed)
      expectThrow(api, `a token with ${what}`, 'ERR_MALFORMED_TOKEN', () => iso.tokenExpiresIn(token));
    expectThrow(api, 'no exp', 'ERR_CLAIM_INVALID', () => iso.tokenExpiresIn(noExp), { claim: 'exp' });
    expectThrow(api, 'exp a string', 'ERR_CLAIM_INVALID', () => iso.tokenExpiresIn(textExp), { claim: 'exp' });
    assert.equal(iso.tokenExpiresIn(tokens.good, { currentDate: AT }), HOUR);

    api = 'scheduleTokenRefresh';
    // A token valid for an hour from the real clock: the first timer is ~59 minutes away (and
    // unref'd); every schedule here is stopped long before.
    const live = forbidToken(
      `refresh (${form}): live token`,
      iso.createToken({ apiKey: KEY, apiSecret: secret, roomId: 'room-a', participantName: 'alice' }),
    );
    const refresh = () => live;
    const schedule = (options) => iso.scheduleTokenRefresh({ token: live, refresh, ...options });
    expectThrow(api, 'no options', 'ERR_INVALID_OPTIONS', () => iso.scheduleTokenRefresh(), { field: 'options' });
    expectThrow(api, 'no refresh', 'ERR_INVALID_OPTIONS', () => iso.scheduleTokenRefresh({ token: live }), {
      field: 'refresh',
    });
    expectThrow(api, 'onToken not a function', 'ERR_INVALID_OPTIONS', () => schedule({ onToken: live }), {
      field: 'onToken',
    });
    expectThrow(api, 'onError not a function', 'ERR_INVALID_OPTIONS', () => schedule({ onError: SECRET_STRING }), {
      field: 'onError',
    });
    expectThrow(api, 'margin an object', 'ERR_INVALID_OPTIONS', () => schedule({ margin: {} }), { field: 'margin' });
    expectThrow(api, 'margin not a duration', 'ERR_INVALID_DURATION', () => schedule({ margin: SECRET_STRING }), {
      field: 'margin',
    });
    expectThrow(api, 'retry a number', 'ERR_INVALID_OPTIONS', () => schedule({ retry: 3 }), { field: 'retry' });
    expectThrow(api, 'retry.initialDelay 0', 'ERR_INVALID_OPTIONS', () => schedule({ retry: { initialDelay: 0 } }), {
      field: 'retry.initialDelay',
    });
    expectThrow(
      api,
      'retry.maxDelay not a duration',
      'ERR_INVALID_DURATION',
      () => schedule({ retry: { maxDelay: 'later' } }),
      { field: 'retry.maxDelay' },
    );
    expectThrow(api, 'retry.maxAttempts 0', 'ERR_INVALID_OPTIONS', () => schedule({ retry: { maxAttempts: 0 } }), {
      field: 'retry.maxAttempts',
    });
    expectThrow(api, 'retry.jitter not a boolean', 'ERR_INVALID_OPTIONS', () => schedule({ retry: { jitter: 1 } }), {
      field: 'retry.jitter',
    });
    expectThrow(api, 'unref not a boolean', 'ERR_INVALID_OPTIONS', () => schedule({ unref: 'no' }), { field: 'unref' });
    expectThrow(api, 'signal not an AbortSignal', 'ERR_INVALID_OPTIONS', () => schedule({ signal: {} }), {
      field: 'signal',
    });
    expectThrow(api, 'a number as the first token', 'ERR_INVALID_OPTIONS', () => schedule({ token: 1 }), {
      field: 'token',
    });
    expectThrow(api, 'an oversize first token', 'ERR_TOKEN_TOO_LARGE', () => schedule({ token: tokens.tooLarge }));
    expectThrow(api, 'a malformed first token', 'ERR_MALFORMED_TOKEN', () =>
      schedule({ token: tokens.malformed[0][1] }),
    );
    expectThrow(api, 'a first token without exp', 'ERR_CLAIM_INVALID', () => schedule({ token: noExp }), {
      claim: 'exp',
    });

    // Failed refreshes: refreshNow() rejects with the error onError receives.
    const expired = forbidToken(
      `refresh (${form}): already expired`,
      iso.createToken({
        apiKey: KEY,
        apiSecret: secret,
        roomId: 'room-a',
        participantName: 'alice',
        currentDate: new Date(Date.now() - 2 * HOUR * 1000),
      }),
    );
    const refreshed = 'scheduleTokenRefresh: a refresh';
    for (const [what, next, code, details] of [
      ['refresh() returns a number', 42, 'ERR_INVALID_OPTIONS', { field: 'refresh' }],
      ['refresh() returns the secret', SECRET_STRING, 'ERR_MALFORMED_TOKEN'],
      ['refresh() returns a malformed token', tokens.malformed[2][1], 'ERR_MALFORMED_TOKEN'],
      ['refresh() returns an oversize token', tokens.tooLarge, 'ERR_TOKEN_TOO_LARGE'],
      ['refresh() returns a token without exp', noExp, 'ERR_CLAIM_INVALID', { claim: 'exp' }],
      ['refresh() returns an expired token', expired, 'ERR_EXPIRED'],
    ]) {
      const seen = [];
      const handle = schedule({
        refresh: async () => next,
        onError: (err, info) => seen.push([err, info]),
        retry: { maxAttempts: 1 },
      });
      try {
        await expectReject(refreshed, `${what} (${form})`, code, () => handle.refreshNow(), details);
        assert.equal(seen.length, 1, `${what}: onError calls`);
        checkError(refreshed, `${what}, as onError saw it (${form})`, seen[0][0], code, details);
        assert.equal(seen[0][1].attempt, 1);
        assert.equal(seen[0][1].retryIn, null);
        assert.equal(handle.stopped, true, 'maxAttempts 1: stopped after the failure');
        assert.equal(handle.token, live, 'the current token is kept');
      } finally {
        handle.stop();
      }
    }
  }
});

test('ERR_BROWSER_SECRET, in a child process where `document` exists', { timeout: 120_000 }, async () => {
  const script = path.join(consumer, 'browser-secrets.mjs');
  // The child defines `document` BEFORE loading the package (which looks for it once), keeps
  // console quiet, and reports what each error shows; this process checks it.
  fs.writeFileSync(
    script,
    `import util from 'node:util';
globalThis.document = {};
const logged = [];
for (const name of Object.keys(console)) if (typeof console[name] === 'function') console[name] = () => logged.push(name);
const iso = await import('isometrik-token');
const input = JSON.parse(process.argv[2]);
const secrets = [['string', input.secret], ['Uint8Array', Uint8Array.from(Buffer.from(input.bytesBase64, 'base64'))]];
const INSPECT = ${JSON.stringify(INSPECT).replaceAll('null', 'Infinity')};
const results = [];
const sanity = () => iso.decodeToken(input.token).sub === 'alice';
for (const [form, apiSecret] of secrets) {
  const calls = {
    createToken: () => iso.createToken({ apiKey: input.key, apiSecret, roomId: 'r', participantName: 'p' }),
    verifyToken: () => iso.verifyToken(input.token, { apiSecret }),
    'new TokenSigner': () => new iso.TokenSigner({ apiKey: input.key, apiSecret }),
    'new IsometrikClient': () => new iso.IsometrikClient({ apiKey: input.key, apiSecret }),
    'createToken, dangerouslyAllowBrowser false': () => iso.createToken({ apiKey: input.key, apiSecret, roomId: 'r', participantName: 'p', dangerouslyAllowBrowser: false }),
  };
  for (const [api, call] of Object.entries(calls)) {
    try {
      call();
      results.push({ api, form, threw: false });
    } catch (err) {
      results.push({
        api: api.split(',')[0], form, threw: true,
        isTokenError: err instanceof iso.IsometrikTokenError, code: err?.code,
        surfaces: {
          'error.message': String(err?.message), 'error.stack': String(err?.stack), 'String(error)': String(err),
          'JSON.stringify(error)': JSON.stringify(err), 'util.inspect(error)': util.inspect(err, INSPECT),
        },
        stillWorks: sanity(),
      });
    }
  }
  // Explicitly allowed: works.
  const token = iso.createToken({ apiKey: input.key, apiSecret, roomId: 'r', participantName: 'p', dangerouslyAllowBrowser: true });
  results.push({ api: 'allowed', form, ok: iso.verifyToken(token, { apiSecret, dangerouslyAllowBrowser: true }).sub === 'p' });
}
process.stdout.write('BROWSER ' + JSON.stringify({ results, logged }) + '\\n');
`,
  );
  const input = {
    key: KEY,
    secret: SECRET_STRING,
    bytesBase64: Buffer.from(SECRET_BYTES).toString('base64'),
    token: tokensFor(SECRET_STRING, 'browser').good,
  };
  const { stdout } = await runOk(process.execPath, [script, JSON.stringify(input)], { cwd: consumer, timeout: 60_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('BROWSER '));
  assert.ok(line, 'no BROWSER line from the child');
  const { results, logged: childLogged } = JSON.parse(line.slice('BROWSER '.length));
  assert.deepEqual(childLogged, [], 'the child logged');
  assert.equal(results.length, 12);
  for (const r of results) {
    if (r.api === 'allowed') {
      assert.equal(r.ok, true, `dangerouslyAllowBrowser: true (${r.form})`);
      continue;
    }
    const label = `${r.api} (${r.form} secret) in a page`;
    assert.equal(r.threw, true, `${label}: did not throw`);
    assert.equal(r.isTokenError, true, `${label}: not an IsometrikTokenError`);
    assert.equal(r.code, 'ERR_BROWSER_SECRET', label);
    assert.deepEqual(leaksIn(r.surfaces), [], `${label}: the error leaks`);
    assert.equal(r.stillWorks, true, `${label}: decodeToken stopped working`);
    if (!reached.has(r.api)) reached.set(r.api, new Set());
    reached.get(r.api).add(r.code);
    errorsChecked += 1;
  }
});

test('every error path was reached, and nothing was logged', (t) => {
  const V = [
    'ERR_INVALID_OPTIONS',
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
  ];
  const DECODE = ['ERR_INVALID_OPTIONS', 'ERR_TOKEN_TOO_LARGE', 'ERR_MALFORMED_TOKEN'];
  const SIGNER = ['ERR_INVALID_OPTIONS', 'ERR_WEAK_SECRET', 'ERR_INVALID_DURATION', 'ERR_BROWSER_SECRET'];
  const CREATE = ['ERR_INVALID_OPTIONS', 'ERR_INVALID_DURATION', 'ERR_TOKEN_TOO_LARGE'];
  const expected = {
    createToken: [...CREATE, 'ERR_WEAK_SECRET', 'ERR_BROWSER_SECRET'],
    verifyToken: [...V, 'ERR_WEAK_SECRET', 'ERR_BROWSER_SECRET'],
    decodeToken: DECODE,
    decodeTokenHeader: DECODE,
    parseDuration: ['ERR_INVALID_DURATION', 'ERR_INVALID_OPTIONS'],
    'new TokenSigner': SIGNER,
    'TokenSigner#create': CREATE,
    'TokenSigner#verify': V,
    'new IsometrikClient': SIGNER,
    'client.tokens.create': CREATE,
    'client.tokens.verify': V,
    tokenExpiresIn: DECODE.concat('ERR_CLAIM_INVALID'),
    scheduleTokenRefresh: [...DECODE, 'ERR_CLAIM_INVALID', 'ERR_INVALID_DURATION'],
    'scheduleTokenRefresh: a refresh': [...DECODE, 'ERR_CLAIM_INVALID', 'ERR_EXPIRED'],
  };
  const sorted = (codes) => [...new Set(codes)].sort();
  const got = Object.fromEntries([...reached].map(([api, codes]) => [api, sorted(codes)]));
  assert.deepEqual(got, Object.fromEntries(Object.entries(expected).map(([api, codes]) => [api, sorted(codes)])));
  t.diagnostic(
    `${errorsChecked} errors checked for leaks (${windows.size} forbidden ${WINDOW}-character pieces, ${whole.length} whole tokens), across ${reached.size} APIs`,
  );
  assert.deepEqual(logged, [], 'the package logged to the console');
  assert.deepEqual(warnings, [], 'the package emitted process warnings');
});
