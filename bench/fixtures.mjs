// The one set of inputs every benchmark uses, in every runtime (Node, Deno, Bun, workerd):
// the token of Isometrik's Authentication docs (iss = API key, sub, room, permissions, 1 h lifetime)
// and a 32-byte secret. Runtime-agnostic: no imports, no Node APIs.

/** The API key (`iss`). */
export const API_KEY = 'APIbench7c1f3a9e';

/** A 32-byte secret (32 ASCII characters), the form users pass from an environment variable. */
export const SECRET = 'sk_bench_9f8e7d6c5b4a39281706f5e4';

/** The same secret as bytes, for the libraries that take a Uint8Array (jose). */
export const SECRET_BYTES = new TextEncoder().encode(SECRET);

/** The room (`room`). */
export const ROOM = 'daily-standup';

/** The participant (`sub`). */
export const SUB = 'alice';

/** The docs' example permissions. */
export const PERMISSIONS = Object.freeze({ canPublish: true, canSubscribe: true, canUpdateMetadata: true });

/** Lifetime, as ours and jose write it, and in seconds. */
export const EXPIRES_IN = '1h';
export const LIFETIME_S = 3600;

/** Our per-token options (TokenSigner.create), exactly the docs' example call. */
export const TOKEN_OPTIONS = Object.freeze({
  roomId: ROOM,
  participantName: SUB,
  permissions: PERMISSIONS,
  expiresIn: EXPIRES_IN,
});

/** Our signer options. */
export const SIGNER_OPTIONS = Object.freeze({ apiKey: API_KEY, apiSecret: SECRET });

/** createToken's options: the signer's and the token's. */
export const CREATE_OPTIONS = Object.freeze({ ...SIGNER_OPTIONS, ...TOKEN_OPTIONS });

/** verifyToken's options. */
export const VERIFY_OPTIONS = Object.freeze({ apiKey: API_KEY, apiSecret: SECRET });

/**
 * How many distinct tokens the verify/decode benchmarks cycle through (participants alice-0..),
 * so that no library can serve a cached result for a repeated token.
 */
export const POOL_SIZE = 64;

/** `sub` of the i-th token in a pool. */
export const poolSub = (i) => `${SUB}-${i}`;

/** Checks decoded/verified claims against the fixture; returns a list of problems (empty = ok). */
export function claimProblems(claims, { sub = SUB } = {}) {
  const problems = [];
  if (claims === null || typeof claims !== 'object') return [`not an object: ${claims}`];
  if (claims.iss !== API_KEY) problems.push(`iss ${JSON.stringify(claims.iss)}`);
  if (claims.sub !== sub) problems.push(`sub ${JSON.stringify(claims.sub)}`);
  if (claims.room !== ROOM) problems.push(`room ${JSON.stringify(claims.room)}`);
  const p = claims.permissions ?? {};
  const keys = Object.keys(p).sort().join(',');
  if (
    keys !== 'canPublish,canSubscribe,canUpdateMetadata' ||
    !p.canPublish ||
    !p.canSubscribe ||
    !p.canUpdateMetadata
  ) {
    problems.push(`permissions ${JSON.stringify(p)}`);
  }
  if (!Number.isInteger(claims.iat) || !Number.isInteger(claims.exp) || claims.exp - claims.iat !== LIFETIME_S) {
    problems.push(`iat/exp ${claims.iat}/${claims.exp}`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (Math.abs(claims.iat - now) > 120) problems.push(`iat ${claims.iat} is not now (${now})`);
  if (!Number.isInteger(claims.nbf) || claims.nbf > claims.iat) problems.push(`nbf ${claims.nbf}`);
  return problems;
}

/**
 * jose's way to make the same token (the reference every runtime compares against): `jose` is
 * the module (imported per runtime), `key` a Uint8Array or a CryptoKey.
 */
export function joseSignToken(jose, sub, key) {
  return new jose.SignJWT({ room: ROOM, permissions: PERMISSIONS })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(API_KEY)
    .setSubject(sub)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(EXPIRES_IN)
    .sign(key);
}
