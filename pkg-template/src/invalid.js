// The one shape of an option error in JavaScript: `invalid option `field`: reason`, with the
// field as `.field`. token.js, refresh.js and client.js all build their option errors here.
import { IsometrikTokenError } from './errors.js';

/**
 * An error for option `field` (a dotted path such as `retry.initialDelay`): `reason` completes
 * the sentence "`field` ..." ("must be a boolean", "is required"). `code` is ERR_INVALID_OPTIONS
 * unless the caller has a more precise one (ERR_INVALID_DURATION).
 */
export function invalid(field, reason, code = 'ERR_INVALID_OPTIONS') {
  return new IsometrikTokenError(code, `invalid option \`${field}\`: ${reason}`, { field });
}
