// Type declarations for isometrik-token (hand-kept, except the unions of contract.d.ts, which
// the build generates from the Rust core; the package's tests type-check a consumer against
// them with `tsc --noEmit`). One file over 400 lines on purpose: it is the package's whole
// typed surface, read top to bottom by users, and tsc checks the code against it.

import type { ErrorCode, PermissionName } from './contract.js';

/** The permission names and error codes come from the Rust core (generated contract.d.ts). */
export type { ErrorCode, PermissionName };

/** What a participant may do. Only the permissions you set are written into the token. */
export type Permissions = { [K in PermissionName]?: boolean };

/** The permission names, in a frozen array. */
export declare const PERMISSIONS: readonly PermissionName[];

type SecondUnit = 's' | 'sec' | 'secs' | 'second' | 'seconds';
type MinuteUnit = 'm' | 'min' | 'mins' | 'minute' | 'minutes';
type HourUnit = 'h' | 'hr' | 'hrs' | 'hour' | 'hours';
type DayUnit = 'd' | 'day' | 'days';
type WeekUnit = 'w' | 'week' | 'weeks';
type YearUnit = 'y' | 'yr' | 'yrs' | 'year' | 'years';
/**
 * The units of a duration string (jose's grammar); `y` is 365.25 days. The package's type tests
 * check this list against the runtime's parser, unit by unit.
 */
export type DurationUnit = SecondUnit | MinuteUnit | HourUnit | DayUnit | WeekUnit | YearUnit;

/**
 * A duration string: a number, at most one space, a unit (`"1h"`, `"30 minutes"`, `"1.5h"`,
 * `"2 Days"`). The runtime takes the unit in any case; the type spells it lower case, upper
 * case or capitalized. A string without a unit (`"3600"`), `"forever"` or `"1h ago"` does not
 * type-check; zero, negative and too long durations are refused at run time
 * (`ERR_INVALID_DURATION`), which a type cannot express.
 */
export type DurationString =
  | `${number}${DurationUnit | Uppercase<DurationUnit> | Capitalize<DurationUnit>}`
  | `${number} ${DurationUnit | Uppercase<DurationUnit> | Capitalize<DurationUnit>}`;

/** A lifetime: a whole number of seconds, or a duration string (see `DurationString`). */
export type Duration = number | DurationString;

/** The claims of an Isometrik access token. */
export interface TokenClaims {
  /** The API key that issued the token. */
  iss: string;
  /** The participant identity. */
  sub: string;
  /** The room name or id. */
  room: string;
  /** Issued at, seconds since the epoch. */
  iat?: number;
  /** Not valid before, seconds since the epoch. */
  nbf?: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** What the participant may do. */
  permissions?: Permissions;
  /** Display name. */
  name?: string;
  /** Application metadata. */
  metadata?: string;
  /** Claims this library does not know are passed through untouched. */
  [claim: string]: unknown;
}

/** A token's protected header. Ours is always `{ alg: 'HS256', typ: 'JWT' }`. */
export interface TokenHeader {
  alg: string;
  typ?: string;
  [param: string]: unknown;
}

/** Thrown by every function of this package. Switch on `code`; messages are for humans. */
export declare class IsometrikTokenError extends Error {
  /** How the package (and its CLI) makes one: `details` become the properties below. */
  constructor(
    code: ErrorCode,
    message: string,
    details?: { field?: string; claim?: string; reason?: string; claims?: TokenClaims; cause?: unknown },
  );
  readonly name: 'IsometrikTokenError';
  /** The stable error code. */
  readonly code: ErrorCode;
  /** For `ERR_INVALID_OPTIONS`: the option at fault, e.g. `roomId` or `permissions.canFly`. */
  readonly field?: string;
  /** For claim errors: the claim at fault, e.g. `exp`, `iss`, `permissions.canPublish`. */
  readonly claim?: string;
  /**
   * The rule that was broken, as data (`'must be at most 256 UTF-8 bytes'`), for option,
   * duration, secret, malformed-token and claim errors: show it with `field`/`claim` instead of
   * parsing `message`.
   */
  readonly reason?: string;
  /** For `ERR_EXPIRED` and `ERR_NOT_YET_VALID`: the token's authenticated claims. */
  readonly claims?: TokenClaims;
}

/** A secret: a string (used as UTF-8) or raw bytes. At least 32 bytes. */
export type Secret = string | Uint8Array;

/**
 * Options shared by everything that holds a secret. The secret (and the API key) are required
 * values here, never read from the environment: check a `process.env` value before passing it
 * (`if (!secret) throw …` narrows `string | undefined` to `string`). Only `IsometrikClient`
 * falls back to the environment, so only its options accept `undefined`.
 */
export interface SecretOptions {
  /** The API secret. Never put it in client-side code. */
  apiSecret: Secret;
  /** Accept a secret of 1–31 bytes (local development only). Default `false`. */
  allowWeakSecret?: boolean;
  /**
   * In a web page (where `document` exists) anything that takes a secret throws
   * `ERR_BROWSER_SECRET` unless this is `true`. Decoding is always allowed.
   */
  dangerouslyAllowBrowser?: boolean;
}

/** What goes into one token. */
export interface TokenOptions {
  /** The room name or id (`room`): not blank, at most 256 UTF-8 bytes, no control characters. */
  roomId: string;
  /** The participant identity (`sub`): same rules as `roomId`. */
  participantName: string;
  /** What the participant may do; unknown names throw `ERR_INVALID_OPTIONS`. */
  permissions?: Permissions;
  /** Lifetime; default `'1h'`, at most `maxExpiresIn` (default 24 h). */
  expiresIn?: Duration;
  /** Display name (`name`): same rules as `roomId`. */
  name?: string;
  /** Application metadata (`metadata`), at most 8192 UTF-8 bytes. */
  metadata?: string;
  /** The time to issue at (tests and reproducibility only). Default: now. */
  currentDate?: Date;
}

/** Options of a signer. */
export interface SignerOptions extends SecretOptions {
  /** Your API key (`iss`): 1–256 printable ASCII characters, no spaces. */
  apiKey: string;
  /** The longest `expiresIn` accepted. Default `'24h'`. */
  maxExpiresIn?: Duration;
}

/** Options of `createToken`: a signer's options and a token's. */
export interface CreateTokenOptions extends SignerOptions, TokenOptions {}

/** What `verify` checks beyond the signature. */
export interface VerifyOptions {
  /** Expected `iss` (exact match). A `TokenSigner` defaults it to its own API key. */
  apiKey?: string;
  /** Expected `room` (exact match). */
  roomId?: string;
  /** Clock skew tolerated for `exp` and `nbf`, 0–3600 s. Default 10 s. */
  clockTolerance?: Duration;
  /** The time to verify at. Default: now. */
  currentDate?: Date;
}

/** Options of `verifyToken`: the secret and the checks. */
export interface VerifyTokenOptions extends SecretOptions, VerifyOptions {
  /** Not with `apiSecret` (`ERR_INVALID_OPTIONS`): several keys are `VerifyTokenWithKeysOptions`. */
  keys?: never;
}

/** Several API keys and their secrets: a plain object or a Map of API key → secret. */
export type KeySet = Readonly<Record<string, Secret>> | ReadonlyMap<string, Secret>;

/** Options of a `TokenVerifier` (secret rotation: the secret is chosen by the token's `iss`). */
export interface TokenVerifierOptions extends Omit<SecretOptions, 'apiSecret'> {
  /** API key → secret; each secret follows the usual rules (≥ 32 bytes, not a PEM/JWK). */
  keys: KeySet;
}

/** What `verify` checks when the secret is chosen by the token's `iss`: no `apiKey`. */
export interface KeysVerifyOptions extends Omit<VerifyOptions, 'apiKey'> {
  /** The token's `iss` chooses the key: an expected `apiKey` is refused (`ERR_INVALID_OPTIONS`). */
  apiKey?: never;
}

/** Options of `verifyToken` with several keys: `keys` instead of `apiSecret`, no `apiKey`. */
export interface VerifyTokenWithKeysOptions extends TokenVerifierOptions, KeysVerifyOptions {
  /** Each key's secret is in `keys`: `apiSecret` beside them is refused (`ERR_INVALID_OPTIONS`). */
  apiSecret?: never;
}

/**
 * Creates a signed access token (HS256 JWT). Synchronous.
 *
 * @example
 * const apiKey = process.env.ISOMETRIK_API_KEY;
 * const apiSecret = process.env.ISOMETRIK_API_SECRET;
 * if (!apiKey || !apiSecret) throw new Error('set ISOMETRIK_API_KEY and ISOMETRIK_API_SECRET');
 * const token = createToken({
 *   apiKey,
 *   apiSecret,
 *   roomId: 'daily-standup',
 *   participantName: 'alice',
 *   permissions: { canPublish: true, canSubscribe: true },
 *   expiresIn: '1h',
 * });
 * @throws {IsometrikTokenError}
 */
export declare function createToken(options: CreateTokenOptions): string;

/**
 * Verifies a token: `alg` exactly HS256, the signature (constant time), claim types, `exp`,
 * `nbf`, and the expected `apiKey`/`roomId` if given. Returns the payload.
 * @throws {IsometrikTokenError} e.g. `ERR_BAD_SIGNATURE`, `ERR_EXPIRED` (with `.claims`)
 */
export declare function verifyToken(
  token: string,
  options: VerifyTokenOptions | VerifyTokenWithKeysOptions,
): TokenClaims;

/**
 * Decodes a token's payload. **Verifies nothing**: no signature, no expiry, no algorithm.
 * Anyone can make a token that decodes; never use the result to decide anything on a server.
 * Parsing is strict (three canonical base64url segments, JSON objects, at most 16 KiB).
 * @throws {IsometrikTokenError} `ERR_MALFORMED_TOKEN`, `ERR_TOKEN_TOO_LARGE`
 */
export declare function decodeToken(token: string): TokenClaims;

/**
 * Decodes a token's protected header. **Verifies nothing** (see `decodeToken`).
 * @throws {IsometrikTokenError} `ERR_MALFORMED_TOKEN`, `ERR_TOKEN_TOO_LARGE`
 */
export declare function decodeTokenHeader(token: string): TokenHeader;

/**
 * Parses a duration (`'1h'`, `'90 seconds'`, or a number of seconds) into whole seconds. It
 * takes any string (text from a user or a config file is what it is for) and throws on a bad one.
 * @throws {IsometrikTokenError} `ERR_INVALID_DURATION`, `ERR_INVALID_OPTIONS`
 */
export declare function parseDuration(duration: number | string): number;

/**
 * A reusable signer for one API key: the HMAC key state is derived once, so each token
 * costs one hash. Free it with `free()` or `using`; a forgotten signer is reclaimed by the
 * garbage collector.
 */
export declare class TokenSigner {
  /** @throws {IsometrikTokenError} `ERR_INVALID_OPTIONS`, `ERR_WEAK_SECRET`, `ERR_BROWSER_SECRET` */
  constructor(options: SignerOptions);
  /** The API key this signer writes as `iss`. */
  readonly apiKey: string;
  /** Creates a token. @throws {IsometrikTokenError} */
  create(options: TokenOptions): string;
  /** Verifies a token; `iss` must equal this signer's API key unless `apiKey` is given. @throws {IsometrikTokenError} */
  verify(token: string, options?: VerifyOptions): TokenClaims;
  /** Releases the key state now (it is overwritten in memory). */
  free(): void;
  [Symbol.dispose](): void;
}

/**
 * Verifies tokens signed with any of several API keys (secret rotation): the secret is chosen
 * by the token's `iss` (exact match) and exactly one MAC is computed; a token whose `iss` is
 * unknown or missing is `ERR_ISSUER_MISMATCH`, decided without computing any MAC. Keys can be
 * added and removed while it serves. Each key state is derived once and overwritten on
 * `removeKey` and `free()`.
 */
export declare class TokenVerifier {
  /** @throws {IsometrikTokenError} `ERR_INVALID_OPTIONS`, `ERR_WEAK_SECRET`, `ERR_BROWSER_SECRET` */
  constructor(options: TokenVerifierOptions);
  /** Adds a key, or replaces its secret. @throws {IsometrikTokenError} */
  addKey(apiKey: string, secret: Secret): this;
  /** Removes a key; whether it was there. */
  removeKey(apiKey: string): boolean;
  /** The API keys accepted, sorted. */
  readonly apiKeys: string[];
  /** Verifies a token with the secret of its `iss`. @throws {IsometrikTokenError} */
  verify(token: string, options?: KeysVerifyOptions): TokenClaims;
  /** Releases every key state now (overwritten in memory). */
  free(): void;
  [Symbol.dispose](): void;
}

declare global {
  interface SymbolConstructor {
    /**
     * `Symbol.dispose` (explicit resource management). Declared here too so that `TokenSigner`
     * type-checks under `lib` settings older than `esnext.disposable` (e.g. `target: es2022`
     * with `skipLibCheck: false`); it merges with the standard declaration where that exists.
     */
    readonly dispose: unique symbol;
  }
}

// ───────────────────────────────────────────────────────────────────────────────────────────
// IsometrikClient (the original `@isometrik/client` shape) and client-side refresh helpers.
// ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Options of `new IsometrikClient()`: a signer's options, with `apiKey` and `apiSecret`
 * optional (read from `ISOMETRIK_API_KEY` / `ISOMETRIK_API_SECRET` when missing, so
 * `apiKey: process.env.ISOMETRIK_API_KEY` type-checks even with `exactOptionalPropertyTypes`).
 */
export interface IsometrikClientOptions<Keys extends KeySet | undefined = KeySet | undefined>
  extends Omit<SignerOptions, 'apiKey' | 'apiSecret'> {
  /** Your API key; default `ISOMETRIK_API_KEY`. */
  apiKey?: string | null | undefined;
  /** The API secret; default `ISOMETRIK_API_SECRET`. Never put it in client-side code. */
  apiSecret?: Secret | null | undefined;
  /**
   * More API keys that `tokens.verify` accepts (secret rotation): each token is verified with
   * the secret of its `iss`. The client's own key is always accepted; it still signs with it.
   * With `keys`, the token chooses the key, so `tokens.verify` refuses an expected `apiKey`.
   */
  keys?: Keys;
}

/** The token operations of an `IsometrikClient`. Each returns a promise and never throws. */
export interface IsometrikTokens {
  /** Creates a token. Rejects with `IsometrikTokenError` (e.g. `ERR_INVALID_OPTIONS` naming the field). */
  create(options: TokenOptions): Promise<string>;
  /** Verifies a token; `iss` must equal the client's API key unless `apiKey` is given. */
  verify(token: string, options?: VerifyOptions): Promise<TokenClaims>;
}

/** The token operations of an `IsometrikClient` made with `keys`: the token's `iss` picks the key. */
export interface IsometrikTokensWithKeys extends Omit<IsometrikTokens, 'verify'> {
  /** Verifies a token with the secret of its `iss` (the client's key or one of `keys`). */
  verify(token: string, options?: KeysVerifyOptions): Promise<TokenClaims>;
}

/**
 * A drop-in for the original `@isometrik/client` on the server: one `TokenSigner` (the key
 * state is derived once, in the constructor) behind promise-returning methods.
 *
 * @example
 * const client = new IsometrikClient({
 *   apiKey: process.env.ISOMETRIK_API_KEY,
 *   apiSecret: process.env.ISOMETRIK_API_SECRET,
 * });
 * const token = await client.tokens.create({
 *   roomId: 'daily-standup',
 *   participantName: 'alice',
 *   permissions: { canPublish: true, canSubscribe: true, canUpdateMetadata: true },
 *   expiresIn: '1h',
 * });
 */
export declare class IsometrikClient<Keys extends KeySet | undefined = undefined> {
  /**
   * A missing (`undefined` or `null`) `apiKey`/`apiSecret` is read from the environment where
   * there is one (Node and Bun: `process.env`; Deno: `Deno.env.get`, needs `--allow-env`).
   * @throws {IsometrikTokenError} `ERR_INVALID_OPTIONS` (with `field` `apiKey` or `apiSecret`
   * when neither the option nor the variable is set), `ERR_WEAK_SECRET`, `ERR_BROWSER_SECRET`
   */
  constructor(options?: IsometrikClientOptions<Keys>);
  /** The API key this client writes as `iss`. */
  readonly apiKey: string;
  /** Create and verify tokens (made with `keys`, `verify` takes no `apiKey`). */
  readonly tokens: undefined extends Keys ? IsometrikTokens : IsometrikTokensWithKeys;
  /**
   * Frees the key state now. Idempotent; later `tokens.*` calls reject with
   * `ERR_INVALID_OPTIONS` (field `client`).
   */
  close(): void;
  [Symbol.dispose](): void;
}

/**
 * Seconds until the token expires, `exp - floor(now)` (the clock `verify` uses): positive while
 * valid, zero or negative once expired (`-30`: expired 30 s ago). **Decodes only** — the
 * signature is not checked, so use it to schedule, never to authorize. Safe in a browser.
 * @throws {IsometrikTokenError} `ERR_MALFORMED_TOKEN`, `ERR_TOKEN_TOO_LARGE`,
 * `ERR_CLAIM_INVALID` (no usable `exp`), `ERR_INVALID_OPTIONS`
 */
export declare function tokenExpiresIn(token: string, options?: { currentDate?: Date }): number;

/** What `onError` learns about a failed refresh. */
export interface TokenRefreshErrorInfo {
  /** Failed attempts in a row (1 for the first failure). */
  attempt: number;
  /** Seconds until the next attempt, or `null` when giving up (`retry.maxAttempts` reached). */
  retryIn: number | null;
  /** Seconds the current token has left (see `tokenExpiresIn`); may be negative. */
  expiresIn: number;
}

/** The part of `AbortSignal` that `scheduleTokenRefresh` uses (declared here so no DOM lib is needed). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Options of `scheduleTokenRefresh`. Durations: seconds (fractions allowed) or `'30s'`, `'1m'`... */
export interface ScheduleTokenRefreshOptions {
  /** The token in use now (decoded for its `exp`, not verified). */
  token: string;
  /** Fetches a new token, e.g. from your `/api/token` endpoint. */
  refresh: () => string | Promise<string>;
  /**
   * Refresh this long before `exp`. Default `'1m'`. A token with less than `margin` left is
   * refreshed halfway through what it has left (at once if already expired).
   */
  margin?: Duration;
  /** Receives each new token (e.g. `room.updateToken`). If it throws or rejects, the refresh counts as failed. */
  onToken?: (token: string) => void | Promise<void>;
  /** Told about each failure (the schedule keeps going; call `stop()` here to give up). Its own errors are ignored. */
  onError?: (error: unknown, info: TokenRefreshErrorInfo) => void;
  /** Backoff after a failure: `initialDelay * 2^(attempt-1)`, capped at `maxDelay`. */
  retry?: {
    /** Default `'1s'`; must be more than zero. */
    initialDelay?: Duration;
    /** Default `'1m'`. */
    maxDelay?: Duration;
    /** Failures in a row before stopping. Default `Infinity`. */
    maxAttempts?: number;
    /** Randomize each delay within [delay/2, delay] so clients do not retry in lockstep. Default `true`. */
    jitter?: boolean;
  };
  /** Stops the schedule when aborted (an `AbortSignal`). */
  signal?: AbortSignalLike;
  /** Unref the timer (Node, Bun, Deno) so it never keeps the process alive. Default `true`. */
  unref?: boolean;
}

/** The handle returned by `scheduleTokenRefresh`. */
export interface TokenRefreshHandle {
  /** The current token: the last one `onToken` accepted, or the first. */
  readonly token: string;
  /** When the current token expires. */
  readonly expiresAt: Date;
  /** Whether the schedule has stopped (`stop()`, the signal, or `retry.maxAttempts`). */
  readonly stopped: boolean;
  /**
   * Refreshes now (joining a refresh already running) and reschedules; resolves to the new
   * token. Rejects with the error `onError` also receives, or an `AbortError` once stopped.
   */
  refreshNow(): Promise<string>;
  /** Stops the schedule: no more timers, and a refresh in flight is discarded. Idempotent. */
  stop(): void;
  [Symbol.dispose](): void;
}

/**
 * Keeps a client-side token fresh (the original SDK's `room.on('tokenExpiring')` flow): calls
 * `refresh()` `margin` before expiry, hands the new token to `onToken`, retries failures with
 * exponential backoff. Timers are unref'd and never longer than setTimeout allows (2^31-1 ms).
 * No secret involved: safe in a browser.
 *
 * @example
 * const refresher = scheduleTokenRefresh({
 *   token,
 *   margin: '1m',
 *   refresh: async () => (await (await fetch('/api/token', { method: 'POST' })).json()).token,
 *   onToken: (token) => room.updateToken(token),
 *   onError: (err, { retryIn }) => console.warn('token refresh failed; retry in', retryIn, 's'),
 * });
 * // later: refresher.stop();
 * @throws {IsometrikTokenError} `ERR_INVALID_OPTIONS`, `ERR_INVALID_DURATION`, or the first
 * token's decoding error (`ERR_MALFORMED_TOKEN`, `ERR_CLAIM_INVALID`)
 */
export declare function scheduleTokenRefresh(options: ScheduleTokenRefreshOptions): TokenRefreshHandle;
