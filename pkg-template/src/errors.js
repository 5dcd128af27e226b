// The package's one error class, and the one shape of an option error's message.

/**
 * Thrown by every function of `isometrik-token`. Switch on `.code`; the message is for humans.
 * Never contains a secret or a whole token.
 */
export class IsometrikTokenError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ field?: string, claim?: string, claims?: object, cause?: unknown }} [details]
   */
  constructor(code, message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'IsometrikTokenError';
    /** @type {string} */
    this.code = code;
    if (details.field !== undefined) this.field = details.field;
    if (details.claim !== undefined) this.claim = details.claim;
    if (details.claims !== undefined) this.claims = details.claims;
  }
}

/**
 * An `ERR_INVALID_OPTIONS` (or another `code`) about option `field`, worded as the core words
 * its own option errors: "invalid option `field`: reason".
 * @param {string} field
 * @param {string} reason
 * @param {string} [code]
 */
export function invalid(field, reason, code = 'ERR_INVALID_OPTIONS') {
  return new IsometrikTokenError(code, `invalid option \`${field}\`: ${reason}`, { field });
}
