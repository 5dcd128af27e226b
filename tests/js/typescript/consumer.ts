// A TypeScript consumer of the installed package: uses every export and type, strictly.
// tests/js/runtimes.test.mjs type-checks it with `tsc --noEmit` (nodenext and bundler).
// Nothing here runs; a compile error is the failure.
import {
  createToken,
  verifyToken,
  decodeToken,
  decodeTokenHeader,
  parseDuration,
  TokenSigner,
  IsometrikTokenError,
  PERMISSIONS,
  type CreateTokenOptions,
  type Duration,
  type ErrorCode,
  type PermissionName,
  type Permissions,
  type Secret,
  type SignerOptions,
  type TokenClaims,
  type TokenHeader,
  type TokenOptions,
  type VerifyOptions,
  type VerifyTokenOptions,
} from 'isometrik-token';

const secret: Secret = new TextEncoder().encode('a-secret-of-at-least-32-bytes!!!');
const permissions: Permissions = { canPublish: true, canSubscribe: false };
const expiresIn: Duration = '1h';
const options: CreateTokenOptions = {
  apiKey: 'APIkey123',
  apiSecret: secret,
  roomId: 'daily-standup',
  participantName: 'alice',
  permissions,
  expiresIn,
  name: 'Alice',
  metadata: '{}',
  currentDate: new Date(),
  allowWeakSecret: false,
  dangerouslyAllowBrowser: false,
  maxExpiresIn: 86_400,
};
const token: string = createToken(options);

const verifyOptions: VerifyTokenOptions = {
  apiSecret: 'a-secret-of-at-least-32-bytes!!!',
  roomId: 'daily-standup',
  clockTolerance: '5s',
};
const claims: TokenClaims = verifyToken(token, verifyOptions);
const sub: string = claims.sub;
const exp: number = claims.exp;
const canPublish: boolean | undefined = claims.permissions?.canPublish;
// biome-ignore lint/complexity/useLiteralKeys: index-signature access, as under noPropertyAccessFromIndexSignature
const unknownClaim: unknown = claims['custom'];
const decoded: TokenClaims = decodeToken(token);
const header: TokenHeader = decodeTokenHeader(token);
const alg: string = header.alg;
const seconds: number = parseDuration('90 seconds') + parseDuration(60);

// Every permission name, exactly: adding or removing one breaks this line.
const allPermissions: Record<PermissionName, true> = {
  canPublish: true,
  canSubscribe: true,
  canUpdateMetadata: true,
  canUpdateRoom: true,
  canRemoveParticipants: true,
};
const first: PermissionName | undefined = PERMISSIONS[0];
// @ts-expect-error PERMISSIONS is read-only
PERMISSIONS.push('canFly');

// Every error code, exactly: the `never` fails to compile if ErrorCode gains a member.
function explain(code: ErrorCode): string {
  switch (code) {
    case 'ERR_INVALID_OPTIONS':
    case 'ERR_WEAK_SECRET':
    case 'ERR_INVALID_DURATION':
    case 'ERR_TOKEN_TOO_LARGE':
    case 'ERR_MALFORMED_TOKEN':
    case 'ERR_UNSUPPORTED_ALG':
    case 'ERR_UNSUPPORTED_HEADER':
    case 'ERR_BAD_SIGNATURE':
    case 'ERR_NOT_YET_VALID':
    case 'ERR_CLAIM_INVALID':
    case 'ERR_ISSUER_MISMATCH':
    case 'ERR_ROOM_MISMATCH':
    case 'ERR_BROWSER_SECRET':
    case 'ERR_WASM_UNAVAILABLE':
      return code;
    case 'ERR_EXPIRED':
      return 'expired';
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

try {
  verifyToken(token, verifyOptions);
} catch (err) {
  if (err instanceof IsometrikTokenError) {
    const code: ErrorCode = err.code;
    const field: string | undefined = err.field;
    const claim: string | undefined = err.claim;
    const expiredClaims: TokenClaims | undefined = err.claims;
    const message: string = err.message;
    const name: 'IsometrikTokenError' = err.name;
    const asError: Error = err;
    void [explain(code), field, claim, expiredClaims, message, name, asError];
  }
}

const signerOptions: SignerOptions = { apiKey: 'APIkey123', apiSecret: secret, maxExpiresIn: '24h' };
const signer = new TokenSigner(signerOptions);
const tokenOptions: TokenOptions = { roomId: 'r', participantName: 'bob', expiresIn: 600 };
const signed: string = signer.create(tokenOptions);
const signerVerify: VerifyOptions = { currentDate: new Date(), clockTolerance: 0 };
const verified: TokenClaims = signer.verify(signed, signerVerify);
const verifiedDefault: TokenClaims = signer.verify(signed);
const apiKey: string = signer.apiKey;
signer.free();
const disposable = new TokenSigner(signerOptions);
disposable[Symbol.dispose]();

// Wrong calls must not compile.
// @ts-expect-error roomId must be a string
createToken({ ...options, roomId: 5 });
// @ts-expect-error participantName is required
createToken({ apiKey: 'k', apiSecret: secret, roomId: 'r' });
// @ts-expect-error unknown permission name
createToken({ ...options, permissions: { canFly: true } });
// @ts-expect-error verifyToken needs options with the secret
verifyToken(token);
// @ts-expect-error currentDate is a Date, not a number
signer.verify(signed, { currentDate: 1_700_000_000 });
// @ts-expect-error apiKey is read-only
signer.apiKey = 'other';

export const used = [
  sub,
  exp,
  canPublish,
  unknownClaim,
  decoded,
  alg,
  seconds,
  allPermissions,
  first,
  verified,
  verifiedDefault,
  apiKey,
];
