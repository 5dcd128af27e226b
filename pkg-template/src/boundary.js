// The JavaScript half of the wasm boundary (the Rust half is src/wasm.rs): writing a call's
// arguments into the module's input buffer, and turning the core's errors into
// IsometrikTokenError. Loading the module on first use is load.js's job (`ready`).
//
// Arguments: every string or byte argument is encoded straight into its field's slot of the
// Rust-owned input buffer with one native call, after its length was checked against the
// core's limit for it (contract.js, generated from the Rust core: src/contract.rs). An oversize
// one is not copied at all: its length cell says OVERSIZE and the Rust half stands in a value
// over the limit, so that the core refuses it with its own error, in its own order. Wasm memory
// is never grown by an argument; only flags and numbers cross the call. Every input byte is
// overwritten before the call returns, whatever its outcome.
import { raw_error as rawError, raw_input_buffer as rawInputBuffer } from './glue.js';
import { INPUT_ABSENT, INPUT_BYTES, INPUT_HEADER_CELLS, INPUT_OVERSIZE, INPUT_SLOTS } from './contract.js';
import { IsometrikTokenError, invalid } from './errors.js';
import { ready } from './load.js';

export { ready };

// Every builtin the write path uses is taken here, at load, so that a builtin patched later
// (TextEncoder.prototype.encodeInto, TypedArray.prototype.set or fill, the array iterator)
// cannot run during a call. The encoder's method is its own property; the typed-array methods
// are called through bound `call`s; no write spreads or destructures an array.
const U8 = Uint8Array;
const F64 = Float64Array;
/** `uncurry(f)(self, ...args)` calls `f` on `self` without looking anything up at call time. */
export const uncurry = Function.prototype.bind.bind(Function.prototype.call);
const TypedArray = Object.getPrototypeOf(U8);
const intrinsic = (name) => uncurry(Object.getOwnPropertyDescriptor(TypedArray.prototype, name).get);
const typedArrayTag = intrinsic(Symbol.toStringTag);
const typedArrayLength = intrinsic('byteLength');
const typedArrayBuffer = intrinsic('buffer');
const typedArraySet = uncurry(TypedArray.prototype.set);
const typedArrayFill = uncurry(TypedArray.prototype.fill);
const numberIsNaN = Number.isNaN;
const charCodeAt = uncurry(String.prototype.charCodeAt);
/**
 * Up to this many UTF-16 units, a string is copied by a loop while it is ASCII: for the short
 * strings of a call (room, identity, API key) that is about twice as fast as encodeInto's
 * native call (bench/PROFILE.md). A longer one, or one with a non-ASCII unit, is encoded by
 * encodeInto from its start.
 */
const ASCII_LOOP_MAX = 64;
const encoder = Object.freeze(
  Object.defineProperty(new TextEncoder(), 'encodeInto', { value: TextEncoder.prototype.encodeInto }),
);
/** Every slot by its index (INPUT_SLOTS is keyed by name, in no particular order). */
const SLOTS = Object.values(INPUT_SLOTS).sort((a, b) => a.index - b.index);

/**
 * Whether `value` really is a Uint8Array (a Buffer or a subclass included), decided by its
 * internal slots, not by `instanceof` or getters a subclass or a Proxy could fake.
 */
export function isUint8Array(value) {
  return typedArrayTag(value) === 'Uint8Array';
}

/**
 * A copy of a Uint8Array's bytes, taken in one step by its internal slots (its own `length`
 * getter may lie): what is copied into wasm memory later, so that user code running between
 * reading this option and the write (a getter that detaches, shrinks or grows the caller's
 * buffer) cannot change what is signed with. Undefined if its buffer is detached.
 */
export function copyUint8Array(value) {
  try {
    // A detached buffer reads as length 0; constructing a view over it throws, and so does
    // copying from a view that a shrunk resizable buffer left out of bounds.
    new U8(typedArrayBuffer(value), 0, 0);
    const copy = new U8(typedArrayLength(value));
    typedArraySet(copy, value);
    return copy;
  } catch {
    return undefined;
  }
}

/** Overwrites bytes the package copied (a secret snapshot). */
export function wipeBytes(bytes) {
  typedArrayFill(bytes, 0);
}

/**
 * A wasm module's side of the boundary: its `ready` (load.js), its `raw_input_buffer` and
 * `raw_error`, and the views of its input buffer once made. The package has one; the browser
 * build a second, parseDuration's (durations.js).
 * @typedef {{ ready: () => { memory: WebAssembly.Memory }, inputBuffer: () => number,
 *   error: (part: number) => string | undefined, view?: Uint8Array, header?: Float64Array,
 *   slots?: Uint8Array[] }} Target
 */

/** @type {Target} the package's module */
const MAIN = { ready, inputBuffer: rawInputBuffer, error: rawError };

/** The views of the current call's input buffer (one call runs at a time: `busy`). */
let header;
/** @type {Uint8Array[]} */
let slots = [];
/** Whether a call is between `new Input()` and `release()`: a nested call is refused. */
let busy = false;

/**
 * Loads `target`'s module if needed and makes its buffer the current one, (re)creating the
 * views on first use and after the memory grew (which detaches old views; the buffer itself
 * has not moved).
 */
function attach(target) {
  const exports = target.ready();
  if (target.view === undefined || typedArrayLength(target.view) === 0) {
    // The pointer first: allocating the buffer may grow the memory.
    const pointer = target.inputBuffer();
    const buffer = exports.memory.buffer;
    target.view = new U8(buffer, pointer, INPUT_BYTES);
    target.header = new F64(buffer, pointer, INPUT_HEADER_CELLS);
    target.slots = [];
    for (let i = 0; i < SLOTS.length; i++) {
      target.slots[i] = new U8(buffer, pointer + SLOTS[i].offset, SLOTS[i].max);
    }
  }
  header = target.header;
  slots = target.slots;
}

/**
 * One call's writes into the input buffer, each field into its own slot by name
 * (`INPUT_SLOTS.room`, from the contract; src/contract/layout.rs). Use as
 * `const input = new Input(); try { …writes…; raw call } finally { input.release(); }`:
 * the Rust half overwrites every byte it was given before it returns, and `release`
 * overwrites whatever a throw left behind. Options are read before: no user code runs here.
 */
export class Input {
  /** @param {Target} [target] whose buffer (the package's module unless said) */
  constructor(target = MAIN) {
    if (busy) {
      throw invalid('call', 'was made while another call of this package was running (from inside that call)');
    }
    attach(target);
    this.target = target;
    busy = true;
  }

  /** Field `slot` as a string (already checked to be well-formed), or absent. */
  text(slot, value) {
    const i = slot.index;
    if (value === undefined) {
      header[2 * i] = INPUT_ABSENT;
      return;
    }
    // Each UTF-16 code unit is at least one UTF-8 byte: longer than max units is too long.
    if (value.length > slot.max) {
      header[2 * i] = INPUT_OVERSIZE;
      return;
    }
    const into = slots[i];
    const n = value.length;
    if (n <= ASCII_LOOP_MAX) {
      let j = 0;
      for (; j < n; j++) {
        const unit = charCodeAt(value, j);
        if (unit > 0x7f) break;
        into[j] = unit;
      }
      if (j === n) {
        header[2 * i] = n;
        return;
      }
    }
    const { read, written } = encoder.encodeInto(value, into);
    if (read !== value.length) {
      typedArrayFill(into, 0, 0, written); // the part that fitted
      header[2 * i] = INPUT_OVERSIZE;
      return;
    }
    header[2 * i] = written;
  }

  /** A duration field as `duration()` read it: a text, or a number of seconds (NaN: absent). */
  duration(slot, d) {
    this.text(slot, d.text);
    header[2 * slot.index + 1] = d.secs;
  }

  /**
   * Ends the call: overwrites any field still marked written (none once the Rust half ran;
   * all of them if a throw came first) and allows the next call.
   */
  release() {
    try {
      attach(this.target); // the call may have grown the memory
      for (let i = 0; i < slots.length; i++) {
        if (header[2 * i] !== INPUT_ABSENT) {
          typedArrayFill(slots[i], 0);
          header[2 * i] = INPUT_ABSENT;
        }
        if (!numberIsNaN(header[2 * i + 1])) header[2 * i + 1] = NaN;
      }
    } finally {
      busy = false;
    }
  }
}

/**
 * Writes the secret as `secretOption` read it into field `slot` of `input`; the package's copy
 * of bytes is overwritten once written. (A function, not a method of Input, so that the
 * decode-only build, which has no secret, leaves it out.)
 */
export function writeSecret(input, slot, s) {
  if (s.text !== undefined) {
    input.text(slot, s.text);
    return;
  }
  try {
    const i = slot.index;
    const length = typedArrayLength(s.bytes);
    if (length > slot.max) {
      header[2 * i] = INPUT_OVERSIZE;
      return;
    }
    typedArraySet(slots[i], s.bytes);
    header[2 * i] = length;
  } finally {
    wipeBytes(s.bytes);
  }
}

/**
 * The core's error for the call that just returned nothing.
 * @param {Target} [target] the module that made the call (the package's unless said)
 */
export function coreError(target = MAIN) {
  const rawError = target.error;
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
