// The public surface of the browser build (dist/decode.js: the `browser` condition and
// `isometrik-token/decode`). A page only ever reads tokens, so this build's wasm has no signer
// (cargo feature `sign` off). The signing API keeps its names, so code written for the full
// build still loads, but every call refuses: a secret does not belong in a page. A page that
// must sign anyway imports `isometrik-token/full` and passes `dangerouslyAllowBrowser: true`.
import { IsometrikTokenError } from './errors.js';

export { decodeToken, decodeTokenHeader, parseDuration } from './decode.js';
export { IsometrikTokenError } from './errors.js';
export { PERMISSIONS } from './permissions.js';
export { tokenExpiresIn, scheduleTokenRefresh } from './refresh.js';

function refuse() {
  return new IsometrikTokenError(
    'ERR_BROWSER_SECRET',
    "refusing to use an API secret in a web page: this build of isometrik-token only decodes; to sign in a page anyway, import from 'isometrik-token/full' and pass `dangerouslyAllowBrowser: true`",
  );
}

/** @returns {never} */
export function createToken() {
  throw refuse();
}

/** @returns {never} */
export function verifyToken() {
  throw refuse();
}

export class TokenSigner {
  constructor() {
    throw refuse();
  }
}

export class TokenVerifier {
  constructor() {
    throw refuse();
  }
}

export class IsometrikClient {
  constructor() {
    throw refuse();
  }
}
