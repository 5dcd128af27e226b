// The three commands. Each takes parseArgs' `values` and `positionals` and the library.
import { libraryError, credentialsError, PROG, usageError } from './errors.mjs';
import { createHelp, DECODE_HELP, kebab, VERIFY_HELP } from './help.mjs';
import { commandOptions } from './args.mjs';
import {
  apiKeyFrom,
  durationArg,
  grantedPermissions,
  loadSecret,
  readCredentials,
  refuseStrayArguments,
  tokenArg,
} from './input.mjs';
import { parseKeysFile, verifyWithKeys } from './keys.mjs';
import { computed, describe, isoDate, nowSeconds, painter, printJson, quote, relative } from './output.mjs';
import { permissionNames } from './library.mjs';

/** The command table: help text, parseArgs options and what each command does. */
export function commands() {
  const names = permissionNames();
  const permissionFlags = Object.fromEntries(names.map((n) => [kebab(n), n]));
  const options = commandOptions(permissionFlags);
  return {
    create: {
      help: createHelp(names),
      options: options.create,
      run: (v, p, lib) => create(v, p, lib, permissionFlags),
    },
    decode: { help: DECODE_HELP, options: options.decode, run: decode },
    verify: { help: VERIFY_HELP, options: options.verify, run: verify },
  };
}

/** Overwrites a secret held in bytes once it has been used (a string cannot be). */
function wipe(secret) {
  if (secret instanceof Uint8Array) secret.fill(0);
}

/** @param {import('./library.mjs').Library} lib */
async function create(values, positionals, lib, permissionFlags) {
  // Not echoed: a stray argument may well be a secret pasted in the wrong place.
  refuseStrayArguments(positionals, 'create');
  for (const flag of ['room', 'identity']) {
    if (values[flag] === undefined) throw usageError(`--${flag} is required`, 'create');
  }
  const permissions = grantedPermissions(values, permissionFlags, permissionNames());
  const { apiKey, apiKeySource } = apiKeyFrom(values);
  if (apiKey === undefined) throw credentialsError('no API key: set ISOMETRIK_API_KEY or pass --api-key KEY');
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

/** @param {import('./library.mjs').Library} lib */
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

/** @param {import('./library.mjs').Library} lib */
async function verify(values, positionals, lib) {
  const keysFile = values['keys-file'];
  if (keysFile !== undefined) {
    for (const option of ['api-key', 'secret-file']) {
      if (values[option] !== undefined) throw usageError(`--keys-file and --${option} exclude each other`, 'verify');
    }
  }
  const credentialsFromStdin = (keysFile ?? values['secret-file']) === '-';
  if (positionals.length > 1) {
    throw usageError(`expected one token, got ${positionals.length} arguments`, 'verify');
  }
  if (credentialsFromStdin && (positionals[0] === '-' || positionals[0] === undefined)) {
    const what = keysFile === undefined ? 'the secret (--secret-file -)' : 'the keys (--keys-file -)';
    throw usageError(`stdin cannot carry both ${what} and the token: pass the token as an argument`, 'verify');
  }
  const checks = {
    roomId: values.room,
    clockTolerance: values['clock-tolerance'] === undefined ? undefined : durationArg(values['clock-tolerance']),
  };
  const allowWeakSecret = values['allow-weak-secret'] === true;
  const { apiKey: expectedApiKey, apiKeySource } =
    keysFile === undefined ? apiKeyFrom(values) : { apiKey: undefined, apiKeySource: '--keys-file' };
  // The credentials: a keys file's bytes (its secrets are views of them), or one secret.
  const held =
    keysFile === undefined ? await loadSecret(values) : await readCredentials(keysFile, '--keys-file', 'the keys');
  let payload;
  let token;
  try {
    const keys = keysFile === undefined ? undefined : parseKeysFile(held);
    token = await tokenArg(positionals, 'verify', credentialsFromStdin);
    payload =
      keys === undefined
        ? lib.verifyToken(token, { apiSecret: held, apiKey: expectedApiKey, allowWeakSecret, ...checks })
        : verifyWithKeys(lib, keys, token, { allowWeakSecret, ...checks });
  } catch (err) {
    throw libraryError(err, lib, {
      command: 'verify',
      token,
      expectedApiKey,
      apiKeySource,
      expectedRoom: values.room,
      keysFile: keysFile !== undefined,
    });
  } finally {
    wipe(held);
  }
  const now = nowSeconds();
  if (values.json) {
    printJson({ header: lib.decodeTokenHeader(token), payload, computed: computed(payload, now, true) });
    return;
  }
  const paint = painter(process.stdout);
  const granted = permissionNames().filter((p) => payload.permissions?.[p] === true);
  process.stdout.write(
    `${paint.green('OK')}: valid token for identity ${quote(payload.sub)} in room ${quote(payload.room)}` +
      ` (issuer ${quote(payload.iss)})\n` +
      `    ${relative('exp', payload.exp - now)} (${isoDate(payload.exp)}` +
      `${payload.exp <= now ? ', accepted within the clock tolerance' : ''}); ` +
      `permissions: ${granted.length ? granted.join(', ') : 'none'}\n`,
  );
}
