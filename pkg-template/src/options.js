// Reading the JS API's options: JavaScript types only (no coercion, lone surrogates refused,
// throwing getters and Proxy traps caught, fake Dates and typed arrays refused), the clock and
// the browser guard. Every rule about tokens themselves is the Rust core's.
import { copyUint8Array, isUint8Array, uncurry } from './boundary.js';
import { BOUNDARY_MESSAGES, PERMISSION_NAME_CUT, PERMISSION_NAMES, UNKNOWN_PERMISSION } from './contract.js';
import { IsometrikTokenError, invalid } from './errors.js';

/** A web page or a browser worker: where a secret must not be (see `dangerouslyAllowBrowser`). */
const IN_BROWSER =
  typeof document !== 'undefined' ||
  (typeof importScripts === 'function' &&
    typeof WorkerGlobalScope !== 'undefined' &&
    globalThis instanceof WorkerGlobalScope);

/**
 * Reads one property; a throwing getter or Proxy trap becomes ERR_INVALID_OPTIONS naming
 * `field` (a dotted path such as `retry.initialDelay`; default `key`).
 */
export function read(object, key, field = key) {
  try {
    return object[key];
  } catch {
    throw invalid(field, 'could not be read');
  }
}

/** A non-array object; a revoked Proxy (on which Array.isArray throws) is not one. */
export function isObject(value) {
  try {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

export function optionsObject(value, field = 'options') {
  if (!isObject(value)) throw invalid(field, 'must be an options object');
  return value;
}

const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => text.isWellFormed()
    : (text) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** A string as-is: no coercion, and a lone surrogate (which UTF-8 would turn into U+FFFD) refused. */
export function checkedString(value, field) {
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (!isWellFormed(value)) throw invalid(field, 'contains a lone surrogate (not valid Unicode)');
  return value;
}

export function optionalString(object, key) {
  const value = read(object, key);
  return value === undefined ? undefined : checkedString(value, key);
}

export function requiredString(object, key) {
  const value = read(object, key);
  if (value === undefined) throw invalid(key, 'is required');
  return checkedString(value, key);
}

export function flag(object, key) {
  const value = read(object, key);
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(key, 'must be a boolean');
  return value;
}

/**
 * The secret: `{ text }` for a string, `{ bytes }` for a Uint8Array (Node's Buffer included).
 * A typed array is recognised by its internal slots and copied at once (`copyUint8Array`), so
 * a subclass whose `length` lies, a Proxy, or a getter of a later option that detaches,
 * shrinks or grows its buffer cannot change what is written into wasm memory; the caller's
 * array is never modified, and the package's copy is overwritten once written.
 * @returns {{ text: string, bytes?: undefined } | { text?: undefined, bytes: Uint8Array }}
 */
export function secretOption(object) {
  const value = read(object, 'apiSecret');
  if (value === undefined) throw invalid('apiSecret', 'is required');
  if (typeof value === 'string') return { text: checkedString(value, 'apiSecret') };
  if (isUint8Array(value)) {
    const bytes = copyUint8Array(value);
    if (bytes === undefined) throw invalid('apiSecret', 'is a Uint8Array whose buffer was detached');
    return { bytes };
  }
  throw invalid('apiSecret', 'must be a string or a Uint8Array');
}

/**
 * A duration for the wasm side: `text` when given as a string, else `secs` (NaN when absent).
 * @returns {{ secs: number, text: string | undefined }}
 */
export function duration(value, field) {
  if (value === undefined) return { secs: NaN, text: undefined };
  if (typeof value === 'string') return { secs: NaN, text: checkedString(value, field) };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw invalid(field, 'must be a finite number', 'ERR_INVALID_DURATION');
    return { secs: value, text: undefined };
  }
  throw invalid(field, 'must be a number of seconds or a duration string like "1h"');
}

/** Duration option `key` of `object`, as `duration` returns it. */
export function durationOption(object, key) {
  return duration(read(object, key), key);
}

const objectTag = uncurry(Object.prototype.toString);
const dateTime = uncurry(Date.prototype.getTime);

/**
 * A Date's time in milliseconds: a Date from any realm is accepted; anything else (a fake
 * with `Symbol.toStringTag`, a Proxy whose trap throws) is ERR_INVALID_OPTIONS.
 */
export function dateMillis(value, field) {
  try {
    if (objectTag(value) === '[object Date]') return dateTime(value);
  } catch {
    // not a real Date
  }
  throw invalid(field, 'must be a Date');
}

/** `currentDate` or the real clock, in milliseconds. */
export function nowMillis(object) {
  if (object === undefined) return Date.now();
  const value = read(object, 'currentDate');
  return value === undefined ? Date.now() : dateMillis(value, 'currentDate');
}

/** `permissions.<name>`, the name cut at PERMISSION_NAME_CUT UTF-8 bytes as the core cuts it. */
function permissionField(name) {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= PERMISSION_NAME_CUT) return `permissions.${name}`;
  let end = PERMISSION_NAME_CUT;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // back to a character boundary
  return `permissions.${new TextDecoder().decode(bytes.subarray(0, end))}…`;
}

/** Permissions as the wasm side's bit set: name `i` sets bit 2i, its value bit 2i+1. */
export function permissionBits(object) {
  const value = read(object, 'permissions');
  if (value === undefined) return 0;
  if (!isObject(value)) throw invalid('permissions', 'must be an object of booleans');
  let names;
  try {
    names = Object.keys(value);
  } catch {
    throw invalid('permissions', 'could not be read');
  }
  let bits = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const index = PERMISSION_NAMES.indexOf(name);
    if (index < 0) throw invalid(permissionField(name), UNKNOWN_PERMISSION);
    let granted;
    try {
      granted = value[name];
    } catch {
      throw invalid(permissionField(name), 'could not be read');
    }
    if (typeof granted !== 'boolean') throw invalid(permissionField(name), 'must be a boolean');
    bits |= (1 << (2 * index)) | (granted ? 2 << (2 * index) : 0);
  }
  return bits;
}

export function browserGuard(object) {
  // Read everywhere, so that a non-boolean is refused on the server too, not only in a page.
  const allowed = flag(object, 'dangerouslyAllowBrowser');
  if (IN_BROWSER && !allowed) {
    throw new IsometrikTokenError('ERR_BROWSER_SECRET', BOUNDARY_MESSAGES.ERR_BROWSER_SECRET);
  }
}

/** The token argument: a string (its length is checked before it is copied). */
export function tokenString(token) {
  if (typeof token !== 'string') throw invalid('token', 'must be a string');
  return token;
}

/** A verify call's checks (`o` may be undefined): expected API key and room, leeway, clock. */
export function verifyOptions(o) {
  if (o === undefined) return { apiKey: undefined, room: undefined, leeway: duration(undefined), now: Date.now() };
  const apiKey = optionalString(o, 'apiKey');
  const room = optionalString(o, 'roomId');
  const leeway = durationOption(o, 'clockTolerance');
  return { apiKey, room, leeway, now: nowMillis(o) };
}
