// The help texts: `isometrik-token --help` and `<command> --help` are the CLI's documentation.
import { PROG } from './errors.mjs';

/** `canUpdateMetadata` -> `can-update-metadata` (the flag). */
export const kebab = (name) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** `canUpdateMetadata` -> `update-metadata` (the --permissions word). */
export const permissionWord = (name) => kebab(name).slice('can-'.length);

const CREDENTIALS_HELP = `Credentials:
  ISOMETRIK_API_KEY      the API key (the token's issuer, "iss"); --api-key KEY overrides it
  ISOMETRIK_API_SECRET   the API secret; --secret-file PATH overrides it
  --secret-file PATH reads the secret from a file ('-' reads it from a pipe on stdin); the
  file's bytes are the secret, except that one trailing newline is removed.
  'verify --keys-file PATH' verifies with several keys ('key: secret' lines).
  A secret or keys file is refused unless it, and every directory on its path, is owned by
  you or root and not writable by group or others (as ssh's StrictModes; sticky /tmp is fine).
  There is no --secret flag, on purpose: command-line arguments are visible to other users
  in the process list and are saved in shell history.`;

export const GLOBAL_HELP = `Usage: ${PROG} <command> [options]

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
  3  credentials error (no API key or secret, unreadable, unsafe or malformed secret or keys
     file, weak secret)
  4  internal error (a bug: please report it)

Output goes to stdout, errors to stderr. Colours are used only on a terminal; NO_COLOR=1
turns them off, FORCE_COLOR=1 forces them on.`;

const SECRET_FILE_HELP = `  --secret-file PATH        read the secret from PATH, or from stdin if PATH is '-'
                            (default: $ISOMETRIK_API_SECRET)
  --allow-weak-secret       accept a secret shorter than 32 bytes (local development only)`;

export function createHelp(permissionNames) {
  const flags = permissionNames.map((name) => `  --${kebab(name).padEnd(24)}${name}`).join('\n');
  return `Usage: ${PROG} create --room ROOM --identity IDENTITY [options]

Sign an access token and print it on stdout, followed by a newline.

Token options:
  --room ROOM               room name or id (claim "room"; required)
  --identity IDENTITY       participant identity (claim "sub"; required)
  --name NAME               display name (claim "name")
  --metadata TEXT           application metadata (claim "metadata", at most 8192 bytes)
  --ttl DURATION            lifetime: 1h, 30m, 90s, "2 days", 1.5h, or whole seconds
                            (default 1h, at most 24h)

Permissions (none are granted unless given; only granted ones are written):
${flags}
  --permissions LIST        comma-separated: ${permissionNames.map(permissionWord).join(', ')}
                            (the names ${permissionNames[0]}, ... are accepted too; repeatable)

Credentials:
  --api-key KEY             the API key (default: $ISOMETRIK_API_KEY)
${SECRET_FILE_HELP}

  -h, --help                show this help

Examples:
  export ISOMETRIK_API_KEY=my-key ISOMETRIK_API_SECRET=...
  ${PROG} create --room daily-standup --identity alice --can-publish --can-subscribe
  pass show isometrik | ${PROG} create --secret-file - --room r1 --identity bob \\
      --permissions subscribe --ttl 15m`;
}

export const DECODE_HELP = `Usage: ${PROG} decode [TOKEN | -] [--json]

Show a token's header, claims (times as ISO 8601 dates, relative to now) and permissions.
Decoding VERIFIES NOTHING: anyone can write a token that decodes. Use '${PROG} verify'.

The token is read from stdin when TOKEN is '-', or when it is omitted and stdin is not a
terminal. Surrounding whitespace is ignored.

Options:
  --json       print JSON instead: { "header", "payload", "computed" }
  -h, --help   show this help

JSON output (characters a terminal would act on, such as bidi controls, C1 controls and
U+2028, are written as \\uXXXX escapes: the JSON parses to the same values):
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

export const VERIFY_HELP = `Usage: ${PROG} verify [TOKEN | -] [options]

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
${SECRET_FILE_HELP}
  --keys-file PATH          verify with several API keys (e.g. during a secret rotation):
                            PATH ('-': stdin) holds one 'key: secret' per line, as LiveKit's
                            key file; '#' starts a comment; blank lines are skipped; a
                            secret may be quoted ('...' or "...", no escapes). The token's
                            issuer ("iss") picks the secret; an issuer not in the file is
                            ERR_ISSUER_MISMATCH (exit 1). Replaces --api-key, --secret-file
                            and both environment variables. A malformed line is reported by
                            its number only, duplicate keys are refused (exit 3).
  --json                    on success, print JSON as 'decode --json' does (with
                            "computed.verified": true) instead of the summary
  -h, --help                show this help

Examples:
  ${PROG} verify "$TOKEN" --room daily-standup
  curl -s https://example.com/token | ${PROG} verify --json
  ${PROG} verify "$TOKEN" --keys-file /etc/isometrik/keys.yaml`;
