import { PERMISSION_NAMES } from './contract.js';

/** The permission names, exactly as they appear in a token's `permissions` object. */
export const PERMISSIONS = Object.freeze([...PERMISSION_NAMES]);
