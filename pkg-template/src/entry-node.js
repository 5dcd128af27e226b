// Node and Bun (bundled to dist/node.cjs; dist/node.mjs gives Node's `import` the same module, so
// `import` and `require` share one instance). The wasm is inline (base64), as in the web build:
// no file is read, so the package works wherever a server bundler puts it (Next.js route
// handlers, esbuild/webpack/ncc single-file bundles, Lambda zips) with nothing to configure.
import './inline.js';

export * from './api.js';
