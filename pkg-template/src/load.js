// Loading the wasm module on first use, and saying why when it cannot be loaded.
//
// An entry file says where the module comes from (`provideWasm`); nothing is compiled or
// instantiated at import, so importing the package never throws, even where WebAssembly is
// refused (a Content-Security-Policy without 'wasm-unsafe-eval', Vercel's Edge rule). The first
// call compiles and instantiates it. If that fails, the call throws ERR_WASM_UNAVAILABLE with the
// kind of failure in its message (contract.js WASM_UNAVAILABLE_REASONS, worded by the core):
//   policy, unsupported, other  decided once: every later call throws the same error at once
//                               (a refusal never turns into a retry loop of blocked compiles);
//   missing, memory, io         may pass (EMFILE, ENOMEM, a RangeError out of memory): the next
//                               call tries again.
import { initSync } from './glue.js';
import { BOUNDARY_MESSAGES, WASM_UNAVAILABLE_REASONS } from './contract.js';
import { IsometrikTokenError } from './errors.js';

/** @typedef {keyof typeof WASM_UNAVAILABLE_REASONS} FailureKind */

/** @type {(() => WebAssembly.Module | BufferSource | undefined) | undefined} */
let source;

/** Called once by the entry file: how to get the module (or its bytes) when first needed. */
export function provideWasm(load) {
  source = load;
}

/**
 * A module's exports, compiled and instantiated on the first call: `init` is its glue's
 * initSync, `getSource()` says how to get it. The browser build has a second module,
 * parseDuration's (durations.js).
 * @param {(module: { module: WebAssembly.Module }) => { memory: WebAssembly.Memory }} init
 * @param {() => (() => WebAssembly.Module | BufferSource | undefined) | undefined} getSource
 */
export function loader(init, getSource) {
  /** @type {WebAssembly.Module | undefined} compiled, kept if instantiating it failed */
  let compiled;
  /** @type {{ memory: WebAssembly.Memory } | undefined} */
  let instance;
  /** @type {IsometrikTokenError | undefined} a failure that stays decided */
  let refused;
  return () => {
    if (instance !== undefined) return instance;
    if (refused !== undefined) throw refused;
    try {
      compiled ??= compile(getSource());
      instance = init({ module: compiled });
    } catch (cause) {
      const kind = failureKind(cause);
      const error = wasmUnavailable(kind, cause);
      if (!PASSING.has(kind)) refused = error;
      throw error;
    }
    return instance;
  };
}

/** The package's module's exports, compiling and instantiating it on the first call. */
export const ready = loader(initSync, () => source);

/** The kinds that may pass: a later call tries again. */
const PASSING = new Set(['missing', 'memory', 'io']);

/** What kind of failure `cause` is (thrown while getting, compiling or instantiating the module). */
function failureKind(cause) {
  const error = /** @type {{ name?: unknown, code?: unknown, message?: unknown }} */ (
    typeof cause === 'object' && cause !== null ? cause : {}
  );
  const message = typeof error.message === 'string' ? error.message : String(cause);
  const code = typeof error.code === 'string' ? error.code : '';
  if (typeof WebAssembly !== 'object') return 'unsupported';
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ERR_WASM_MISSING') return 'missing';
  if (code === 'ENOMEM' || (error.name === 'RangeError' && /memory|allocat/i.test(message))) return 'memory';
  if (/^E[A-Z0-9]+$/.test(code)) return 'io';
  // V8 under a CSP: "Refused to compile or instantiate WebAssembly module because 'unsafe-eval'
  // ..." / "... neither 'wasm-eval' nor 'unsafe-eval' ..."; V8 embedders (workerd, Vercel's Edge
  // Runtime): "Wasm code generation disallowed by embedder"; Firefox: "... blocked by CSP";
  // Safari: "Refused to create a WebAssembly object because 'unsafe-eval' or 'wasm-unsafe-eval'
  // is not an allowed source of script".
  if (/Content.Security.Policy|unsafe-eval|wasm-eval|disallowed by embedder|blocked by CSP/i.test(message)) {
    return 'policy';
  }
  return 'other';
}

function wasmUnavailable(kind, cause) {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new IsometrikTokenError(
    'ERR_WASM_UNAVAILABLE',
    `${BOUNDARY_MESSAGES.ERR_WASM_UNAVAILABLE}: ${WASM_UNAVAILABLE_REASONS[kind]} (${detail})`,
    { cause, reason: kind },
  );
}

/**
 * A WebAssembly.Module from another realm (Next.js's edge sandbox hands `.wasm?module` imports
 * over that way) fails wasm-bindgen's `instanceof` check, which would then try to compile it as
 * bytes; give it this realm's prototype.
 */
function sameRealm(module) {
  if (
    !(module instanceof WebAssembly.Module) &&
    Object.prototype.toString.call(module) === '[object WebAssembly.Module]'
  ) {
    Object.setPrototypeOf(module, WebAssembly.Module.prototype);
  }
  return module;
}

function compile(source) {
  if (source === undefined)
    throw Object.assign(new Error('no wasm module was provided by the entry file'), { code: 'ERR_WASM_MISSING' });
  const module = source();
  if (module === undefined || module === null) {
    throw Object.assign(new Error('the bundle holds no .wasm module'), { code: 'ERR_WASM_MISSING' });
  }
  if (Object.prototype.toString.call(module) === '[object WebAssembly.Module]') return sameRealm(module);
  return new WebAssembly.Module(/** @type {BufferSource} */ (module));
}
