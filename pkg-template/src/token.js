// Signing and verifying: createToken, verifyToken, TokenSigner. Each call reads every option
// once into plain values (options.js; a byte secret is copied then), then writes each field
// into its slot of the wasm input buffer by name (INPUT_SLOTS, from src/contract.rs) and
// crosses once with flags and numbers. No user code runs between the first write and the call:
// options are read, and getters run, before.
import { Input, orThrow, wipeBytes, writeSecret } from './boundary.js';
import { INPUT_SLOTS as SLOT } from './contract.js';
import { invalid } from './errors.js';
import {
  raw_create_token as rawCreateToken,
  raw_signer as rawSigner,
  raw_verify_token as rawVerifyToken,
} from './glue.js';
import {
  browserGuard,
  durationOption,
  flag,
  nowMillis,
  optionalString,
  optionsObject,
  permissionBits,
  read,
  requiredString,
  secretOption,
  tokenString,
  verifyOptions,
} from './options.js';
import { refuseSecretBesideKeys, verifyWithKeys } from './verifier.js';

/** A signer's options, read. */
export function signerOptions(o) {
  browserGuard(o);
  const apiKey = requiredString(o, 'apiKey');
  const maxExpiresIn = durationOption(o, 'maxExpiresIn');
  const allowWeak = flag(o, 'allowWeakSecret');
  return { apiKey, secret: secretOption(o), maxExpiresIn, allowWeak };
}

/** A token's options, read. */
export function tokenOptions(o) {
  const room = requiredString(o, 'roomId');
  const identity = requiredString(o, 'participantName');
  const name = optionalString(o, 'name');
  const metadata = optionalString(o, 'metadata');
  const expiresIn = durationOption(o, 'expiresIn');
  return { room, identity, name, metadata, expiresIn, permissions: permissionBits(o), now: nowMillis(o) };
}

/** The signer's fields: API key, secret, maxExpiresIn. */
export function writeSigner(input, s) {
  input.text(SLOT.api_key, s.apiKey);
  writeSecret(input, SLOT.secret, s.secret);
  input.duration(SLOT.max_expires_in, s.maxExpiresIn);
}

/** The token's fields: room, identity, name, metadata, expiresIn. */
export function writeToken(input, t) {
  input.text(SLOT.room, t.room);
  input.text(SLOT.identity, t.identity);
  input.text(SLOT.name, t.name);
  input.text(SLOT.metadata, t.metadata);
  input.duration(SLOT.expires_in, t.expiresIn);
}

/** A verify call's fields: the token and its checks (expected API key, room, clockTolerance). */
export function writeChecks(input, token, v) {
  input.text(SLOT.token, token);
  input.text(SLOT.api_key, v.apiKey);
  input.text(SLOT.room, v.room);
  input.duration(SLOT.leeway, v.leeway);
}

/** Reads the rest of the options after the secret: the secret's copy is overwritten if that throws. */
function thenRead(s, read) {
  try {
    return read();
  } catch (e) {
    if (s.secret.bytes !== undefined) wipeBytes(s.secret.bytes);
    throw e;
  }
}

export function createToken(options) {
  const o = optionsObject(options);
  const s = signerOptions(o);
  const t = thenRead(s, () => tokenOptions(o));
  const input = new Input();
  try {
    writeSigner(input, s);
    writeToken(input, t);
    return orThrow(rawCreateToken(s.allowWeak, t.permissions, t.now));
  } finally {
    input.release();
  }
}

export function verifyToken(token, options) {
  const t = tokenString(token);
  const o = optionsObject(options);
  if (read(o, 'keys') !== undefined) {
    refuseSecretBesideKeys(o);
    return verifyWithKeys(t, o);
  }
  browserGuard(o);
  const s = { secret: secretOption(o) };
  const { allowWeak, v } = thenRead(s, () => ({ allowWeak: flag(o, 'allowWeakSecret'), v: verifyOptions(o) }));
  const input = new Input();
  let payload;
  try {
    writeChecks(input, t, v);
    writeSecret(input, SLOT.secret, s.secret);
    payload = orThrow(rawVerifyToken(allowWeak, v.now));
  } finally {
    input.release();
  }
  return JSON.parse(payload);
}

export class TokenSigner {
  #raw;

  constructor(options) {
    const s = signerOptions(optionsObject(options));
    const input = new Input();
    try {
      writeSigner(input, s);
      this.#raw = orThrow(rawSigner(s.allowWeak));
    } finally {
      input.release();
    }
  }

  #signer() {
    if (this.#raw === undefined) throw invalid('signer', 'has been freed');
    return this.#raw;
  }

  get apiKey() {
    return this.#signer().apiKey;
  }

  // Options first: their getters may run user code (even free() on this signer).
  create(options) {
    const t = tokenOptions(optionsObject(options));
    const signer = this.#signer();
    const input = new Input();
    try {
      writeToken(input, t);
      return orThrow(signer.create(t.permissions, t.now));
    } finally {
      input.release();
    }
  }

  verify(token, options) {
    const t = tokenString(token);
    const v = verifyOptions(options === undefined ? undefined : optionsObject(options));
    const signer = this.#signer();
    const input = new Input();
    let payload;
    try {
      writeChecks(input, t, v);
      payload = orThrow(signer.verify(v.now));
    } finally {
      input.release();
    }
    return JSON.parse(payload);
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
