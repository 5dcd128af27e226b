// Verifying against several API keys at once (secret rotation): TokenVerifier, and the `keys`
// option of verifyToken. The Rust core picks the key by the token's `iss` (exact match) and
// runs exactly one MAC; an unknown or missing `iss` is ERR_ISSUER_MISMATCH with no MAC run.
// Each key's state is derived once, when it is added, and overwritten when it is removed or
// the verifier is freed.
import { Input, orThrow, ready, writeSecret } from './boundary.js';
import { API_KEY_WITH_KEYS, INPUT_SLOTS as SLOT } from './contract.js';
import { invalid } from './errors.js';
import { raw_verifier as rawVerifier } from './glue.js';
import {
  browserGuard,
  checkedString,
  flag,
  optionsObject,
  read,
  secretOption,
  tokenString,
  verifyOptions,
} from './options.js';

/** Captured at load: a Map's own entries, whatever a subclass or a later patch puts in `entries`. */
const mapEntries = Map.prototype.entries;

/**
 * `keys` as `[apiKey, secret]` pairs: a plain object or a Map of API key → secret. A Map is
 * read through its internal slots (Map.prototype.entries), never through an `entries` method a
 * subclass may override to yield non-pairs or never end; a Proxy of a Map cannot be read so.
 */
export function keyEntries(value) {
  let entries;
  try {
    if (value instanceof Map) entries = [...mapEntries.call(value)];
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) entries = Object.entries(value);
  } catch {
    throw invalid('keys', 'could not be read');
  }
  if (entries === undefined) throw invalid('keys', 'must be an object (or a Map) of API key → secret');
  return entries;
}

function addKey(raw, apiKey, secret, allowWeak) {
  const key = checkedString(apiKey, 'apiKey');
  const s = secretOption({ apiSecret: secret });
  const input = new Input();
  try {
    input.text(SLOT.api_key, key);
    writeSecret(input, SLOT.secret, s);
    orThrow(raw.add(allowWeak));
  } finally {
    input.release();
  }
}

/** `keys` are the secrets: an `apiSecret` beside them is refused, never ignored. */
export function refuseSecretBesideKeys(o) {
  if (read(o, 'apiSecret') !== undefined) throw invalid('keys', 'give either `keys` or `apiSecret`, not both');
}

export class TokenVerifier {
  #raw;
  #allowWeak;

  /** `{ keys: { [apiKey]: secret } | Map, allowWeakSecret?, dangerouslyAllowBrowser? }` */
  constructor(options) {
    const o = optionsObject(options);
    browserGuard(o);
    // Silently ignoring a secret or key given beside `keys` would verify with something else
    // than the caller believes: refused, as verifyToken refuses it.
    refuseSecretBesideKeys(o);
    if (read(o, 'apiKey') !== undefined) throw invalid('apiKey', API_KEY_WITH_KEYS);
    this.#allowWeak = flag(o, 'allowWeakSecret');
    const entries = keyEntries(read(o, 'keys'));
    ready();
    const raw = rawVerifier();
    try {
      // An index loop: the array iterator may have been patched.
      for (let i = 0; i < entries.length; i++) addKey(raw, entries[i][0], entries[i][1], this.#allowWeak);
    } catch (e) {
      raw.free();
      throw e;
    }
    this.#raw = raw;
  }

  #verifier() {
    if (this.#raw === undefined) throw invalid('verifier', 'has been freed');
    return this.#raw;
  }

  /** Adds (or replaces) the secret of `apiKey`: rotation without a restart. */
  addKey(apiKey, secret) {
    addKey(this.#verifier(), apiKey, secret, this.#allowWeak);
    return this;
  }

  /** Removes `apiKey` (its key state is overwritten); whether it was there. */
  removeKey(apiKey) {
    const key = checkedString(apiKey, 'apiKey');
    const raw = this.#verifier();
    const input = new Input();
    try {
      input.text(SLOT.api_key, key);
      return raw.remove();
    } finally {
      input.release();
    }
  }

  /** The API keys this verifier accepts, sorted. */
  get apiKeys() {
    return JSON.parse(this.#verifier().apiKeys());
  }

  /** Verifies with the secret of the token's `iss`; returns the claims. */
  verify(token, options) {
    const t = tokenString(token);
    const v = verifyOptions(options === undefined ? undefined : optionsObject(options));
    if (v.apiKey !== undefined) throw invalid('apiKey', API_KEY_WITH_KEYS);
    const raw = this.#verifier();
    const input = new Input();
    let payload;
    try {
      input.text(SLOT.token, t);
      input.text(SLOT.room, v.room);
      input.duration(SLOT.leeway, v.leeway);
      payload = orThrow(raw.verify(v.now));
    } finally {
      input.release();
    }
    return JSON.parse(payload);
  }

  /** Releases every key state now (overwritten in wasm memory). Idempotent. */
  free() {
    const raw = this.#raw;
    this.#raw = undefined;
    raw?.free();
  }

  get [Symbol.toStringTag]() {
    return 'TokenVerifier';
  }
}

if (typeof Symbol.dispose === 'symbol') {
  TokenVerifier.prototype[Symbol.dispose] = TokenVerifier.prototype.free;
}

/** verifyToken(token, { keys, … }): a verifier for this one call. */
export function verifyWithKeys(token, o) {
  const t = tokenString(token);
  const verifier = new TokenVerifier(o);
  try {
    return verifier.verify(t, o);
  } finally {
    verifier.free();
  }
}
