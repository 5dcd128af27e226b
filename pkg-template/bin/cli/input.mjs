// What the CLI reads: the API key, the secret (environment, file or stdin), the token
// (argument or stdin), durations and permissions. Rules: a secret is never taken from the
// command line; a path as typed, a file's contents or a stray argument is never echoed (a secret
// may have been typed there by mistake); a secret file others could replace is refused (OpenSSH's
// StrictModes: owner, mode, parent directories).
import fs from 'node:fs';
import path from 'node:path';
import { CliError, credentialsError, EXIT, usageError } from './errors.mjs';
import { permissionWord } from './help.mjs';
import { plural, quote } from './output.mjs';

/** The most read from stdin or from a secret or keys file. */
export const MAX_INPUT_BYTES = 1 << 20;

/** `--api-key`, else `$ISOMETRIK_API_KEY` (an empty variable counts as unset). */
export function apiKeyFrom(values) {
  if (values['api-key'] !== undefined) return { apiKey: values['api-key'], apiKeySource: '--api-key' };
  const env = process.env.ISOMETRIK_API_KEY;
  return env ? { apiKey: env, apiKeySource: 'ISOMETRIK_API_KEY' } : { apiKey: undefined };
}

/** The secret: the bytes of `--secret-file` (`-` = stdin), else `$ISOMETRIK_API_SECRET`. */
export async function loadSecret(values) {
  const file = values['secret-file'];
  if (file === undefined) {
    const env = process.env.ISOMETRIK_API_SECRET;
    if (env) return env;
    throw credentialsError(
      'no API secret: set ISOMETRIK_API_SECRET or pass --secret-file PATH',
      "The secret is never accepted on the command line; '--secret-file -' reads it from a pipe.",
    );
  }
  const bytes = await readCredentials(file, '--secret-file', 'the secret');
  // One trailing newline (`echo secret > file`) is not part of the secret.
  let end = bytes.length;
  if (bytes[end - 1] === 0x0a) end -= 1;
  if (bytes[end - 1] === 0x0d && end < bytes.length) end -= 1;
  const secret = new Uint8Array(bytes.buffer, bytes.byteOffset, end);
  if (secret.length === 0) {
    throw credentialsError(`the secret ${file === '-' ? 'on stdin' : 'file'} is empty`);
  }
  return secret;
}

/**
 * The bytes of a secret or keys file (`option` is its flag), or of stdin for `-`. The file is
 * checked as OpenSSH's StrictModes checks key files (its `safe_path`, misc.c), since whoever can
 * replace a secret can make `verify` accept tokens they forged, or `create` sign with a key
 * they know: see checkOwnership. Windows has no such owners and mode bits.
 */
export async function readCredentials(file, option, what) {
  if (file === '-') {
    if (process.stdin.isTTY) {
      throw usageError(`${option} - reads ${what} from a pipe, but stdin is a terminal`, null);
    }
    return readStdin(what, EXIT.CREDENTIALS);
  }
  let fd;
  try {
    // The path the user typed is not repeated in any message: a secret typed where the path
    // belongs must not be echoed. What is checked is the file actually read (fstat on the open
    // descriptor), so replacing the path between the check and the read gains nothing.
    fd = fs.openSync(file, 'r');
    if (process.platform !== 'win32') checkOwnership(fs.fstatSync(fd), file, option, what);
    return readBounded(fd, `the ${option}`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw credentialsError(`cannot read the ${option}: ${fsReason(err)}`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The uid of whoever may be trusted with a credentials file: this process's user, or root. */
const trustedOwner = (uid) => uid === 0 || uid === process.getuid?.();

const octal = (mode) => (mode & 0o7777).toString(8).padStart(4, '0');

/**
 * OpenSSH's StrictModes for the open file `stat` (read from `file`): it must be a regular file
 * (or a pipe, as `<(command)` gives), owned by this user or root and not writable by group or
 * others; then every directory up to `/`, on its path as given and on its real path (links
 * resolved), must be owned by this user or root and not writable by group or others, since
 * whoever may write a directory can put another file, or a link to one, in the secret's place.
 * Differences from OpenSSH, which walks the real path only and stops at the home directory:
 * both paths, up to `/`; and a world-writable directory with the sticky bit (`/tmp`,
 * Kubernetes secret volumes, 1777 and owned by root) is accepted, because in it only an
 * entry's owner, the directory's owner or root may rename or remove the entry (a link there
 * must be yours or root's too). Readable by group or others is allowed (Kubernetes secret
 * files are 0644). Directories are named in the message: the file opened, so the
 * path names a real file, not a secret typed by mistake; the file itself is not named.
 */
function checkOwnership(stat, file, option, what) {
  const refuse = (problem, hint) =>
    credentialsError(`refusing the ${option}: ${problem}, so they could replace ${what}`, hint);
  if (stat.isDirectory()) throw credentialsError(`cannot read the ${option}: it is a directory`);
  if (!stat.isFile() && !stat.isFIFO()) {
    throw credentialsError(`refusing the ${option}: it is not a regular file or a pipe`);
  }
  if (!trustedOwner(stat.uid)) {
    throw refuse(
      `it is owned by another user (uid ${stat.uid}), not by you or root`,
      `Use a file you own: copy it (cp) and chmod 600 the copy, or pipe it in with '${option} -'.`,
    );
  }
  if ((stat.mode & 0o022) !== 0) {
    throw refuse(
      `users other than its owner may write to it (mode ${octal(stat.mode)})`,
      `Make it writable by its owner only: chmod go-w on the file (and keep ${what} from being read by others: chmod 600).`,
    );
  }
  // The directories of the path as given (whoever may write one could point a link in it at
  // another file) and of the real path (where the file is). lstat: a link's owner counts (its
  // mode means nothing), and what it points to is on the real path.
  const given = path.resolve(file);
  const link = fs.lstatSync(given);
  if (link.isSymbolicLink() && !trustedOwner(link.uid)) {
    throw refuse(
      `it is a link owned by another user (uid ${link.uid}), not by you or root`,
      'Give the path of the file itself, or of a link you own.',
    );
  }
  const starts = [path.dirname(given)];
  try {
    starts.push(path.dirname(fs.realpathSync.native(file)));
  } catch (err) {
    // An anonymous pipe (`<(command)` gives /dev/fd/N) has no real path.
    if (!stat.isFIFO()) throw err;
  }
  const seen = new Set();
  for (const start of starts) {
    for (let dir = start; !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      const d = fs.lstatSync(dir);
      if (!trustedOwner(d.uid)) {
        throw refuse(
          `the ${d.isSymbolicLink() ? 'link' : 'directory'} ${quote(dir)} on its path is owned by another user (uid ${d.uid}), not by you or root`,
          'Keep credentials in directories that you or root own.',
        );
      }
      const sticky = (d.mode & 0o1000) !== 0;
      if (!d.isSymbolicLink() && (d.mode & 0o022) !== 0 && !sticky) {
        throw refuse(
          `users other than its owner may write to the directory ${quote(dir)} on its path (mode ${octal(d.mode)})`,
          `Make that directory writable by its owner only: chmod go-w ${quote(dir)}.`,
        );
      }
    }
  }
}

/** At most MAX_INPUT_BYTES of `fd`, in one buffer; the read buffers are overwritten. */
function readBounded(fd, what) {
  const chunks = []; // the filled part of each read buffer
  try {
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) return Buffer.concat(chunks);
      chunks.push(chunk.subarray(0, n));
      size += n;
      if (size > MAX_INPUT_BYTES) throw credentialsError(`${what} is larger than ${MAX_INPUT_BYTES} bytes`);
    }
  } finally {
    for (const chunk of chunks) chunk.fill(0);
  }
}

function fsReason(err) {
  const reasons = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory' };
  return reasons[err?.code] ?? err?.code ?? 'unknown error';
}

/** The token: the argument, or stdin for `-` or when omitted with stdin not a terminal. */
export async function tokenArg(positionals, command, stdinTaken) {
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

/**
 * The bytes on stdin; too many is an error with `exitCode`.
 * @param {string} what
 * @param {number} [exitCode]
 */
async function readStdin(what, exitCode = EXIT.USAGE) {
  const chunks = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) {
      throw new CliError(exitCode, `${what} on stdin is larger than ${MAX_INPUT_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `--ttl` / `--clock-tolerance`: whole seconds as a number, anything else as a duration string. */
export const durationArg = (text) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/** The permissions object of `create`: the `--can-*` flags and the `--permissions` lists. */
export function grantedPermissions(values, permissionFlags, names) {
  const granted = new Set();
  for (const [flag, name] of Object.entries(permissionFlags)) {
    if (values[flag]) granted.add(name);
  }
  for (const list of values.permissions ?? []) {
    for (const word of list.split(',')) {
      if (word.trim() === '') continue;
      // publish, can-publish, canPublish, CAN_PUBLISH...: compare without case, dashes or underscores.
      const key = word
        .trim()
        .toLowerCase()
        .replace(/[-_\s]/g, '')
        .replace(/^can/, '');
      const name = names.find((n) => n.slice(3).toLowerCase() === key);
      if (name === undefined) {
        throw usageError(
          `unknown permission ${quote(word.trim())} in --permissions (allowed: ${names.map(permissionWord).join(', ')})`,
          'create',
        );
      }
      granted.add(name);
    }
  }
  return Object.fromEntries(names.filter((n) => granted.has(n)).map((n) => [n, true]));
}

/** `create takes only options, but got 2 other arguments` (never the arguments themselves). */
export function refuseStrayArguments(positionals, command) {
  if (positionals.length > 0) {
    throw usageError(`${command} takes only options, but got ${plural(positionals.length, 'other argument')}`, command);
  }
}
