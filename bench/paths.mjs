// Where things are. BENCH_PKG_DIR may point the benchmarks at another build of the package
// (e.g. a copy of pkg/ taken before a change, to compare).
import path from 'node:path';

export const BENCH_DIR = import.meta.dirname;
export const ROOT = path.resolve(BENCH_DIR, '..');
export const PKG_DIR = path.resolve(process.env.BENCH_PKG_DIR ?? path.join(ROOT, 'pkg'));
export const WASM_PATH = path.join(PKG_DIR, 'dist/isometrik_token_bg.wasm');
export const BIN = (name) => path.join(ROOT, 'node_modules/.bin', name);
