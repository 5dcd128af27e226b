// The package's public surface for every full entry (node, workerd, edge-light, deno, web).
// The entry files only say where the wasm comes from; everything users import is re-exported
// from here (the raw wasm exports in glue.js stay internal).
export { createToken, verifyToken, TokenSigner } from './token.js';
export { TokenVerifier } from './verifier.js';
export { decodeToken, decodeTokenHeader, parseDuration } from './decode.js';
export { IsometrikTokenError } from './errors.js';
export { PERMISSIONS } from './permissions.js';
export { IsometrikClient } from './client.js';
export { tokenExpiresIn, scheduleTokenRefresh } from './refresh.js';
