// Seeded generator of Isometrik claim sets for the interop tests (tests/js/interop.test.mjs).
//
// Every claim set is a pure function of (seed, stream, index): `claimSet(seed, 'ours', 17)`
// regenerates set 17 alone, so a failure message "seed 0x1a0e7 ours #17" is all it takes to
// reproduce it. Identities, rooms and names obey the package's rules (not blank, at most 256
// UTF-8 bytes; no control characters (Cc), U+2028/U+2029, Bidi_Control characters or
// Default_Ignorable code points other than ZWJ/ZWNJ/variation selectors and emoji tag sequences)
// and reach for the awkward corners: astral characters, emoji ZWJ/flag/keycap/tag sequences,
// combining marks (also leading and stacked), Hebrew/Arabic, U+FFFD, noncharacters, U+10FFFF,
// private use, JSON metacharacters. Metadata may hold anything, control characters, bidi marks
// and invisible characters included.

/** mulberry32: a tiny 32-bit PRNG (public domain). Returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over a string: derives one sub-seed per (seed, stream, index). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A random source with the helpers the generator needs. */
export function rngFor(seed, stream, index) {
  const next = mulberry32(fnv1a(`${seed}/${stream}/${index}`));
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

export const utf8Length = (text) => Buffer.byteLength(text, 'utf8');

const range = (lo, hi) => (rng) => String.fromCodePoint(rng.int(lo, hi));
const oneOf = (items) => (rng) => rng.pick(items);

// Pieces: each returns one code point or one indivisible sequence (never a control character).
const ASCII = oneOf([
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ...' -_.~!@#$%^&*()+=[]{}|;:\'",<>/?`\\',
]);
const PIECES = [
  [30, ASCII],
  [6, oneOf(['é', 'ü', 'ß', 'ñ', 'ø', 'Å', 'Ç', 'ł', 'ő', 'ž', 'e\u0301', 'a\u0308', 'n\u0303'])],
  [4, range(0x0300, 0x036f)], // combining diacritics (also at the very start, and stacked)
  [2, oneOf(['\u20dd', '\u0489', '\u1ab0', '\ufe20'])], // other combining marks
  [5, range(0x4e00, 0x9fff)], // CJK
  [3, range(0xac00, 0xd7a3)], // Hangul
  [2, range(0x3040, 0x309f)], // Hiragana
  [4, range(0x05d0, 0x05ea)], // Hebrew
  [4, range(0x0627, 0x064a)], // Arabic
  [4, range(0x1f300, 0x1f5ff)], // emoji (astral)
  [3, range(0x1f600, 0x1f64f)],
  [2, range(0x1f900, 0x1f9ff)],
  [3, range(0x1d400, 0x1d7ff)], // mathematical alphanumerics (astral)
  [2, range(0x10330, 0x1034a)], // Gothic
  [2, range(0x20000, 0x2a6df)], // CJK extension B
  [
    4,
    oneOf([
      '👩\u200d💻',
      '👨\u200d👩\u200d👧\u200d👦',
      '👍🏽',
      '🧑🏿\u200d🚀',
      '🇫🇷',
      '🇯🇵',
      '🇮🇱',
      '❤\ufe0f',
      '1\ufe0f\u20e3',
      '🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}', // England: tag sequence
      '🏳\ufe0f\u200d🌈',
    ]),
  ],
  [
    3,
    oneOf(['\u00a0', '\u3000', '\u2009', '\u200d', '\ufffd', '\uffff', '\ufffe', '\u{10ffff}', '\u{f0000}', '\ue000']),
  ],
];
const TOTAL_WEIGHT = PIECES.reduce((sum, [w]) => sum + w, 0);

function piece(rng) {
  let roll = rng.next() * TOTAL_WEIGHT;
  for (const [weight, make] of PIECES) {
    roll -= weight;
    if (roll < 0) return make(rng);
  }
  return ASCII(rng);
}

// Rust's `str::trim` strips Unicode White_Space: a name made only of these is blank.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0009-U+000D are White_Space, matched on purpose
const WHITE_SPACE = /^[\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;
// Refused in names: control characters (Cc), U+2028/U+2029, Bidi_Control characters, and
// Default_Ignorable code points but ZWJ/ZWNJ, variation selectors and emoji tags (they let one
// identity display as another, or as nothing). JavaScript's own Unicode data decides here.
const FORBIDDEN =
  /[\p{Cc}\u2028\u2029\p{Bidi_Control}]|(?!\u200c|\u200d|\p{Variation_Selector}|[\u{e0020}-\u{e007f}])\p{Default_Ignorable_Code_Point}/u;

/** A valid identity/room/name of the given shape. */
export function genName(rng, shape = rng.pick(['short', 'short', 'medium', 'medium', 'long', 'max', 'single'])) {
  const target = {
    single: 0,
    short: rng.int(1, 16),
    medium: rng.int(17, 96),
    long: rng.int(97, 255),
    max: 256,
  }[shape];
  let text = shape === 'single' ? piece(rng) : '';
  let bytes = utf8Length(text);
  for (let tries = 0; bytes < target && tries < 400; tries++) {
    const p = piece(rng);
    if (FORBIDDEN.test(p)) continue; // U+034F COMBINING GRAPHEME JOINER is default-ignorable
    const n = utf8Length(p);
    if (bytes + n <= target) {
      text += p;
      bytes += n;
    }
  }
  // Exact-length shapes end with ASCII padding up to the target.
  while (bytes < target) {
    text += 'z';
    bytes += 1;
  }
  // Nothing visible (white space, joiners): blank to the package too.
  if (WHITE_SPACE.test(text.replace(/\u200c|\u200d|\p{Variation_Selector}/gu, ''))) text = `x${text.slice(1)}`;
  if (FORBIDDEN.test(text) || utf8Length(text) > 256 || utf8Length(text) === 0) {
    throw new Error(`generator bug: invalid name ${JSON.stringify(text)}`);
  }
  return text;
}

/** An API key: 1–256 printable ASCII characters without spaces. */
export function genApiKey(rng) {
  const length = rng.pick([1, 256, rng.int(2, 12), rng.int(12, 40), rng.int(40, 255)]);
  let key = '';
  for (let i = 0; i < length; i++) key += String.fromCharCode(rng.int(0x21, 0x7e));
  return key;
}

/** Metadata: anything at all (control characters included), up to `maxBytes`. */
function genMetadata(rng) {
  const kind = rng.pick(['absent', 'absent', 'empty', 'json', 'json', 'text', 'text', 'controls', 'max']);
  switch (kind) {
    case 'absent':
      return undefined;
    case 'empty':
      return '';
    case 'json': {
      const value = {
        theme: genName(rng, 'short'),
        tags: [genName(rng, 'short'), genName(rng, 'medium')],
        n: rng.int(0, 1e6),
      };
      return JSON.stringify(value);
    }
    case 'text':
    case 'controls': {
      let text = '';
      const target = rng.int(1, 3000);
      while (utf8Length(text) < target) {
        text += kind === 'controls' && rng.chance(0.3) ? String.fromCharCode(rng.int(0, 0x1f)) : piece(rng);
      }
      return text;
    }
    default:
      // Exactly the package's limit, 8192 bytes (trimmed below if the token would get too big).
      return 'm'.repeat(8192);
  }
}

/** Length of `text` as a JSON string in the most expansive encoder involved (PyJWT: ensure_ascii). */
export function jsonStringCost(text) {
  let n = 2;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (ch === '"' || ch === '\\') n += 2;
    else if (cp < 0x20) n += 6;
    else if (cp < 0x7f) n += 1;
    else n += cp > 0xffff ? 12 : 6;
  }
  return n;
}

/** Base64url length of a token whose payload is `payloadBytes` long (header `{"alg":"HS256","typ":"JWT"}`). */
const tokenLength = (payloadBytes) => 36 + 1 + Math.ceil((payloadBytes * 4) / 3) + 1 + 43;
/** Keep every token, however encoded, below the package's 16 KiB cap with room to spare. */
export const TOKEN_BUDGET = 15_000;

/** The permission names, in wire order. */
export const PERMISSION_NAMES = [
  'canPublish',
  'canSubscribe',
  'canUpdateMetadata',
  'canUpdateRoom',
  'canRemoveParticipants',
];
/** Permission combination `c` in 0..242: digit k (base 3) of c says absent / true / false. */
export function permissionCombo(c) {
  const permissions = {};
  PERMISSION_NAMES.forEach((name, k) => {
    const state = Math.floor(c / 3 ** k) % 3;
    if (state === 1) permissions[name] = true;
    if (state === 2) permissions[name] = false;
  });
  return permissions;
}
export const COMBOS = 3 ** PERMISSION_NAMES.length;

/**
 * One claim set for `stream` ('ours': we create, 'theirs': jose/jsonwebtoken/PyJWT create).
 * Sets 0..242 of each stream walk every permission combination; later sets pick at random.
 * Times are offsets from `now` (seconds), far from every boundary.
 */
export function claimSet(seed, stream, index, now) {
  const rng = rngFor(seed, stream, index);
  // No permission at all (combination 0) gets extra weight: it is where `{}` vs absent differ.
  const combo = index < COMBOS ? index : rng.chance(0.05) ? 0 : rng.int(0, COMBOS - 1);
  let metadata = genMetadata(rng);
  const bigMetadata = metadata !== undefined && metadata.length === 8192;
  const nameShape = bigMetadata ? 'short' : undefined;
  const set = {
    iss: genApiKey(rng),
    sub: genName(rng, nameShape),
    room: genName(rng, nameShape),
    name: rng.chance(0.4) ? genName(rng, nameShape) : undefined,
    metadata,
    permissions: permissionCombo(combo),
    combo,
  };
  const fixed = () =>
    jsonStringCost(set.iss) +
    jsonStringCost(set.sub) +
    jsonStringCost(set.room) +
    (set.name === undefined ? 0 : jsonStringCost(set.name)) +
    400; // members, permissions, dates
  while (metadata !== undefined && tokenLength(fixed() + jsonStringCost(metadata)) > TOKEN_BUDGET) {
    metadata = [...metadata].slice(0, -Math.max(1, Math.ceil(metadata.length / 20))).join('');
  }
  set.metadata = metadata;

  if (stream === 'ours') {
    // createToken sets iat = nbf = currentDate and exp = iat + ttl.
    const age = rng.int(0, 1800);
    const ttl = rng.int(age + 1800, 86_400);
    set.iat = now - age;
    set.ttl = ttl;
    // The lifetime in one of the accepted spellings.
    const spell = rng.int(0, 3);
    set.expiresIn =
      spell === 0 ? ttl : spell === 1 ? `${ttl}s` : spell === 2 && ttl % 60 === 0 ? `${ttl / 60}m` : `${ttl} seconds`;
    set.permissionsOption = combo === 0 && rng.chance(0.5) ? undefined : set.permissions;
  } else {
    if (rng.chance(0.75)) set.iat = now - rng.int(0, 1800);
    if (rng.chance(0.5)) set.nbf = (set.iat ?? now) - rng.int(0, 60);
    set.exp = rng.chance(0.02) ? 253402300799 : now + rng.int(1800, 86_400);
    // No permissions at all: sometimes the claim is left out rather than `{}`.
    set.omitPermissions = combo === 0 && rng.chance(0.5);
    if (rng.chance(0.1)) set.jti = `jti-${rng.int(0, 1e9)}`;
  }
  return set;
}

/** The payload a producer should write for a 'theirs' set, in the layout of Isometrik's Authentication docs. */
export function theirPayload(set) {
  const payload = { iss: set.iss, sub: set.sub, room: set.room };
  if (set.name !== undefined) payload.name = set.name;
  if (set.metadata !== undefined) payload.metadata = set.metadata;
  if (!set.omitPermissions) payload.permissions = set.permissions;
  if (set.iat !== undefined) payload.iat = set.iat;
  if (set.nbf !== undefined) payload.nbf = set.nbf;
  payload.exp = set.exp;
  if (set.jti !== undefined) payload.jti = set.jti;
  return payload;
}

/** The payload our createToken must write for an 'ours' set. */
export function ourPayload(set) {
  const payload = { iss: set.iss, sub: set.sub, room: set.room };
  if (set.name !== undefined) payload.name = set.name;
  if (set.metadata !== undefined) payload.metadata = set.metadata;
  payload.permissions = set.permissions;
  payload.iat = set.iat;
  payload.nbf = set.iat;
  payload.exp = set.iat + set.ttl;
  return payload;
}

/** A claim set without bulky values, for failure messages (never a secret). */
export function describe(set) {
  const short = (v) => {
    const points = typeof v === 'string' ? [...v] : [];
    return points.length > 60
      ? `${JSON.stringify(points.slice(0, 60).join(''))}… (${utf8Length(v)} bytes)`
      : JSON.stringify(v);
  };
  return Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : short(v)}`)
    .join(' ');
}
