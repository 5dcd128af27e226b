#!/usr/bin/env node
// `isometrik-token`: create, decode and verify Isometrik access tokens from a shell, on the
// package's own wasm core (imported through the package's self-reference, so the CLI and the
// library are always the same version). `isometrik-token --help` is the documentation.
//
// Rules this file keeps: the API secret never comes from the command line (and a flag that
// looks like one is refused); nothing printed ever contains the secret, and arguments that
// might be one are not echoed; every error goes to stderr with a documented exit code;
// colours only on a terminal (NO_COLOR / FORCE_COLOR respected); argument parsing is
// node:util's parseArgs in strict mode.
import fs from 'node:fs';
import util from 'node:util';

const PROG = 'isometrik-token';

/** Exit codes (documented in the global --help). */
const EXIT = Object.freeze({ OK: 0, INVALID: 1, USAGE: 2, CREDENTIALS: 3, INTERNAL: 4 });

/** The permission names as in a token, mirrored from the library's PERMISSIONS (checked at run time). */
const PERMISSION_NAMES = [
  'canPublish',
  'canSubscribe',
  'canUpdateMetadata',
  'canUpdateRoom',
  'canRemoveParticipants',
];
/** `canUpdateMetadata` -> `can-update-metadata` (the flag) and `update-metadata` (the --permissions word). */
const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const PERMISSION_FLAGS = Object.fromEntries(PERMISSION_NAMES.map((n) => [kebab(n), n]));
const PERMISSION_WORDS = PERMISSION_NAMES.map((n) => kebab(n).slice('can-'.length));

const MAX_STDIN_BYTES = 1 << 20;
const LATEST_NUMERIC_DATE = 253_402_300_799; // 9999-12-31T23:59:59Z, as the library

// ---------------------------------------------------------------------------------------------
// Help texts

const CREDENTIALS_HELP = `Credentials:
  ISOMETRIK_API_KEY      the API key (the token's issuer, "iss"); --api-key KEY overrides it
  ISOMETRIK_API_SECRET   the API secret; --secret-file PATH overrides it
  --secret-file PATH reads the secret from a file ('-' reads it from a pipe on stdin); the
  file's bytes are the secret, except that one trailing newline is removed.
  There is no --secret flag, on purpose: command-line arguments are visible to other users
  in the process list and are saved in shell history.`;

const GLOBAL_HELP = `Usage: ${PROG} <command> [options]

Create, decode and verify Isometrik access tokens (HS256 JWT).

Commands:
  create    sign a new access token and print it
  decode    show a token's header, claims and permissions (verifies nothing)
  verify    check a token's signature, expiry, issuer and room

Options:
  -h, --help       show help; '${PROG} <command> --help' (or '${PROG} help <command>')
                   shows a command's options
  -v, --version    print the package version

${CREDENTIALS_HELP}

Exit codes:
  0  success
  1  the token is invalid (malformed, bad signature, expired, wrong issuer or room, ...)
  2  usage error (unknown command or option, missing or bad value, secret on the command line)
  3  credentials error (no API key or secret, unreadable secret file, weak secret)
  4  internal error (a bug: please report it)

Output goes to stdout, errors to stderr. Colours are used only on a terminal; NO_COLOR=1
turns them off, FORCE_COLOR=1 forces them on.`;

const CREATE_HELP = `Usage: ${PROG} create --room ROOM --identity IDENTITY [options]

Sign an access token and print it on stdout, followed by a newline.

Token options:
  --room ROOM               room name or id (claim "room"; required)
  --identity IDENTITY       participant identity (claim "sub"; required)
  --name NAME               display name (claim "name")
  --metadata TEXT           application metadata (claim "metadata", at most 8192 bytes)
  --ttl DURATION            lifetime: 1h, 30m, 90s, "2 days", 1.5h, or whole seconds
                            (default 1h, at most 24h)

Permissions (none are granted unless given; only granted ones are written):
  --can-publish             canPublish
  --can-subscribe           canSubscribe
  --can-update-metadata     canUpdateMetadata
  --can-update-room         canUpdateRoom
  --can-remove-participants canRemoveParticipants
  --permissions LIST        comma-separated: ${PERMISSION_WORDS.join(', ')}
                            (the names canPublish, ... are accepted too; repeatable)

Credentials:
  --api-key KEY             the API key (default: $ISOMETRIK_API_KEY)
  --secret-file PATH        read the secret from PATH, or from stdin if PATH is '-'
                            (default: $ISOMETRIK_API_SECRET)
  --allow-weak-secret       accept a secret shorter than 32 bytes (local development only)

  -h, --help                show this help

Examples:
  export ISOMETRIK_API_KEY=my-key ISOMETRIK_API_SECRET=...
  ${PROG} create --room daily-standup --identity alice --can-publish --can-subscribe
  pass show isometrik | ${PROG} create --secret-file - --room r1 --identity bob \\
      --permissions subscribe --ttl 15m`;

const DECODE_HELP = `Usage: ${PROG} decode [TOKEN | -] [--json]

Show a token's header, claims (times as ISO 8601 dates, relative to now) and permissions.
Decoding VERIFIES NOTHING: anyone can write a token that decodes. Use '${PROG} verify'.

The token is read from stdin when TOKEN is '-', or when it is omitted and stdin is not a
terminal. Surrounding whitespace is ignored.

Options:
  --json       print JSON instead: { "header", "payload", "computed" }
  -h, --help   show this help

JSON output:
  header      the token's protected header, as it is in the token
  payload     the token's claims, as they are in the token
  computed    derived when the command runs:
    verified      false for decode (true for 'verify --json', which prints the same shape)
    now           the current time (ISO 8601)
    issuedAt      iat as ISO 8601 (null if absent or not a valid date); also notBefore (nbf)
                  and expiresAt (exp)
    expiresIn     seconds from now until exp, negative once expired (null without a valid exp)
    expired       now >= exp, without clock tolerance (null without a valid exp)
    notYetValid   now < nbf, without clock tolerance
    permissions   every permission as a boolean: true only if the token grants it`;

const VERIFY_HELP = `Usage: ${PROG} verify [TOKEN | -] [options]

Verify a token: algorithm exactly HS256, the signature, the claims, the expiry and
not-before times (with clock tolerance), and the expected issuer and room. Prints a short
summary on stdout and exits 0 if the token is valid; otherwise prints the error code and the
reason on stderr and exits 1.

The token is read from stdin when TOKEN is '-', or when it is omitted and stdin is not a
terminal. Surrounding whitespace is ignored.

Options:
  --room ROOM               require this room (claim "room")
  --api-key KEY             require this issuer (claim "iss"; default: $ISOMETRIK_API_KEY
                            if set, else any issuer)
  --clock-tolerance DUR     clock skew allowed for exp and nbf: 30s, 1m, or whole seconds
                            (default 10s, at most 1h)
  --secret-file PATH        read the secret from PATH, or from stdin if PATH is '-'
                            (default: $ISOMETRIK_API_SECRET)
  --allow-weak-secret       accept a secret shorter than 32 bytes (local development only)
  --json                    on success, print JSON as 'decode --json' does (with
                            "computed.verified": true) instead of the summary
  -h, --help                show this help

Examples:
  ${PROG} verify "$TOKEN" --room daily-standup
  curl -s https://example.com/token | ${PROG} verify --json`;

// ---------------------------------------------------------------------------------------------
// Commands: their parseArgs options and what they do

const SECRET_OPTIONS = {
  'api-key': { type: 'string' },
  'secret-file': { type: 'string' },
  'allow-weak-secret': { type: 'boolean' },
};

const COMMANDS = {
  create: {
    help: CREATE_HELP,
    options: {
      room: { type: 'string' },
      identity: { type: 'string' },
      name: { type: 'string' },
      metadata: { type: 'string' },
      ttl: { type: 'string' },
      permissions: { type: 'string', multiple: true },
      ...Object.fromEntries(Object.keys(PERMISSION_FLAGS).map((flag) => [flag, { type: 'boolean' }])),
      ...SECRET_OPTIONS,
    },
    run: create,
  },
  decode: {
    help: DECODE_HELP,
    options: { json: { type: 'boolean' } },
    run: decode,
  },
  verify: {
    help: VERIFY_HELP,
    options: {
      room: { type: 'string' },
      'clock-tolerance': { type: 'string' },
      json: { type: 'boolean' },
      ...SECRET_OPTIONS,
    },
    run: verify,
  },
};

/** A failure with its exit code; `hint` is printed on a second line. */
class CliError extends Error {
  constructor(exitCode, message, hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }
}
const usageError = (message, command) =>
  new CliError(EXIT.USAGE, message, `Run '${PROG}${command ? ` ${command}` : ''} --help' for usage.`);

async function create(values, positionals, lib) {
  if (positionals.length > 0) {
    // Not echoed: a stray argument may well be a secret pasted in the wrong place.
    throw usageError(`create takes only options, but got ${plural(positionals.length, 'other argument')}`, 'create');
  }
  for (const flag of ['room', 'identity']) {
    if (values[flag] === undefined) throw usageError(`--${flag} is required`, 'create');
  }
  const permissions = grantedPermissions(values, lib);
  const { apiKey, apiKeySource } = apiKeyFrom(values);
  if (apiKey === undefined) {
    throw new CliError(EXIT.CREDENTIALS, 'no API key: set ISOMETRIK_API_KEY or pass --api-key KEY');
  }
  const apiSecret = await loadSecret(values);
  let token;
  try {
    token = lib.createToken({
      apiKey,
      apiSecret,
      allowWeakSecret: values['allow-weak-secret'] === true,
      roomId: values.room,
      participantName: values.identity,
      name: values.name,
      metadata: values.metadata,
      permissions,
      expiresIn: values.ttl === undefined ? undefined : durationArg(values.ttl),
    });
  } catch (err) {
    throw libraryError(err, lib, { command: 'create', apiKeySource });
  } finally {
    wipe(apiSecret);
  }
  process.stdout.write(`${token}\n`);
}

async function decode(values, positionals, lib) {
  const token = await tokenArg(positionals, 'decode', false);
  let header;
  let payload;
  try {
    header = lib.decodeTokenHeader(token);
    payload = lib.decodeToken(token);
  } catch (err) {
    throw libraryError(err, lib, { command: 'decode' });
  }
  const now = nowSeconds();
  if (values.json) {
    printJson({ header, payload, computed: computed(payload, now, false) });
  } else {
    const paint = painter(process.stdout);
    process.stdout.write(`${describe(header, payload, now, paint).join('\n')}\n`);
    process.stdout.write(
      `\n${paint.yellow('Not verified:')} decode checks no signature, expiry or issuer. Use '${PROG} verify'.\n`,
    );
  }
}

async function verify(values, positionals, lib) {
  const secretFromStdin = values['secret-file'] === '-';
  if (positionals.length > 1) {
    throw usageError(`expected one token, got ${positionals.length} arguments`, 'verify');
  }
  if (secretFromStdin && (positionals[0] === '-' || positionals[0] === undefined)) {
    throw usageError(
      "stdin cannot carry both the secret (--secret-file -) and the token: pass the token as an argument",
      'verify',
    );
  }
  const { apiKey: expectedApiKey } = apiKeyFrom(values);
  const apiSecret = await loadSecret(values);
  const token = await tokenArg(positionals, 'verify', secretFromStdin);
  let payload;
  try {
    payload = lib.verifyToken(token, {
      apiSecret,
      allowWeakSecret: values['allow-weak-secret'] === true,
      apiKey: expectedApiKey,
      roomId: values.room,
      clockTolerance: values['clock-tolerance'] === undefined ? undefined : durationArg(values['clock-tolerance']),
    });
  } catch (err) {
    throw libraryError(err, lib, { command: 'verify', token, expectedApiKey, expectedRoom: values.room });
  } finally {
    wipe(apiSecret);
  }
  const now = nowSeconds();
  if (values.json) {
    printJson({ header: lib.decodeTokenHeader(token), payload, computed: computed(payload, now, true) });
    return;
  }
  const paint = painter(process.stdout);
  const granted = PERMISSION_NAMES.filter((p) => payload.permissions?.[p] === true);
  process.stdout.write(
    `${paint.green('OK')}: valid token for identity ${quote(payload.sub)} in room ${quote(payload.room)}` +
      ` (issuer ${quote(payload.iss)})\n` +
      `    ${relative('exp', payload.exp - now)} (${isoDate(payload.exp)}` +
      `${payload.exp <= now ? ', accepted within the clock tolerance' : ''}); ` +
      `permissions: ${granted.length ? granted.join(', ') : 'none'}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** `--api-key`, else `$ISOMETRIK_API_KEY` (an empty variable counts as unset). */
function apiKeyFrom(values) {
  if (values['api-key'] !== undefined) return { apiKey: values['api-key'], apiKeySource: '--api-key' };
  const env = process.env.ISOMETRIK_API_KEY;
  return env ? { apiKey: env, apiKeySource: 'ISOMETRIK_API_KEY' } : { apiKey: undefined };
}

/** The secret: the bytes of `--secret-file` (`-` = stdin), else `$ISOMETRIK_API_SECRET`. */
async function loadSecret(values) {
  const file = values['secret-file'];
  if (file === undefined) {
    const env = process.env.ISOMETRIK_API_SECRET;
    if (env) return env;
    throw new CliError(
      EXIT.CREDENTIALS,
      'no API secret: set ISOMETRIK_API_SECRET or pass --secret-file PATH',
      "The secret is never accepted on the command line; '--secret-file -' reads it from a pipe.",
    );
  }
  let bytes;
  if (file === '-') {
    if (process.stdin.isTTY) {
      throw usageError("--secret-file - reads the secret from a pipe, but stdin is a terminal", null);
    }
    bytes = await readStdin('the secret');
  } else {
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      // The path is not repeated: a secret typed where the path belongs must not be echoed.
      throw new CliError(EXIT.CREDENTIALS, `cannot read the --secret-file: ${fsReason(err)}`);
    }
  }
  // One trailing newline (`echo secret > file`) is not part of the secret.
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end -= 1;
  if (bytes[end - 1] === 0x0d && end < bytes.length) end -= 1;
  const secret = new Uint8Array(bytes.buffer, bytes.byteOffset, end);
  if (secret.length === 0) {
    throw new CliError(EXIT.CREDENTIALS, `the secret ${file === '-' ? 'on stdin' : 'file'} is empty`);
  }
  return secret;
}

/** Overwrites a secret held in bytes once it has been used (a string cannot be). */
function wipe(secret) {
  if (secret instanceof Uint8Array) secret.fill(0);
}

/** The token: the argument, or stdin for `-` or when omitted with stdin not a terminal. */
async function tokenArg(positionals, command, stdinTaken) {
  if (positionals.length > 1) {
    throw usageError(`expected one token, got ${positionals.length} arguments`, command);
  }
  const [arg] = positionals;
  if (arg !== undefined && arg !== '-') return arg.trim();
  if (stdinTaken) throw usageError('stdin is already used for the secret', command);
  if (arg === undefined && process.stdin.isTTY) {
    throw usageError("no token: pass it as an argument, or pipe it in (or use '-' for stdin)", command);
  }
  const token = (await readStdin('the token')).toString('utf8').trim();
  if (token === '') throw usageError('no token on stdin', command);
  return token;
}

async function readStdin(what) {
  const chunks = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += chunk.length;
    if (size > MAX_STDIN_BYTES) throw usageError(`${what} on stdin is larger than ${MAX_STDIN_BYTES} bytes`, null);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `--ttl` / `--clock-tolerance`: whole seconds as a number, anything else as a duration string. */
const durationArg = (text) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

function grantedPermissions(values, lib) {
  if (JSON.stringify(lib.PERMISSIONS) !== JSON.stringify(PERMISSION_NAMES)) {
    throw new Error(`the CLI's permission list is out of date with the library (${lib.PERMISSIONS.join(', ')})`);
  }
  const granted = new Set();
  for (const [flag, name] of Object.entries(PERMISSION_FLAGS)) {
    if (values[flag]) granted.add(name);
  }
  for (const list of values.permissions ?? []) {
    for (const word of list.split(',')) {
      if (word.trim() === '') continue;
      // publish, can-publish, canPublish, CAN_PUBLISH...: compare without case, dashes or underscores.
      const key = word.trim().toLowerCase().replace(/[-_\s]/g, '').replace(/^can/, '');
      const name = PERMISSION_NAMES.find((n) => n.slice(3).toLowerCase() === key);
      if (name === undefined) {
        throw usageError(
          `unknown permission ${quote(word.trim())} in --permissions (allowed: ${PERMISSION_WORDS.join(', ')})`,
          'create',
        );
      }
      granted.add(name);
    }
  }
  return Object.fromEntries(PERMISSION_NAMES.filter((n) => granted.has(n)).map((n) => [n, true]));
}

// ---------------------------------------------------------------------------------------------
// Library errors -> messages and exit codes

const FLAG_OF_FIELD = {
  roomId: '--room',
  participantName: '--identity',
  name: '--name',
  metadata: '--metadata',
  expiresIn: '--ttl',
  clockTolerance: '--clock-tolerance',
};

function libraryError(err, lib, context) {
  if (!(err instanceof lib.IsometrikTokenError)) return err;
  const { command } = context;
  const reason = err.message.replace(/^invalid (option `[^`]*`|expiry): /, '');
  switch (err.code) {
    case 'ERR_WEAK_SECRET':
      return new CliError(EXIT.CREDENTIALS, err.message, 'Use --allow-weak-secret for local development only.');
    case 'ERR_INVALID_OPTIONS':
      if (err.field === 'apiKey') {
        return new CliError(EXIT.CREDENTIALS, `invalid API key (${context.apiKeySource}): ${reason}`);
      }
      if (err.field?.startsWith('permissions')) return usageError(`invalid permissions: ${reason}`, command);
      return usageError(`invalid ${FLAG_OF_FIELD[err.field] ?? err.field}: ${reason}`, command);
    case 'ERR_INVALID_DURATION':
      return usageError(`invalid ${command === 'create' ? '--ttl' : '--clock-tolerance'}: ${reason}`, command);
    case 'ERR_TOKEN_TOO_LARGE':
      if (command === 'create') return usageError(`${err.message}: shorten --metadata`, command);
      break;
    default:
  }
  return new CliError(EXIT.INVALID, `invalid token (${err.code}): ${tokenReason(err, lib, context)}`);
}

function tokenReason(err, lib, { token, expectedApiKey, expectedRoom }) {
  const now = nowSeconds();
  const claims = err.claims ?? {};
  const found = (claim) => {
    try {
      return quote(lib.decodeToken(token)[claim]);
    } catch {
      return 'another';
    }
  };
  switch (err.code) {
    case 'ERR_EXPIRED':
      return `the token ${relative('exp', claims.exp - now)} (exp ${isoDate(claims.exp)})`;
    case 'ERR_NOT_YET_VALID':
      return `the token is ${relative('nbf', claims.nbf - now)} (nbf ${isoDate(claims.nbf)})`;
    case 'ERR_BAD_SIGNATURE':
      return 'the signature does not match: the token was signed with another secret, or altered after signing';
    case 'ERR_ISSUER_MISMATCH':
      return `the token was issued by API key ${found('iss')}, not ${quote(expectedApiKey)}`;
    case 'ERR_ROOM_MISMATCH':
      return `the token is for room ${found('room')}, not ${quote(expectedRoom)}`;
    default:
      return err.message;
  }
}

// ---------------------------------------------------------------------------------------------
// Output

const nowSeconds = () => Math.floor(Date.now() / 1000);
const isNumericDate = (v) => Number.isSafeInteger(v) && v >= 0 && v <= LATEST_NUMERIC_DATE;
const isoDate = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A rough, readable length of time: `42 s`, `42 min`, `3 h`, `1.5 h`, `2 days`. */
function span(seconds) {
  const s = Math.abs(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} days`;
}

/** `expires in 42 min`, `expired 3 h ago`, `issued 5 min ago`... for a claim `delta` seconds from now. */
function relative(claim, delta) {
  const ago = delta === 0 ? 'just now' : `${span(delta)} ago`;
  switch (claim) {
    case 'exp':
      return delta > 0 ? `expires in ${span(delta)}` : `expired ${ago}`;
    case 'nbf':
      return delta > 0 ? `not valid for another ${span(delta)}` : `valid since ${ago}`;
    default:
      return delta > 0 ? `issued in the future (in ${span(delta)})` : `issued ${ago}`;
  }
}

function computed(payload, now, verified) {
  const date = (v) => (isNumericDate(v) ? isoDate(v) : null);
  const exp = isNumericDate(payload.exp) ? payload.exp : null;
  const permissions = isPlainObject(payload.permissions) ? payload.permissions : {};
  return {
    verified,
    now: isoDate(now),
    issuedAt: date(payload.iat),
    notBefore: date(payload.nbf),
    expiresAt: date(payload.exp),
    expiresIn: exp === null ? null : exp - now,
    expired: exp === null ? null : now >= exp,
    notYetValid: isNumericDate(payload.nbf) ? now < payload.nbf : false,
    permissions: Object.fromEntries(PERMISSION_NAMES.map((p) => [p, permissions[p] === true])),
  };
}

const printJson = (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

const CLAIM_NOTES = { iss: 'API key', sub: 'identity' };
const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp']);
const MAX_SHOWN_CHARS = 200;

/** The human view of a decoded token, as lines. */
function describe(header, payload, now, paint) {
  const lines = [];
  const section = (title, rows) => {
    const width = Math.max(...rows.map(([key]) => key.length));
    lines.push(paint.bold(title));
    for (const [key, value, note] of rows) {
      lines.push(`  ${paint.cyan(key.padEnd(width))}  ${value}${note ? `  ${note}` : ''}`);
    }
  };
  section('Header', Object.entries(header).map(([k, v]) => [show(k), show(v)]));

  const { permissions } = payload;
  const claims = Object.entries(payload).filter(([k]) => !(k === 'permissions' && isPlainObject(permissions)));
  if (claims.length) {
    lines.push('');
    section(
      'Claims',
      claims.map(([k, v]) => {
        if (TIME_CLAIMS.has(k) && isNumericDate(v)) {
          const delta = v - now;
          const text = relative(k, delta);
          const color = k === 'exp' ? (delta > 0 ? paint.green : paint.red) : k === 'nbf' && delta > 0 ? paint.yellow : paint.dim;
          return [k, isoDate(v), color(text)];
        }
        return [show(k), show(v), CLAIM_NOTES[k] && paint.dim(`(${CLAIM_NOTES[k]})`)];
      }),
    );
  }
  lines.push('');
  const granted = isPlainObject(permissions) ? permissions : {};
  const names = [...PERMISSION_NAMES, ...Object.keys(granted).filter((k) => !PERMISSION_NAMES.includes(k))];
  section(
    'Permissions',
    names.map((name) => {
      const value = granted[name];
      if (value === true) return [show(name), paint.green('yes')];
      if (value === false) return [show(name), 'no'];
      if (value === undefined) return [show(name), paint.dim('no (not set)')];
      return [show(name), show(value)];
    }),
  );
  return lines;
}

/** A value for a terminal: strings bare unless they need quotes, anything else as JSON. */
function show(value) {
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  let suffix = '';
  if (text.length > MAX_SHOWN_CHARS) {
    suffix = ` … (${text.length} characters; --json shows all)`;
    text = text.slice(0, MAX_SHOWN_CHARS);
  }
  if (typeof value !== 'string') return escapeUnsafe(text) + suffix;
  const bare = text !== '' && text.trim() === text && !UNSAFE.test(text);
  return (bare ? text : quote(text)) + suffix;
}

/**
 * Characters that must not reach a terminal raw (a decoded token is attacker-controlled):
 * C0/C1 controls (escape sequences), DEL, and bidirectional and line/paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const escapeUnsafe = (text) =>
  text.replace(UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** JSON-style quoting that also escapes what JSON.stringify leaves raw. */
const quote = (value) => escapeUnsafe(JSON.stringify(String(value)));

/** Colours for `stream`: only on a terminal, unless NO_COLOR / FORCE_COLOR say otherwise. */
function painter(stream) {
  const { FORCE_COLOR, NO_COLOR, NODE_DISABLE_COLORS, TERM } = process.env;
  const on =
    FORCE_COLOR !== undefined
      ? FORCE_COLOR !== '0' && FORCE_COLOR !== 'false'
      : !NO_COLOR && !NODE_DISABLE_COLORS && TERM !== 'dumb' && stream.isTTY === true;
  const sgr = (open) => (text) => (on ? `\x1b[${open}m${text}\x1b[0m` : text);
  return { bold: sgr(1), dim: sgr(2), red: sgr(31), green: sgr(32), yellow: sgr(33), cyan: sgr(36) };
}

function fsReason(err) {
  const reasons = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'it is a directory',
  };
  return reasons[err.code] ?? err.code ?? 'unknown error';
}

// ---------------------------------------------------------------------------------------------
// Main

/** Flags that look like a secret given on the command line (`--secret`, `--api-secret=…`, `--apiSecret`). */
function refuseSecretFlags(args) {
  for (const arg of args) {
    if (arg === '--') return;
    if (!arg.startsWith('-')) continue;
    const name = arg.split('=')[0];
    const key = name.replace(/^-+/, '').toLowerCase().replace(/[-_]/g, '');
    if (key.includes('secret') && key !== 'secretfile' && key !== 'allowweaksecret') {
      throw new CliError(
        EXIT.USAGE,
        `refusing ${name}: the API secret must not be given on the command line, where other users ` +
          'can see it in the process list and your shell saves it in its history',
        "Set ISOMETRIK_API_SECRET, or use --secret-file PATH ('--secret-file -' reads a pipe).",
      );
    }
  }
}

function version() {
  const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return manifest.version;
}

function parse(args, options, command) {
  try {
    return util.parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    if (typeof err?.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      // parseArgs names the option but never its value. Its hints about '--' are noise here.
      const option = /'([^']*)'/.exec(err.message)?.[1];
      const message =
        err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option
          ? `unknown option ${option}`
          : err.message.split(/\.(?:\s|$)|\n/)[0];
      throw usageError(message, command);
    }
    throw err;
  }
}

async function main(argv) {
  if (typeof util.parseArgs !== 'function') {
    throw new CliError(EXIT.INTERNAL, `${PROG} needs Node.js 18.3 or later (this is ${process.version})`);
  }
  refuseSecretFlags(argv);
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(`${GLOBAL_HELP}\n`);
    return EXIT.USAGE;
  }
  if (first === 'help' || first.startsWith('-')) {
    const { values, positionals } =
      first === 'help'
        ? { values: { help: true }, positionals: rest }
        : parse(argv, { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }, null);
    if (values.help) {
      const topic = positionals[0];
      if (topic !== undefined && !Object.hasOwn(COMMANDS, topic)) throw usageError(`unknown command ${quote(topic)}`, null);
      process.stdout.write(`${topic ? COMMANDS[topic].help : GLOBAL_HELP}\n`);
      return EXIT.OK;
    }
    if (values.version && positionals.length === 0) {
      process.stdout.write(`${version()}\n`);
      return EXIT.OK;
    }
    throw usageError('options must follow the command', null);
  }
  if (!Object.hasOwn(COMMANDS, first)) throw usageError(`unknown command ${quote(first)}`, null);
  const command = COMMANDS[first];
  const beforeEnd = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeEnd.includes('--help') || beforeEnd.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return EXIT.OK;
  }
  const { values, positionals } = parse(rest, command.options, first);
  let lib;
  try {
    lib = await import('isometrik-token');
  } catch (err) {
    throw new CliError(EXIT.INTERNAL, `cannot load the isometrik-token library: ${err.message}`);
  }
  await command.run(values, positionals, lib);
  return EXIT.OK;
}

// A closed pipe (`… | head -1`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
  throw err;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const paint = painter(process.stderr);
  if (err instanceof CliError) {
    process.stderr.write(`${PROG}: ${paint.red('error')}: ${err.message}\n${err.hint ? `${err.hint}\n` : ''}`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`${PROG}: ${paint.red('internal error')} (please report it):\n${err?.stack ?? err}\n`);
    process.exitCode = EXIT.INTERNAL;
  }
}
