// The package's public surface, shared by every entry (node, workerd, web). The entry files
// only instantiate the wasm module; everything users import is re-exported from here (the
// raw wasm exports in glue.js stay internal).
export {
  createToken,
  verifyToken,
  decodeToken,
  decodeTokenHeader,
  parseDuration,
  TokenSigner,
} from './token.js';
export { IsometrikTokenError } from './errors.js';

/** The permission names, exactly as they appear in a token's `permissions` object. */
export const PERMISSIONS = Object.freeze([
  'canPublish',
  'canSubscribe',
  'canUpdateMetadata',
  'canUpdateRoom',
  'canRemoveParticipants',
]);
export { IsometrikClient } from './client.js';
export { tokenExpiresIn, scheduleTokenRefresh } from './refresh.js';
