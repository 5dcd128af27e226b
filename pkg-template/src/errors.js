// The package's one error class. The Rust boundary (src/wasm.rs) imports `tokenError` from
// this file; the build rewrites that import so the class below is the one users import.

/**
 * Thrown by every function of `isometrik-token`. Switch on `.code`; the message is for humans.
 * Never contains a secret or a whole token.
 */
export class IsometrikTokenError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{ field?: string, claim?: string, claims?: object }} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'IsometrikTokenError';
    /** @type {string} */
    this.code = code;
    if (details.field !== undefined) this.field = details.field;
    if (details.claim !== undefined) this.claim = details.claim;
    if (details.claims !== undefined) this.claims = details.claims;
  }
}

/**
 * @internal Called from Rust. For ERR_EXPIRED / ERR_NOT_YET_VALID, `payloadJson` is the
 * token's authenticated payload, exactly as `verifyToken` would have returned it.
 */
export function tokenError(code, message, field, claim, payloadJson) {
  return new IsometrikTokenError(code, message, {
    field,
    claim,
    claims: payloadJson === undefined ? undefined : JSON.parse(payloadJson),
  });
}
