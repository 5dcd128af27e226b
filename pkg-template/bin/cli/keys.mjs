// `verify --keys-file`: several API keys at once (a secret rotation), in LiveKit's key file
// format, and the one function that verifies against them. Nothing from the file is ever
// printed: a malformed line is reported by its number, since it may be all secret.
import { credentialsError } from './errors.mjs';

const isBlank = (b) => b === 0x20 || b === 0x09 || b === 0x0d;
const HASH = 0x23;
const COLON = 0x3a;
const QUOTES = new Set([0x22, 0x27]); // " '
const BACKSLASH = 0x5c;

/**
 * Parses `key: secret` lines: surrounding blanks ignored, blank lines and `#` comment lines
 * skipped, a ` #` after an unquoted secret starts a comment (as in YAML), a secret may be
 * quoted ('...' or "...", without escapes). Returns a Map of API key -> secret bytes (views
 * of `bytes`: wipe `bytes` once done). Malformed lines and duplicate keys are exit 3.
 */
export function parseKeysFile(bytes) {
  const keys = new Map();
  const lineOf = new Map();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let number = 1; start <= bytes.length; number += 1) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const entry = parseLine(bytes, start, end, number);
    start = end + 1;
    if (entry === null) continue;
    let key;
    try {
      key = decoder.decode(bytes.subarray(entry.keyStart, entry.keyEnd));
    } catch {
      throw bad(number, 'the key is not valid UTF-8');
    }
    if (keys.has(key)) throw bad(number, `the key is already defined on line ${lineOf.get(key)}`);
    keys.set(key, bytes.subarray(entry.secretStart, entry.secretEnd));
    lineOf.set(key, number);
  }
  if (keys.size === 0) throw credentialsError('the --keys-file has no keys (expected lines of `key: secret`)');
  return keys;
}

const bad = (number, reason) =>
  credentialsError(`the --keys-file is malformed at line ${number}: ${reason}`, 'Each line must be `key: secret`.');

/** One line's key and secret as byte ranges; null for a blank or comment line. */
function parseLine(bytes, start, end, number) {
  let i = start;
  let j = end;
  while (i < j && isBlank(bytes[i])) i += 1;
  while (j > i && isBlank(bytes[j - 1])) j -= 1;
  if (i === j || bytes[i] === HASH) return null;
  const colon = bytes.indexOf(COLON, i);
  if (colon === -1 || colon >= j) throw bad(number, 'no `:` between a key and a secret');
  let keyEnd = colon;
  while (keyEnd > i && isBlank(bytes[keyEnd - 1])) keyEnd -= 1;
  if (keyEnd === i) throw bad(number, 'no key before the `:`');
  for (let k = i; k < keyEnd; k += 1) {
    if (isBlank(bytes[k])) throw bad(number, 'the key contains a blank');
  }
  let s = colon + 1;
  while (s < j && isBlank(bytes[s])) s += 1;
  if (s === j) throw bad(number, 'no secret after the `:`');
  let secretEnd = j;
  if (QUOTES.has(bytes[s])) {
    const close = bytes.indexOf(bytes[s], s + 1);
    if (close === -1 || close >= j) throw bad(number, 'a quoted secret has no closing quote');
    let after = close + 1;
    while (after < j && isBlank(bytes[after])) after += 1;
    if (after < j && bytes[after] !== HASH) throw bad(number, 'text after a quoted secret');
    if (bytes.subarray(s + 1, close).includes(BACKSLASH) && bytes[s] === 0x22) {
      throw bad(number, 'escapes in a "quoted" secret are not supported: use single quotes');
    }
    if (close === s + 1) throw bad(number, 'the secret is empty');
    return { keyStart: i, keyEnd, secretStart: s + 1, secretEnd: close };
  }
  // Unquoted: a `#` after a blank starts a comment.
  for (let k = s + 1; k < j; k += 1) {
    if (bytes[k] === HASH && isBlank(bytes[k - 1])) {
      secretEnd = k;
      break;
    }
  }
  while (secretEnd > s && isBlank(bytes[secretEnd - 1])) secretEnd -= 1;
  return { keyStart: i, keyEnd, secretStart: s, secretEnd };
}

/**
 * Verifies `token` with the secret of its issuer (`iss`) in `keys` (a Map of API key ->
 * secret) through the library's TokenVerifier; `options`: { roomId, clockTolerance,
 * allowWeakSecret }. Returns the claims, as verifyToken does; an issuer not in `keys` (or
 * none) is ERR_ISSUER_MISMATCH.
 * @param {import('./library.mjs').Library} lib
 */
export function verifyWithKeys(lib, keys, token, { allowWeakSecret, ...checks }) {
  const verifier = new lib.TokenVerifier({ keys: Object.fromEntries(keys), allowWeakSecret });
  try {
    return verifier.verify(token, checks);
  } finally {
    verifier.free();
  }
}
