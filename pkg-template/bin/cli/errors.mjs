// Exit codes, the CLI's own error, and the mapping of library errors to both. Library errors
// are read by their structured fields (`code`, `field`, `claim`, `claims`), never by their
// message text: the messages are for humans and may change.
import { isoDate, nowSeconds, quote, relative } from './output.mjs';

export const PROG = 'isometrik-token';

/** Exit codes (documented in the global --help). */
export const EXIT = Object.freeze({ OK: 0, INVALID: 1, USAGE: 2, CREDENTIALS: 3, INTERNAL: 4 });

/** A failure with its exit code; `hint` is printed on a second line. */
export class CliError extends Error {
  constructor(exitCode, message, hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

export const usageError = (message, command) =>
  new CliError(EXIT.USAGE, message, `Run '${PROG}${command ? ` ${command}` : ''} --help' for usage.`);

export const credentialsError = (message, hint) => new CliError(EXIT.CREDENTIALS, message, hint);

/** The command-line flag of each library option the CLI sets from one. */
const FLAG_OF_FIELD = {
  roomId: '--room',
  participantName: '--identity',
  name: '--name',
  metadata: '--metadata',
  expiresIn: '--ttl',
  clockTolerance: '--clock-tolerance',
  keys: '--keys-file',
};

/**
 * The flag (or variable) the user set for library option `field`, or undefined for an option the
 * CLI does not take from the command line. `permissions.canFly` is `--permissions`; `apiKey` is
 * wherever the key came from (`--api-key`, ISOMETRIK_API_KEY or `--keys-file`).
 */
function flagOf(field, context) {
  if (field === undefined) return undefined;
  if (field === 'apiKey') return context.apiKeySource;
  if (field === 'permissions' || field.startsWith('permissions.')) return '--permissions';
  return Object.hasOwn(FLAG_OF_FIELD, field) ? FLAG_OF_FIELD[field] : undefined;
}

/**
 * The rule an option broke: the library's `reason` (the rule alone, e.g. "must be at most
 * 8192 UTF-8 bytes"), which the CLI puts after the flag the user typed. The library's message
 * names its own option (`expiresIn`), which the user never typed.
 */
const reasonOf = (err) => (typeof err.reason === 'string' && err.reason !== '' ? err.reason : err.message);

/**
 * A library error as a CliError (anything else is returned as it is: a bug, exit 4).
 * `context`: { command, token?, expectedApiKey?, expectedRoom?, apiKeySource?, keysFile? }.
 * @param {import('./library.mjs').Library} lib
 */
export function libraryError(err, lib, context) {
  if (!(err instanceof lib.IsometrikTokenError)) return err;
  const { command } = context;
  const field = typeof err.field === 'string' ? err.field : undefined;
  switch (err.code) {
    case 'ERR_WEAK_SECRET':
      return credentialsError(err.message, 'Use --allow-weak-secret for local development only.');
    case 'ERR_INVALID_OPTIONS':
    case 'ERR_INVALID_DURATION': {
      const flag = flagOf(field, context);
      if (field === 'apiKey') return credentialsError(`the API key (${flag}): ${reasonOf(err)}`);
      if (flag !== undefined) return usageError(`${flag}: ${reasonOf(err)}`, command);
      // An option the CLI does not take from the command line: the library's wording is all there is.
      return usageError(err.message, command);
    }
    case 'ERR_TOKEN_TOO_LARGE':
      if (command === 'create') return usageError(`${err.message}: shorten --metadata`, command);
      break;
    default:
  }
  return new CliError(EXIT.INVALID, `invalid token (${err.code}): ${tokenReason(err, lib, context)}`);
}

function tokenReason(err, lib, { token, expectedApiKey, expectedRoom, keysFile }) {
  const now = nowSeconds();
  const claims = err.claims ?? {};
  const found = (claim) => {
    try {
      return lib.decodeToken(token)[claim];
    } catch {
      return undefined;
    }
  };
  switch (err.code) {
    case 'ERR_EXPIRED':
      return `the token ${relative('exp', claims.exp - now)} (exp ${isoDate(claims.exp)})`;
    case 'ERR_NOT_YET_VALID':
      return `the token is ${relative('nbf', claims.nbf - now)} (nbf ${isoDate(claims.nbf)})`;
    case 'ERR_BAD_SIGNATURE':
      return 'the signature does not match: the token was signed with another secret, or altered after signing';
    case 'ERR_ISSUER_MISMATCH': {
      const iss = found('iss');
      if (keysFile) {
        return typeof iss === 'string'
          ? `the token was issued by API key ${quote(iss)}, which is not in the --keys-file`
          : 'the token names no issuer (no string "iss" claim), so no key of the --keys-file applies';
      }
      return `the token was issued by API key ${iss === undefined ? 'another' : quote(iss)}, not ${quote(expectedApiKey)}`;
    }
    case 'ERR_ROOM_MISMATCH': {
      const room = found('room');
      return `the token is for room ${room === undefined ? 'another' : quote(room)}, not ${quote(expectedRoom)}`;
    }
    default:
      return err.message;
  }
}
