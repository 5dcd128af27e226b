// Signing and verifying: createToken, verifyToken, TokenSigner. Each call reads its options
// (options.js), then writes its string and byte arguments into the wasm input buffer in the
// order the Rust function reads them (src/wasm/sign.rs) and crosses once. No user code runs
// between the first write and the call: options are read, and getters run, before.
import { Input, orThrow } from './boundary.js';
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
import { verifyWithKeys } from './verifier.js';

/** A signer's options, read. */
function signerOptions(o) {
  browserGuard(o);
  const apiKey = requiredString(o, 'apiKey');
  const [maxSecs, maxText] = durationOption(o, 'maxExpiresIn');
  const allowWeak = flag(o, 'allowWeakSecret');
  return { apiKey, secret: secretOption(o), maxSecs, maxText, allowWeak };
}

/** A token's options, read. */
function tokenOptions(o) {
  const room = requiredString(o, 'roomId');
  const identity = requiredString(o, 'participantName');
  const name = optionalString(o, 'name');
  const metadata = optionalString(o, 'metadata');
  const [expiresSecs, expiresText] = durationOption(o, 'expiresIn');
  return {
    room,
    identity,
    name,
    metadata,
    expiresSecs,
    expiresText,
    permissions: permissionBits(o),
    now: nowMillis(o),
  };
}

/**
 * Writes the signer's fields: API key, secret, maxExpiresIn text.
 * @returns {[number, number, number]} their lengths, as the raw function takes them
 */
function writeSigner(input, s) {
  return [input.text(s.apiKey, 'apiKey'), input.secret(s.secret), input.text(s.maxText, 'maxExpiresIn')];
}

/**
 * Writes the token's fields: room, identity, name, metadata, expiresIn text.
 * @returns {[number, number, number, number, number]}
 */
function writeToken(input, t) {
  return [
    input.text(t.room, 'roomId'),
    input.text(t.identity, 'participantName'),
    input.text(t.name, 'name'),
    input.text(t.metadata, 'metadata'),
    input.text(t.expiresText, 'expiresIn'),
  ];
}

/**
 * Writes the checks after the token: API key, room, clockTolerance text.
 * @returns {[number, number, number]}
 */
function writeChecks(input, v) {
  return [input.text(v.apiKey, 'apiKey'), input.text(v.room, 'roomId'), input.text(v.leewayText, 'clockTolerance')];
}

export function createToken(options) {
  const o = optionsObject(options);
  const s = signerOptions(o);
  const t = tokenOptions(o);
  const input = new Input();
  const signerLens = writeSigner(input, s);
  const tokenLens = writeToken(input, t);
  return orThrow(
    rawCreateToken(...signerLens, ...tokenLens, s.allowWeak, s.maxSecs, t.permissions, t.expiresSecs, t.now),
  );
}

export function verifyToken(token, options) {
  const t = tokenString(token);
  const o = optionsObject(options);
  if (read(o, 'keys') !== undefined) {
    if (read(o, 'apiSecret') !== undefined) throw invalid('keys', 'give either `keys` or `apiSecret`, not both');
    return verifyWithKeys(t, o);
  }
  browserGuard(o);
  const secret = secretOption(o);
  const allowWeak = flag(o, 'allowWeakSecret');
  const v = verifyOptions(o);
  const input = new Input();
  const tokenLen = input.text(t, 'token');
  const secretLen = input.secret(secret);
  const lens = writeChecks(input, v);
  return JSON.parse(orThrow(rawVerifyToken(tokenLen, secretLen, ...lens, allowWeak, v.leewaySecs, v.now)));
}

export class TokenSigner {
  #raw;

  constructor(options) {
    const s = signerOptions(optionsObject(options));
    const input = new Input();
    const lens = writeSigner(input, s);
    this.#raw = orThrow(rawSigner(...lens, s.allowWeak, s.maxSecs));
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
    return orThrow(signer.create(...writeToken(input, t), t.permissions, t.expiresSecs, t.now));
  }

  verify(token, options) {
    const t = tokenString(token);
    const v = verifyOptions(options === undefined ? undefined : optionsObject(options));
    const signer = this.#signer();
    const input = new Input();
    const tokenLen = input.text(t, 'token');
    const lens = writeChecks(input, v);
    return JSON.parse(orThrow(signer.verify(tokenLen, ...lens, v.leewaySecs, v.now)));
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
