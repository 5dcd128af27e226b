// The package's one error class, and the one shape of an option error's message.
import { OPTION_MESSAGE } from './contract.js';

/** The core's wording of an option error, around its field and its reason. */
const [BEFORE_FIELD, AFTER_FIELD] = OPTION_MESSAGE.split('{field}');
const [BETWEEN, AFTER_REASON] = AFTER_FIELD.split('{reason}');

/** @typedef {(typeof import('./contract.js').ERROR_CODES)[number]} ErrorCode */

/**
 * The mark every IsometrikTokenError carries, from the global symbol registry: the same symbol in
 * every entry and format of the package (`isometrik-token`, `/decode`, `/full`, `import` and
 * `require`) and in every copy of it in one process, each of which defines its own class.
 */
const BRAND = Symbol.for('isometrik-token.IsometrikTokenError');

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

  /**
   * `err instanceof IsometrikTokenError` holds for an error thrown by any entry or copy of the
   * package (by its brand, not its prototype). A subclass keeps the ordinary prototype check.
   * @param {unknown} value
   */
  static [Symbol.hasInstance](value) {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class asked about (maybe a subclass)
    if (this !== IsometrikTokenError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && /** @type {any} */ (value)[BRAND] === true;
  }
}
Object.defineProperty(IsometrikTokenError.prototype, BRAND, { value: true });

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
