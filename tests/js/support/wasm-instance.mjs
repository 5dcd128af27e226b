// Imports a package entry and hands back the one WebAssembly.Instance it created, so tests and
// benchmarks can read the module's linear memory and tables without a debug export
// (tests/js/reclaim.test.mjs, tests/js/wipe.test.mjs, bench/memory.mjs).

/**
 * `await import(url)` and a first call (the package compiles its wasm on first use, not at
 * import), with WebAssembly.Instance wrapped meanwhile to catch the instance the entry creates.
 * Resolves to { module, instance, memory } (memory: its exported Memory).
 */
export async function importWithInstance(url) {
  const instances = [];
  const RealInstance = WebAssembly.Instance;
  WebAssembly.Instance = class extends RealInstance {
    constructor(module, imports) {
      super(module, imports);
      instances.push(this);
    }
  };
  let module;
  try {
    module = await import(url);
    if (instances.length !== 0) throw new Error('the package instantiated its wasm at import');
    module.parseDuration('1s');
  } finally {
    WebAssembly.Instance = RealInstance;
  }
  if (instances.length !== 1)
    throw new Error(`expected the package to create one wasm instance, saw ${instances.length}`);
  const [instance] = instances;
  const memories = Object.values(instance.exports).filter((v) => v instanceof WebAssembly.Memory);
  if (memories.length !== 1) throw new Error(`expected one exported Memory, found ${memories.length}`);
  return { module, instance, memory: memories[0] };
}
