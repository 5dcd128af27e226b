// The implementations the Node benchmark compares, each used the way its documentation shows,
// with key objects prepared once where the library has them, all on the fixture's claims and
// secret. `sanityCheck()` proves, before anything is timed, that every token verifies with
// every verifier and decodes with every decoder (and that a forged token is refused by all).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as fastJwt from 'fast-jwt';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import * as honoJwt from 'hono/jwt';
import tsndr from '@tsndr/cloudflare-worker-jwt';
import { jwtDecode } from 'jwt-decode';
import {
  API_KEY,
  CREATE_OPTIONS,
  EXPIRES_IN,
  LIFETIME_S,
  PERMISSIONS,
  ROOM,
  SECRET,
  SECRET_BYTES,
  SIGNER_OPTIONS,
  SUB,
  TOKEN_OPTIONS,
  VERIFY_OPTIONS,
  claimProblems,
  joseSignToken,
} from './fixtures.mjs';
import { PKG_DIR, ROOT } from './paths.mjs';

/** The package under test (pkg/dist/node.mjs, what `import 'isometrik-token'` gives Node). */
export const ours = await import(new URL('dist/node.mjs', `file://${PKG_DIR}/`).href);

/** Installed versions, for the results (read from node_modules: some packages do not export package.json). */
export const versions = Object.fromEntries(
  ['fast-jwt', 'jose', 'jsonwebtoken', 'hono', '@tsndr/cloudflare-worker-jwt', 'jwt-decode', 'mitata'].map((name) => [
    name,
    JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version,
  ]),
);

const nowS = () => Math.floor(Date.now() / 1000);

// ── prepared once ────────────────────────────────────────────────────────────────────────────
const signer = new ours.TokenSigner(SIGNER_OPTIONS);
const fastSigner = fastJwt.createSigner({
  key: SECRET,
  algorithm: 'HS256',
  iss: API_KEY,
  expiresIn: LIFETIME_S * 1000,
});
const fastVerifier = fastJwt.createVerifier({ key: SECRET, algorithms: ['HS256'], allowedIss: API_KEY });
const fastDecoder = fastJwt.createDecoder();
// jose also takes a CryptoKey imported once (not what the targets compare against: for information).
const joseCryptoKey = await crypto.subtle.importKey('raw', SECRET_BYTES, { name: 'HMAC', hash: 'SHA-256' }, false, [
  'sign',
  'verify',
]);
const joseSign = (sub, key) => joseSignToken(jose, sub, key);
// HS256 by hand with node:crypto (a KeyObject made once, JSON.stringify, Buffer's base64url,
// createHmac per token): the least a JavaScript signer does, with native SHA-256.
const hmacKey = crypto.createSecretKey(Buffer.from(SECRET));
const HEADER_B64 = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
function nodeCryptoSign(sub) {
  const now = nowS();
  const claims = { iss: API_KEY, sub, room: ROOM, permissions: PERMISSIONS, iat: now, nbf: now, exp: now + LIFETIME_S };
  const input = `${HEADER_B64}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', hmacKey).update(input).digest('base64url')}`;
}

/**
 * Signers: `sign(sub)` makes the fixture's token for participant `sub` (the benchmark calls it
 * with the fixture's `sub`). `async` marks promise-returning APIs (awaited when timed).
 * `ours: 'signer' | 'oneShot'` marks our two entry points.
 */
export const signers = [
  {
    id: 'ours-signer',
    label: 'isometrik-token TokenSigner.create',
    ours: 'signer',
    sign: (sub = SUB) => signer.create(sub === SUB ? TOKEN_OPTIONS : { ...TOKEN_OPTIONS, participantName: sub }),
  },
  {
    id: 'ours-oneshot',
    label: 'isometrik-token createToken',
    ours: 'oneShot',
    sign: (sub = SUB) => ours.createToken(sub === SUB ? CREATE_OPTIONS : { ...CREATE_OPTIONS, participantName: sub }),
  },
  {
    id: 'fast-jwt',
    label: 'fast-jwt createSigner (once) + sign',
    // fast-jwt computes iat/exp from its options; nbf has no relative option, so it goes in the payload.
    sign: (sub = SUB) => fastSigner({ sub, room: ROOM, permissions: PERMISSIONS, nbf: nowS() }),
  },
  {
    id: 'node-crypto',
    label: 'hand-rolled HS256 with node:crypto (createHmac)',
    sign: (sub = SUB) => nodeCryptoSign(sub),
  },
  {
    id: 'fast-jwt-percall',
    label: 'fast-jwt createSigner per token (info)',
    info: true,
    sign: (sub = SUB) =>
      fastJwt.createSigner({ key: SECRET, algorithm: 'HS256', iss: API_KEY, expiresIn: LIFETIME_S * 1000 })({
        sub,
        room: ROOM,
        permissions: PERMISSIONS,
        nbf: nowS(),
      }),
  },
  {
    id: 'jose',
    label: 'jose SignJWT (Uint8Array key)',
    async: true,
    sign: (sub = SUB) => joseSign(sub, SECRET_BYTES),
  },
  {
    id: 'jose-cryptokey',
    label: 'jose SignJWT (CryptoKey imported once) (info)',
    info: true,
    async: true,
    sign: (sub = SUB) => joseSign(sub, joseCryptoKey),
  },
  {
    id: 'jsonwebtoken',
    label: 'jsonwebtoken sign (sync)',
    sign: (sub = SUB) =>
      jsonwebtoken.sign({ room: ROOM, permissions: PERMISSIONS }, SECRET, {
        algorithm: 'HS256',
        issuer: API_KEY,
        subject: sub,
        expiresIn: EXPIRES_IN,
        notBefore: 0,
      }),
  },
  {
    id: 'hono',
    label: 'hono/jwt sign',
    async: true,
    sign: (sub = SUB) => {
      const now = nowS();
      return honoJwt.sign(
        { iss: API_KEY, sub, room: ROOM, permissions: PERMISSIONS, iat: now, nbf: now, exp: now + LIFETIME_S },
        SECRET,
        'HS256',
      );
    },
  },
  {
    id: 'tsndr',
    label: '@tsndr/cloudflare-worker-jwt sign',
    async: true,
    sign: (sub = SUB) => {
      const now = nowS();
      return tsndr.sign(
        { iss: API_KEY, sub, room: ROOM, permissions: PERMISSIONS, iat: now, nbf: now, exp: now + LIFETIME_S },
        SECRET,
        'HS256',
      );
    },
  },
];

/** Verifiers: `verify(token)` returns the payload or throws. */
export const verifiers = [
  { id: 'ours-signer', label: 'isometrik-token TokenSigner.verify', ours: 'signer', verify: (t) => signer.verify(t) },
  {
    id: 'ours-oneshot',
    label: 'isometrik-token verifyToken',
    ours: 'oneShot',
    verify: (t) => ours.verifyToken(t, VERIFY_OPTIONS),
  },
  { id: 'fast-jwt', label: 'fast-jwt createVerifier (once)', verify: (t) => fastVerifier(t) },
  {
    id: 'jose',
    label: 'jose jwtVerify (Uint8Array key)',
    async: true,
    verify: async (t) => (await jose.jwtVerify(t, SECRET_BYTES, { issuer: API_KEY, algorithms: ['HS256'] })).payload,
  },
  {
    id: 'jose-cryptokey',
    label: 'jose jwtVerify (CryptoKey imported once) (info)',
    info: true,
    async: true,
    verify: async (t) => (await jose.jwtVerify(t, joseCryptoKey, { issuer: API_KEY, algorithms: ['HS256'] })).payload,
  },
  {
    id: 'jsonwebtoken',
    label: 'jsonwebtoken verify (sync)',
    verify: (t) => jsonwebtoken.verify(t, SECRET, { algorithms: ['HS256'], issuer: API_KEY }),
  },
  {
    id: 'hono',
    label: 'hono/jwt verify',
    async: true,
    verify: (t) => honoJwt.verify(t, SECRET, { alg: 'HS256', iss: API_KEY }),
  },
  {
    id: 'tsndr',
    label: '@tsndr/cloudflare-worker-jwt verify',
    async: true,
    verify: async (t) => (await tsndr.verify(t, SECRET, { algorithm: 'HS256', throwError: true })).payload,
  },
];

/** Decoders (nothing verified): `decode(token)` returns the payload. */
export const decoders = [
  { id: 'ours', label: 'isometrik-token decodeToken', ours: 'decode', decode: (t) => ours.decodeToken(t) },
  { id: 'fast-jwt', label: 'fast-jwt createDecoder (once)', decode: (t) => fastDecoder(t) },
  { id: 'jose', label: 'jose decodeJwt', decode: (t) => jose.decodeJwt(t) },
  { id: 'jsonwebtoken', label: 'jsonwebtoken decode', decode: (t) => jsonwebtoken.decode(t) },
  { id: 'jwt-decode', label: 'jwt-decode jwtDecode', decode: (t) => jwtDecode(t) },
  { id: 'hono', label: 'hono/jwt decode', decode: (t) => honoJwt.decode(t).payload },
  { id: 'tsndr', label: '@tsndr/cloudflare-worker-jwt decode', decode: (t) => tsndr.decode(t).payload },
];

/** Tokens for participants `subs` from one signer (awaited). */
export async function tokensFrom(signerEntry, subs) {
  const out = [];
  for (const sub of subs) out.push(await signerEntry.sign(sub));
  return out;
}

/**
 * Every signer's token through every verifier and decoder; a token signed with another secret
 * and a token whose payload was swapped must be refused by every verifier. Throws with the full
 * list of problems, so nothing broken gets timed.
 */
export async function sanityCheck() {
  const problems = [];
  const tokens = [];
  for (const s of signers) {
    try {
      tokens.push({ from: s.id, token: await s.sign(SUB) });
    } catch (err) {
      problems.push(`${s.id} sign: ${err.message}`);
    }
  }
  let checks = 0;
  for (const { from, token } of tokens) {
    for (const v of verifiers) {
      checks++;
      try {
        const claims = await v.verify(token);
        for (const p of claimProblems(claims)) problems.push(`${from} → ${v.id} verify: ${p}`);
      } catch (err) {
        problems.push(`${from} → ${v.id} verify threw: ${err.code ?? ''} ${err.message}`);
      }
    }
    for (const d of decoders) {
      checks++;
      try {
        for (const p of claimProblems(d.decode(token))) problems.push(`${from} → ${d.id} decode: ${p}`);
      } catch (err) {
        problems.push(`${from} → ${d.id} decode threw: ${err.message}`);
      }
    }
  }
  // Forgeries: another secret; a payload swapped under a valid signature.
  const other = ours.createToken({ ...CREATE_OPTIONS, apiSecret: `${SECRET.slice(0, -1)}X` });
  const mallory = ours.createToken({ ...CREATE_OPTIONS, participantName: 'mallory' });
  const [h, , sig] = tokens[0].token.split('.');
  const swapped = `${h}.${mallory.split('.')[1]}.${sig}`;
  for (const [what, token] of [
    ['wrong secret', other],
    ['swapped payload', swapped],
  ]) {
    for (const v of verifiers) {
      checks++;
      let accepted = false;
      try {
        accepted = (await v.verify(token)) !== undefined;
      } catch {
        // refused, as it must be
      }
      if (accepted) problems.push(`${v.id} accepted a token with a ${what}`);
    }
  }
  if (problems.length) {
    throw new Error(`sanity check failed (${problems.length} problems):\n  ${problems.join('\n  ')}`);
  }
  return { checks, signers: signers.length, verifiers: verifiers.length, decoders: decoders.length };
}
