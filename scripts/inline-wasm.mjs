// How a bundle carries its .wasm inline, both ways (scripts/assemble-pkg.mjs writes them; the size
// report and tests/js/package.test.mjs read them back out of the built bundles):
//
//   base64  the full builds (dist/web.js, node.*): Node and Deno decode it natively.
//   hex     the decode-only browser build (dist/decode.js): twice the characters of the binary,
//           but gzip compresses it almost as well as the binary itself (~7% more: two characters
//           of 16 per byte keep the byte structure that the compressor finds), where base64's
//           6-bit characters cost ~25%, and browsers decode it natively (Uint8Array.fromHex).
//           What a page downloads is the gzip, not the raw text.
/** The wasm magic and version 1, as base64 and as hex: how either form starts. */
const BASE64_START = 'AGFzbQ';
const HEX_START = '0061736d01000000';

/** Every inline .wasm in a bundle's text (as a bundler printed it), as bytes. */
export function inlineWasms(text) {
  const found = [];
  for (const m of text.matchAll(new RegExp(`["'\`](${BASE64_START}[A-Za-z0-9+/=]+)["'\`]`, 'g'))) {
    found.push(Buffer.from(m[1], 'base64'));
  }
  for (const m of text.matchAll(new RegExp(`["'\`](${HEX_START}[0-9a-f]+)["'\`]`, 'g'))) {
    found.push(Buffer.from(m[1], 'hex'));
  }
  return found;
}
