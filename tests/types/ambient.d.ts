// What tsc needs to check the staged package sources (tsconfig.json) that no lib declares.

// The .wasm imports of entry-workerd.js and entry-edge-light.js: the platform (wrangler,
// Next.js) compiles the file and hands over a WebAssembly.Module.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
declare module '*.wasm?module' {
  const module: WebAssembly.Module;
  export default module;
}

// The worker globals options.js probes for (lib.webworker cannot be combined with lib.dom).
declare function importScripts(...urls: string[]): void;
declare var WorkerGlobalScope: { prototype: object; new (): object };
