// PLACEHOLDER until the build generates this file from the Rust core (issue 14): the facts JS
// shares with the core. Same exports, same values as the core; nothing else belongs here.

/** The permission names, exactly as they appear in a token's `permissions` object. */
export const PERMISSION_NAMES = Object.freeze([
  'canPublish',
  'canSubscribe',
  'canUpdateMetadata',
  'canUpdateRoom',
  'canRemoveParticipants',
]);

/** The largest NumericDate the core accepts: 9999-12-31T23:59:59Z. */
export const MAX_NUMERIC_DATE = 253402300799;

/** The longest token the core reads, in bytes (16 KiB). */
export const MAX_TOKEN_LEN = 16384;

/** Every `IsometrikTokenError.code`. */
export const ERROR_CODES = Object.freeze([
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
]);
