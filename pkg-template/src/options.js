// Reading the JS API's options: JavaScript types only (no coercion, lone surrogates refused,
// throwing getters and Proxy traps caught, fake Dates and typed arrays refused), the clock and
// the browser guard. Every rule about tokens themselves is the Rust core's.
import { isUint8Array, uint8ArrayLength } from './boundary.js';
import { BOUNDARY_MESSAGES, PERMISSION_NAMES } from './contract.js';
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
 * The secret: `{ text }` for a string, `{ bytes, length }` for a Uint8Array (Node's Buffer
 * included). A typed array is recognised and measured by its internal slots, so a subclass
 * whose `length` lies, a Proxy, or a detached buffer cannot make the copy into wasm memory
 * write past its place; the caller's array is copied, never modified.
 */
export function secretOption(object) {
  const value = read(object, 'apiSecret');
  if (value === undefined) throw invalid('apiSecret', 'is required');
  if (typeof value === 'string') return { text: checkedString(value, 'apiSecret') };
  if (isUint8Array(value)) {
    const length = uint8ArrayLength(value);
    if (length === undefined) throw invalid('apiSecret', 'is a Uint8Array whose buffer was detached');
    return { bytes: value, length };
  }
  throw invalid('apiSecret', 'must be a string or a Uint8Array');
}

/**
 * A duration as `[seconds, text]` for the wasm side; `[NaN, undefined]` when absent.
 * @returns {[number, string | undefined]}
 */
export function duration(value, field) {
  if (value === undefined) return [NaN, undefined];
  if (typeof value === 'string') return [NaN, checkedString(value, field)];
  if (typeof value === 'number') {
    if (Number.isNaN(value)) throw invalid(field, 'must be a finite number', 'ERR_INVALID_DURATION');
    return [value, undefined];
  }
  throw invalid(field, 'must be a number of seconds or a duration string like "1h"');
}

/** Duration option `key` of `object` as `[seconds, text]`. */
export function durationOption(object, key) {
  return duration(read(object, key), key);
}

/**
 * A Date's time in milliseconds: a Date from any realm is accepted; anything else (a fake
 * with `Symbol.toStringTag`, a Proxy whose trap throws) is ERR_INVALID_OPTIONS.
 */
export function dateMillis(value, field) {
  try {
    if (Object.prototype.toString.call(value) === '[object Date]') return Date.prototype.getTime.call(value);
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

/** `permissions.<name>`, the name cut at 64 UTF-8 bytes as the core cuts it. */
function permissionField(name) {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= 64) return `permissions.${name}`;
  let end = 64;
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
  for (const name of names) {
    const index = PERMISSION_NAMES.indexOf(name);
    if (index < 0) throw invalid(permissionField(name), `unknown permission (allowed: ${PERMISSION_NAMES.join(', ')})`);
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
  if (IN_BROWSER && !flag(object, 'dangerouslyAllowBrowser')) {
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
  if (o === undefined)
    return { apiKey: undefined, room: undefined, leewaySecs: NaN, leewayText: undefined, now: Date.now() };
  const apiKey = optionalString(o, 'apiKey');
  const room = optionalString(o, 'roomId');
  const [leewaySecs, leewayText] = durationOption(o, 'clockTolerance');
  return { apiKey, room, leewaySecs, leewayText, now: nowMillis(o) };
}
