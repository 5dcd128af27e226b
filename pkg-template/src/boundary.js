// The JavaScript half of the wasm boundary (the Rust half is src/wasm.rs): writing a call's
// arguments into the module's input buffer, and turning the core's errors into
// IsometrikTokenError. Loading the module on first use is load.js's job (`ready`).
//
// Arguments: every string or byte argument is encoded straight into the Rust-owned input
// buffer with one native call, after its length was checked against the core's limit for it
// (contract.js, generated from the Rust core). An oversize one is not copied at all: its length
// goes over as OVERSIZE and the Rust half stands in a value over the limit, so that the core
// refuses it with its own error, in its own order. Wasm memory is never grown by an argument,
// and only lengths cross the call. Rust overwrites every input byte before it returns.
import { raw_error as rawError, raw_input_buffer as rawInputBuffer } from './glue.js';
import { INPUT_CAPACITY, INPUT_LIMITS } from './contract.js';
import { IsometrikTokenError } from './errors.js';
import { ready } from './load.js';

export { ready };

/** @type {Uint8Array | undefined} */
let view;

const encoder = new TextEncoder();
const TypedArray = Object.getPrototypeOf(Uint8Array);
const intrinsic = (name) => Object.getOwnPropertyDescriptor(TypedArray.prototype, name).get;
const typedArrayTag = intrinsic(Symbol.toStringTag);
const typedArrayLength = intrinsic('byteLength');
const typedArrayBuffer = intrinsic('buffer');
const typedArraySet = TypedArray.prototype.set;

/**
 * Whether `value` really is a Uint8Array (a Buffer or a subclass included), decided by its
 * internal slots, not by `instanceof` or getters a subclass or a Proxy could fake.
 */
export function isUint8Array(value) {
  return typedArrayTag.call(value) === 'Uint8Array';
}

/** The real length of a Uint8Array (its own `length` getter may lie); undefined if detached. */
export function uint8ArrayLength(value) {
  try {
    // A detached buffer reads as length 0; constructing a view over it throws.
    new Uint8Array(typedArrayBuffer.call(value), 0, 0);
  } catch {
    return undefined;
  }
  return typedArrayLength.call(value);
}

/** The length that says "over the limit, not copied" (src/wasm.rs `OVERSIZE`); -1 is absent. */
const OVERSIZE = -2;

/** Writes one call's arguments, in the order the Rust function reads them. */
export class Input {
  constructor() {
    const exports = ready();
    if (view === undefined || view.byteLength === 0) {
      // First use, or the memory grew (which detaches old views): the buffer has not moved.
      // (The pointer first: allocating the buffer may grow the memory.)
      const pointer = rawInputBuffer();
      view = new Uint8Array(exports.memory.buffer, pointer, INPUT_CAPACITY);
    }
    this.view = view;
    this.used = 0;
  }

  /** A string (already checked to be well-formed) or undefined; returns its length, -1 or OVERSIZE. */
  text(value, field) {
    if (value === undefined) return -1;
    const max = INPUT_LIMITS[field];
    // Each UTF-16 code unit is at least one UTF-8 byte: longer than max units is too long.
    if (value.length > max) return OVERSIZE;
    const { read, written } = encoder.encodeInto(value, this.view.subarray(this.used, this.used + max));
    if (read !== value.length) {
      this.view.fill(0, this.used, this.used + written); // the part that fitted
      return OVERSIZE;
    }
    this.used += written;
    return written;
  }

  /** A Uint8Array whose real length was read with `uint8ArrayLength`; returns it or OVERSIZE. */
  bytes(value, length, field) {
    if (length > INPUT_LIMITS[field]) return OVERSIZE;
    typedArraySet.call(this.view, value, this.used);
    this.used += length;
    return length;
  }

  /** The secret as `secretOption` read it (text, or bytes with their real length). */
  secret(s) {
    return s.text === undefined ? this.bytes(s.bytes, s.length, 'apiSecret') : this.text(s.text, 'apiSecret');
  }
}

/** The core's error for the call that just returned nothing. */
export function coreError() {
  // One of the contract's codes: the core writes them (src/contract.rs).
  const code = /** @type {import('./errors.js').ErrorCode | undefined} */ (rawError(0));
  const message = rawError(1);
  const field = rawError(2);
  const claim = rawError(3);
  const payload = rawError(4);
  const reason = rawError(5);
  rawError(255);
  return new IsometrikTokenError(code ?? 'ERR_INVALID_OPTIONS', message ?? 'unknown error', {
    field,
    claim,
    reason,
    claims: payload === undefined ? undefined : JSON.parse(payload),
  });
}

/**
 * A string result, or the core's error.
 * @template T
 * @param {T | undefined} result
 * @returns {T}
 */
export function orThrow(result) {
  if (result === undefined) throw coreError();
  return result;
}
