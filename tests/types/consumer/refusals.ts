// The types refuse what the runtime refuses: each `@ts-expect-error` below is a call the
// README's error table (or an option's documentation) says throws, and that a type can
// express; tsc fails on an expect-error that has no error under it. The accepted forms are
// next to them, so a type too strict to use fails too. Four refusals are the type's alone,
// marked "(types only)": an option where it does not apply, which the runtime ignores. Checked by tests/types/run.mjs with
// `strict` under moduleResolution nodenext and bundler, against the packed package.
//
// Refusals a type cannot express, left to the runtime tests: a lone surrogate, a blank or too
// long name, a throwing getter (ERR_INVALID_OPTIONS); a secret under 32 bytes or a PEM/JWK
// text (ERR_WEAK_SECRET); a zero, negative or too long duration, and the number spellings
// TypeScript's `${number}` accepts but the grammar does not (`'-1h'`, `'+1h'`, `'1e3s'`, `'.5h'`,
// `'0x10s'`, surrounding or doubled spaces) (ERR_INVALID_DURATION); every
// token error (ERR_MALFORMED_TOKEN … ERR_ROOM_MISMATCH); ERR_BROWSER_SECRET (decided by where
// the code runs); ERR_WASM_UNAVAILABLE.
import {
  createToken,
  type Duration,
  type DurationString,
  IsometrikClient,
  type KeySet,
  parseDuration,
  scheduleTokenRefresh,
  TokenSigner,
  TokenVerifier,
  type VerifyOptions,
  verifyToken,
} from 'isometrik-token';

// Everything up to the first expect-error is also the preamble with which tests/types/run.mjs
// runs each refused statement (run with no ISOMETRIK_* variables set), to see it throw.
const apiKey = 'APIkey123';
const apiSecret = 'a-secret-of-at-least-32-bytes!!!';
const keys: KeySet = { [apiKey]: apiSecret, APIold: new TextEncoder().encode(apiSecret) };
const token = createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p' });
// `process.env` values are `string | undefined`: checked first, they are accepted.
const envKey: string | undefined = process.env.ISOMETRIK_API_KEY;
const envSecret: string | undefined = process.env.ISOMETRIK_API_SECRET;
const verifier = new TokenVerifier({ keys });
const withApiKey: VerifyOptions = { apiKey, roomId: 'r' };
const client = new IsometrikClient({ apiKey, apiSecret });
const rotating = new IsometrikClient({ apiKey, apiSecret, keys: { APIold: apiSecret } });
const signer = new TokenSigner({ apiKey, apiSecret });

// ── ERR_INVALID_OPTIONS: a missing option, a wrong JS type, an unknown permission ─────────
// @ts-expect-error roomId is required
createToken({ apiKey, apiSecret, participantName: 'p' });
// @ts-expect-error apiSecret is required (createToken never reads the environment)
createToken({ apiKey, roomId: 'r', participantName: 'p' });
// @ts-expect-error a number as roomId
createToken({ apiKey, apiSecret, roomId: 42, participantName: 'p' });
// @ts-expect-error an unknown permission
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', permissions: { canFly: true } });
// @ts-expect-error a permission is a boolean
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', permissions: { canPublish: 'yes' } });
// @ts-expect-error currentDate is a Date
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', currentDate: 1_700_000_000 });
// @ts-expect-error dangerouslyAllowBrowser is a boolean (a page signs only with `true`)
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', dangerouslyAllowBrowser: 'yes' });
// @ts-expect-error an unknown option (a typo of participantName)
createToken({ apiKey, apiSecret, roomId: 'r', participantname: 'p' });

// @ts-expect-error an unchecked environment value may be undefined
createToken({ apiKey: envKey, apiSecret, roomId: 'r', participantName: 'p' });
// @ts-expect-error the same for verifyToken's secret
verifyToken(token, { apiSecret: envSecret });
if (envKey && envSecret) createToken({ apiKey: envKey, apiSecret: envSecret, roomId: 'r', participantName: 'p' });
// IsometrikClient reads the environment itself, so it takes the unchecked values (or nothing).
new IsometrikClient({ apiKey: envKey, apiSecret: envSecret }).close();
new IsometrikClient().close();

// ── ERR_WEAK_SECRET: a JWK object given as the secret (a key, not a secret) ───────────────
// @ts-expect-error a secret is a string or bytes, not a JWK
createToken({ apiKey, apiSecret: { kty: 'oct', k: 'c2VjcmV0' }, roomId: 'r', participantName: 'p' });
// @ts-expect-error nor an ArrayBuffer (pass a Uint8Array view)
new TokenSigner({ apiKey, apiSecret: new ArrayBuffer(32) });

// ── `keys` (secret rotation) and `apiKey`/`apiSecret` exclude each other ───────────────────
verifyToken(token, { keys });
verifyToken(token, { keys, roomId: 'r', clockTolerance: '30s' });
verifyToken(token, { apiSecret, apiKey, roomId: 'r' });
// @ts-expect-error keys and apiSecret together
verifyToken(token, { keys, apiSecret });
// @ts-expect-error keys and an expected apiKey together (the token's iss picks the key)
verifyToken(token, { keys, apiKey });
// @ts-expect-error neither a secret nor keys
verifyToken(token, { roomId: 'r' });
// @ts-expect-error no options at all
verifyToken(token);

verifier.verify(token, { roomId: 'r' });
// @ts-expect-error the verifier's keys are its secrets: no apiSecret
new TokenVerifier({ keys, apiSecret });
// @ts-expect-error the token's iss chooses the key: no apiKey
new TokenVerifier({ keys, apiKey });
// @ts-expect-error a verifier needs keys
new TokenVerifier({ apiSecret });
// @ts-expect-error TokenVerifier.verify takes no expected apiKey
verifier.verify(token, { apiKey });
// @ts-expect-error ...not even inside a VerifyOptions value
verifier.verify(token, withApiKey);
// @ts-expect-error keys is an object or a Map of API key -> secret, not an array
new TokenVerifier({ keys: [[apiKey, apiSecret]] });
new TokenVerifier({ keys: new Map([[apiKey, apiSecret]]) }).free();

void client.tokens.verify(token, { apiKey, roomId: 'r' });
void rotating.tokens.verify(token, { roomId: 'r' });
void rotating.tokens.create({ roomId: 'r', participantName: 'p', expiresIn: '5m' });
// @ts-expect-error a client made with keys verifies by iss: no expected apiKey
void rotating.tokens.verify(token, { apiKey });
// Either kind of client is an `IsometrikClient` where one is stored.
const clients: IsometrikClient[] = [client, rotating];

// ── ERR_INVALID_DURATION: malformed durations (the forms a type can tell apart) ───────────
const durations: Duration[] = [60, 1.5, '1h', '1.5h', '30 minutes', '2 Days', '1H', '90s', '1 yr', '2w'];
const asText: DurationString = '10m';
// @ts-expect-error a unit is required
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', expiresIn: '3600' });
// @ts-expect-error not a duration
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', expiresIn: 'forever' });
// @ts-expect-error `ago` / `from now` are refused
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', expiresIn: '1h ago' });
// @ts-expect-error an unknown unit
new TokenSigner({ apiKey, apiSecret, maxExpiresIn: '1 fortnight' });
// @ts-expect-error NaN is not a number of seconds
verifyToken(token, { apiSecret, clockTolerance: 'NaN s' });
// @ts-expect-error nor is Infinity
createToken({ apiKey, apiSecret, roomId: 'r', participantName: 'p', expiresIn: 'Infinity h' });
// @ts-expect-error a Date is not a duration
scheduleTokenRefresh({ token, refresh: () => token, margin: new Date() });
// parseDuration parses text from anywhere, so it takes any string and throws on a bad one.
const fromConfig: string = '15m';
const seconds: number = parseDuration(fromConfig);

// ── dangerouslyAllowBrowser applies to what holds a secret, and nowhere else ──────────────
new TokenSigner({ apiKey, apiSecret, dangerouslyAllowBrowser: true }).free();
new TokenVerifier({ keys, dangerouslyAllowBrowser: true }).free();
verifyToken(token, { keys, dangerouslyAllowBrowser: true });
new IsometrikClient({ apiKey, apiSecret, dangerouslyAllowBrowser: true }).close();
// @ts-expect-error verifying with a signer holds no new secret: the option is not there (types only)
signer.verify(token, { dangerouslyAllowBrowser: true });
// @ts-expect-error nor when creating a token with it (types only)
signer.create({ roomId: 'r', participantName: 'p', dangerouslyAllowBrowser: true });

export const used = [durations, asText, seconds, clients];
