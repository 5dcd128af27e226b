// Browsers and bundlers (`browser` condition, `isometrik-token/decode`): the decode-only
// build, its small wasm inline.
import './inline-hex.js';

export * from './api-decode.js';
