// Argument parsing: node:util's parseArgs in strict mode, after a check that no argument
// carries a secret. Messages name an option, never a value.
import util from 'node:util';
import { EXIT, CliError, usageError } from './errors.mjs';

/** Spellings of a secret option that are safe to repeat back, compared without case, `-` or `_`. */
const SECRET_OPTION_NAMES = new Set(['secret', 'apisecret', 'isometrikapisecret', 'secretkey', 'apisecretkey']);
/** Our own options whose names contain "secret". */
const ALLOWED = new Set(['secretfile', 'allowweaksecret']);
const normalize = (name) => name.replace(/^-+/, '').toLowerCase().replace(/[-_]/g, '');

/**
 * Refuses an argument that looks like a secret given as an option (`--secret X`,
 * `--api-secret=X`, `--apiSecret`, but also `--secret:X`, `--secretX`, "--secret X"). Only a
 * recognised option name is repeated in the message: anything else in the argument may be
 * the secret itself.
 */
export function refuseSecretFlags(args) {
  for (const [index, arg] of args.entries()) {
    if (arg === '--') return;
    if (!arg.startsWith('-')) continue;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    const key = normalize(name);
    if (!key.includes('secret') || ALLOWED.has(key)) continue;
    const shown =
      SECRET_OPTION_NAMES.has(key) && /^--?[A-Za-z_-]+$/.test(name)
        ? name
        : `an option that looks like a secret (argument ${index + 1})`;
    throw new CliError(
      EXIT.USAGE,
      `refusing ${shown}: the API secret must not be given on the command line, where other users ` +
        'can see it in the process list and your shell saves it in its history',
      "Set ISOMETRIK_API_SECRET, or use --secret-file PATH ('--secret-file -' reads a pipe).",
    );
  }
}

/**
 * parseArgs, strict, with its errors as usage errors of `command`.
 * @returns {{ values: Record<string, any>, positionals: string[] }}
 */
export function parse(args, options, command) {
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

const SECRET_OPTIONS = {
  'api-key': { type: 'string' },
  'secret-file': { type: 'string' },
  'allow-weak-secret': { type: 'boolean' },
};

/** Each command's parseArgs options; `permissionFlags` maps `can-publish` -> `canPublish`. */
export function commandOptions(permissionFlags) {
  return {
    create: {
      room: { type: 'string' },
      identity: { type: 'string' },
      name: { type: 'string' },
      metadata: { type: 'string' },
      ttl: { type: 'string' },
      permissions: { type: 'string', multiple: true },
      ...Object.fromEntries(Object.keys(permissionFlags).map((flag) => [flag, { type: 'boolean' }])),
      ...SECRET_OPTIONS,
    },
    decode: { json: { type: 'boolean' } },
    verify: {
      room: { type: 'string' },
      'clock-tolerance': { type: 'string' },
      'keys-file': { type: 'string' },
      json: { type: 'boolean' },
      ...SECRET_OPTIONS,
    },
  };
}
