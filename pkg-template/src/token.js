// The JavaScript half of the boundary (the Rust half is src/wasm.rs). This file checks
// JavaScript types, reads the clock and the environment (the browser guard), and passes flat,
// typed arguments to the wasm module in one call. It decides nothing about tokens: every rule
// and check lives in the Rust core, which throws IsometrikTokenError with a stable code.
//
// Why here and not in Rust: reading an options object property by property from Rust costs a
// boundary crossing per property (plus string round trips); one flat call is several times
// cheaper. Type errors use the same codes and message shapes as the core's errors.
import {
  RawSigner,
  raw_create_token as rawCreateToken,
  raw_decode as rawDecode,
  raw_parse_duration as rawParseDuration,
  raw_verify_token as rawVerifyToken,
} from './glue.js';
import { IsometrikTokenError } from './errors.js';

/** A web page or a browser worker: where a secret must not be (see `dangerouslyAllowBrowser`). */
const IN_BROWSER =
  typeof document !== 'undefined' ||
  (typeof importScripts === 'function' &&
    typeof WorkerGlobalScope !== 'undefined' &&
    globalThis instanceof WorkerGlobalScope);

function invalid(field, reason) {
  return new IsometrikTokenError('ERR_INVALID_OPTIONS', `invalid option \`${field}\`: ${reason}`, { field });
}

/** Reads one property; a throwing getter or Proxy trap becomes ERR_INVALID_OPTIONS. */
function read(object, key) {
  try {
    return object[key];
  } catch {
    throw invalid(key, 'could not be read');
  }
}

function optionsObject(value, field = 'options') {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(field, 'must be an options object');
  }
  return value;
}

const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => text.isWellFormed()
    : (text) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** A string as-is: no coercion, and a lone surrogate (which UTF-8 would turn into U+FFFD) refused. */
function checkedString(value, field) {
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (!isWellFormed(value)) throw invalid(field, 'contains a lone surrogate (not valid Unicode)');
  return value;
}

function optionalString(object, key) {
  const value = read(object, key);
  return value === undefined ? undefined : checkedString(value, key);
}

function requiredString(object, key) {
  const value = read(object, key);
  if (value === undefined) throw invalid(key, 'is required');
  return checkedString(value, key);
}

function flag(object, key) {
  const value = read(object, key);
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw invalid(key, 'must be a boolean');
  return value;
}

/**
 * The secret as the wasm side takes it: `[text, undefined]` for a string (UTF-8 encoded
 * straight into wasm memory, no JS copy) or `[undefined, bytes]` for a Uint8Array (Node's
 * Buffer included; the caller's array is copied, never modified). The wasm side wipes its copy.
 */
function secretArgs(object) {
  const value = read(object, 'apiSecret');
  if (value === undefined) throw invalid('apiSecret', 'is required');
  if (typeof value === 'string') return [checkedString(value, 'apiSecret'), undefined];
  if (value instanceof Uint8Array) return [undefined, value];
  throw invalid('apiSecret', 'must be a string or a Uint8Array');
}

/** Duration option `key` of `object` as `[seconds, text]` for the wasm side. */
function durationOption(object, key) {
  return duration(read(object, key), key);
}

/** A duration as `[seconds, text]` for the wasm side; `[NaN, undefined]` when absent. */
function duration(value, field) {
  if (value === undefined) return [NaN, undefined];
  if (typeof value === 'string') return [NaN, checkedString(value, field)];
  if (typeof value === 'number') {
    if (Number.isNaN(value)) {
      throw new IsometrikTokenError('ERR_INVALID_DURATION', `invalid option \`${field}\`: must be a finite number`, {
        field,
      });
    }
    return [value, undefined];
  }
  throw invalid(field, 'must be a number of seconds or a duration string like "1h"');
}

/** `currentDate` (a Date, also from another realm) or the real clock, in milliseconds. */
function nowMillis(object) {
  const value = read(object, 'currentDate');
  if (value === undefined) return Date.now();
  if (Object.prototype.toString.call(value) !== '[object Date]') throw invalid('currentDate', 'must be a Date');
  return Date.prototype.getTime.call(value);
}

// Permission name -> bit position (2i: set, 2i+1: value), in the core's PERMISSION_NAMES order.
const PERMISSION_BITS = new Map([
  ['canPublish', 0],
  ['canSubscribe', 2],
  ['canUpdateMetadata', 4],
  ['canUpdateRoom', 6],
  ['canRemoveParticipants', 8],
]);

function permissionField(name) {
  const chars = Array.from(name);
  return `permissions.${chars.slice(0, 64).join('')}${chars.length > 64 ? '…' : ''}`;
}

function permissionBits(object) {
  const value = read(object, 'permissions');
  if (value === undefined) return 0;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalid('permissions', 'must be an object of booleans');
  }
  let names;
  try {
    names = Object.keys(value);
  } catch {
    throw invalid('permissions', 'could not be read');
  }
  let bits = 0;
  for (const name of names) {
    const shift = PERMISSION_BITS.get(name);
    if (shift === undefined) {
      throw invalid(
        permissionField(name),
        'unknown permission (allowed: canPublish, canSubscribe, canUpdateMetadata, canUpdateRoom, canRemoveParticipants)',
      );
    }
    let granted;
    try {
      granted = value[name];
    } catch {
      throw invalid(permissionField(name), 'could not be read');
    }
    if (typeof granted !== 'boolean') throw invalid(permissionField(name), 'must be a boolean');
    bits |= (1 << shift) | (granted ? 2 << shift : 0);
  }
  return bits;
}

function browserGuard(object) {
  if (IN_BROWSER && !flag(object, 'dangerouslyAllowBrowser')) {
    throw new IsometrikTokenError(
      'ERR_BROWSER_SECRET',
      'refusing to use an API secret in a web page; pass `dangerouslyAllowBrowser: true` to override',
    );
  }
}

/** The core's MAX_TOKEN_LEN (16 KiB). */
const MAX_TOKEN_LEN = 16384;

function tokenString(token) {
  if (typeof token !== 'string') throw invalid('token', 'must be a string');
  // Refuse oversize tokens before copying them into wasm memory, which never shrinks. More
  // UTF-16 code units than this always means more UTF-8 bytes, so the core would refuse too.
  if (token.length > MAX_TOKEN_LEN) {
    throw new IsometrikTokenError('ERR_TOKEN_TOO_LARGE', `token is larger than the maximum of ${MAX_TOKEN_LEN} bytes`);
  }
  return token;
}

/** The signer's arguments, in RawSigner's order. */
function signerArgs(o) {
  browserGuard(o);
  const apiKey = requiredString(o, 'apiKey');
  const [maxSecs, maxText] = durationOption(o, 'maxExpiresIn');
  const allowWeak = flag(o, 'allowWeakSecret');
  return [apiKey, ...secretArgs(o), allowWeak, maxSecs, maxText];
}

/** A token's arguments, in RawSigner.create's order. */
function tokenArgs(o) {
  const room = requiredString(o, 'roomId');
  const identity = requiredString(o, 'participantName');
  const name = optionalString(o, 'name');
  const metadata = optionalString(o, 'metadata');
  const [expiresSecs, expiresText] = durationOption(o, 'expiresIn');
  return [room, identity, permissionBits(o), expiresSecs, expiresText, name, metadata, nowMillis(o)];
}

/** The checks of a verify call, in RawSigner.verify's order (after the token). */
function verifyArgs(o) {
  if (o === undefined) return [undefined, undefined, NaN, undefined, Date.now()];
  const apiKey = optionalString(o, 'apiKey');
  const room = optionalString(o, 'roomId');
  const [leewaySecs, leewayText] = durationOption(o, 'clockTolerance');
  return [apiKey, room, leewaySecs, leewayText, nowMillis(o)];
}

export function createToken(options) {
  const o = optionsObject(options);
  return rawCreateToken(...signerArgs(o), ...tokenArgs(o));
}

export function verifyToken(token, options) {
  const t = tokenString(token);
  const o = optionsObject(options);
  browserGuard(o);
  const [secretText, secretBytes] = secretArgs(o);
  const allowWeak = flag(o, 'allowWeakSecret');
  return JSON.parse(rawVerifyToken(t, secretText, secretBytes, allowWeak, ...verifyArgs(o)));
}

export function decodeToken(token) {
  return JSON.parse(rawDecode(tokenString(token), 1));
}

export function decodeTokenHeader(token) {
  return JSON.parse(rawDecode(tokenString(token), 0));
}

export function parseDuration(value) {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw invalid('duration', 'must be a number of seconds or a duration string like "1h"');
  }
  return rawParseDuration(...duration(value, 'duration'), 'duration');
}

export class TokenSigner {
  #raw;

  constructor(options) {
    this.#raw = new RawSigner(...signerArgs(optionsObject(options)));
  }

  #signer() {
    if (this.#raw === undefined) throw invalid('signer', 'has been freed');
    return this.#raw;
  }

  get apiKey() {
    return this.#signer().apiKey;
  }

  create(options) {
    return this.#signer().create(...tokenArgs(optionsObject(options)));
  }

  verify(token, options) {
    const t = tokenString(token);
    const checks = verifyArgs(options === undefined ? undefined : optionsObject(options));
    return JSON.parse(this.#signer().verify(t, ...checks));
  }

  /** Releases the key state now (it is overwritten in wasm memory). Idempotent. */
  free() {
    const raw = this.#raw;
    this.#raw = undefined;
    raw?.free();
  }

  get [Symbol.toStringTag]() {
    return 'TokenSigner';
  }
}

if (typeof Symbol.dispose === 'symbol') {
  TokenSigner.prototype[Symbol.dispose] = TokenSigner.prototype.free;
}
