// Argument parsing: node:util's parseArgs in strict mode, after a check that no argument
// carries a secret. Messages name an option, never a value.
import util from 'node:util';
import { EXIT, CliError, usageError } from './errors.mjs';

/** Flags that look like a secret given on the command line (`--secret`, `--api-secret=…`, `--apiSecret`). */
export function refuseSecretFlags(args) {
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

/** parseArgs, strict, with its errors as usage errors of `command`. */
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
      json: { type: 'boolean' },
      ...SECRET_OPTIONS,
    },
  };
}
