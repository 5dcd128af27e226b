// The package's one error class, and the one shape of an option error's message.
import { OPTION_MESSAGE } from './contract.js';

/** The core's wording of an option error, around its field and its reason. */
const [BEFORE_FIELD, AFTER_FIELD] = OPTION_MESSAGE.split('{field}');
const [BETWEEN, AFTER_REASON] = AFTER_FIELD.split('{reason}');

/** @typedef {(typeof import('./contract.js').ERROR_CODES)[number]} ErrorCode */

/**
 * Thrown by every function of `isometrik-token`. Switch on `.code`; the message is for humans.
 * Never contains a secret or a whole token.
 */
export class IsometrikTokenError extends Error {
  /**
   * @param {ErrorCode} code
   * @param {string} message
   * @param {{ field?: string, claim?: string, reason?: string, claims?: any, cause?: unknown }} [details]
   *   (`claims`: a token's payload, parsed JSON: `TokenClaims` in index.d.ts; `reason`: the rule
   *   that was broken, as data, where the error has one)
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    /** @type {'IsometrikTokenError'} */
    this.name = 'IsometrikTokenError';
    /** @type {ErrorCode} */
    this.code = code;
    if (details.field !== undefined) this.field = details.field;
    if (details.claim !== undefined) this.claim = details.claim;
    if (details.reason !== undefined) this.reason = details.reason;
    if (details.claims !== undefined) this.claims = details.claims;
  }
}

/**
 * An `ERR_INVALID_OPTIONS` (or another `code`) about option `field`, worded as the core words
 * its own option errors: "invalid option `field`: reason".
 * @param {string} field
 * @param {string} reason
 * @param {ErrorCode} [code]
 */
export function invalid(field, reason, code = 'ERR_INVALID_OPTIONS') {
  return new IsometrikTokenError(code, `${BEFORE_FIELD}${field}${BETWEEN}${reason}${AFTER_REASON}`, { field, reason });
}
