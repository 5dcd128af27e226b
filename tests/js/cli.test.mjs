// The `isometrik-token` command-line tool, as a user gets it: the packed tarball installed in a
// throwaway consumer project, run through node_modules/.bin/isometrik-token with a fixed
// environment (no TTY, so no colours unless FORCE_COLOR) and bounded timeouts. Tokens are
// cross-checked with the library installed in the same consumer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeConsumer, removeConsumer } from './support/package.mjs';

const API_KEY = 'cli-test-key';
// Distinctive, so any leak into the output is found by a plain substring search.
const SECRET = 'cli-secret-Zq7w9Xk2Lm4Np6Rt8Vy0Ab3Cd5Ef';
const OTHER_SECRET = 'other-secret-Hj2Kl4Mn6Pq8Rs0Tu2Vw4Xy6Za';
const RUN_TIMEOUT_MS = 20_000;
const ESC = '\x1b';

let consumer;
let cli;
let lib;
let tmp;

before(
  () => {
    consumer = makeConsumer('cli');
    cli = path.join(consumer, 'node_modules/.bin/isometrik-token');
    lib = createRequire(path.join(consumer, 'package.json'))('isometrik-token');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-cli-'));
  },
  { timeout: 180_000 },
);

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  removeConsumer(consumer);
});

/**
 * Runs the installed bin. `env` entries are added to a fixed environment that holds the test
 * key and secret (an entry set to `undefined` removes it). Asserts that no secret in `secrets`
 * appears in stdout or stderr, and that the process exited by itself.
 */
function run(args, { input = '', env = {}, secrets = [SECRET, OTHER_SECRET] } = {}) {
  const merged = {
    PATH: `${path.dirname(process.execPath)}${path.delimiter}/usr/bin${path.delimiter}/bin`,
    ISOMETRIK_API_KEY: API_KEY,
    ISOMETRIK_API_SECRET: SECRET,
    ...env,
  };
  const result = spawnSync(cli, args, {
    cwd: consumer,
    input,
    encoding: 'utf8',
    timeout: RUN_TIMEOUT_MS,
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)),
  });
  if (result.error) throw result.error;
  assert.equal(result.signal, null, `killed by ${result.signal} (timeout?)`);
  for (const secret of secrets) {
    assert.ok(!result.stdout.includes(secret), 'a secret appeared on stdout');
    assert.ok(!result.stderr.includes(secret), 'a secret appeared on stderr');
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts a failure: the exit code, nothing on stdout, and stderr matching `pattern`. */
function assertFails(result, code, pattern) {
  assert.equal(result.code, code, `exit code (stderr: ${result.stderr})`);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, pattern);
}

/** Asserts success and returns stdout. */
function ok(result) {
  assert.equal(result.code, 0, `exit code (stderr: ${result.stderr})`);
  assert.equal(result.stderr, '');
  return result.stdout;
}

/** Creates a token with the CLI and returns it (the trailing newline checked and removed). */
function cliCreate(args, options) {
  const out = ok(run(['create', ...args], options));
  assert.match(out, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  return out.slice(0, -1);
}

/** A token made with the library, `issuedSecondsAgo` in the past (negative: in the future). */
function libToken({ issuedSecondsAgo = 0, expiresIn = '1h', secret = SECRET, apiKey = API_KEY, ...rest } = {}) {
  return lib.createToken({
    apiKey,
    apiSecret: secret,
    roomId: 'daily-standup',
    participantName: 'alice',
    permissions: { canPublish: true, canSubscribe: true },
    expiresIn,
    currentDate: new Date(Date.now() - issuedSecondsAgo * 1000),
    ...rest,
  });
}

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned-looking token with any header and payload (decode accepts it; verify must not). */
const handMade = (header, payload) => `${b64url(header)}.${b64url(payload)}.${Buffer.alloc(32).toString('base64url')}`;

function secretFile(name, contents) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, contents, { mode: 0o600 });
  return file;
}

describe('package and help', () => {
  test('the installed bin is an executable node script from the package', () => {
    const real = fs.realpathSync(cli);
    assert.equal(real, fs.realpathSync(path.join(consumer, 'node_modules/isometrik-token/bin/cli.mjs')));
    assert.ok(fs.statSync(real).mode & 0o111, 'not executable');
    assert.equal(fs.readFileSync(real, 'utf8').split('\n')[0], '#!/usr/bin/env node');
  });

  test('--version and -v print the package version', () => {
    const { version } = JSON.parse(
      fs.readFileSync(path.join(consumer, 'node_modules/isometrik-token/package.json'), 'utf8'),
    );
    assert.match(version, /^\d+\.\d+\.\d+/);
    assert.equal(ok(run(['--version'])), `${version}\n`);
    assert.equal(ok(run(['-v'])), `${version}\n`);
  });

  test('--help documents the commands, credentials and exit codes', () => {
    const out = ok(run(['--help']));
    for (const text of [
      'Usage: isometrik-token <command>',
      'create',
      'decode',
      'verify',
      'ISOMETRIK_API_SECRET',
      '--secret-file',
      'Exit codes:',
      'NO_COLOR',
    ]) {
      assert.ok(out.includes(text), `global help lacks ${text}`);
    }
    for (const code of [0, 1, 2, 3, 4]) assert.match(out, new RegExp(`^  ${code}  `, 'm'));
    assert.equal(ok(run(['-h'])), out);
    assert.equal(ok(run(['help'])), out);
  });

  test('every command has --help (also as -h and `help <command>`), even next to bad options', () => {
    for (const command of ['create', 'decode', 'verify']) {
      const out = ok(run([command, '--help']));
      assert.ok(out.startsWith(`Usage: isometrik-token ${command}`), out);
      assert.equal(ok(run([command, '-h'])), out);
      assert.equal(ok(run(['help', command])), out);
      assert.equal(ok(run([command, '--bogus', '--help'])), out);
    }
    assert.match(ok(run(['create', '--help'])), /--ttl[\s\S]*--can-remove-participants[\s\S]*--allow-weak-secret/);
    assert.match(ok(run(['decode', '--help'])), /computed[\s\S]*expiresIn[\s\S]*notYetValid/);
    assert.match(ok(run(['verify', '--help'])), /--room[\s\S]*--api-key[\s\S]*--clock-tolerance/);
  });

  test('no command is a usage error (exit 2) with the help on stderr', () => {
    const result = run([]);
    assertFails(result, 2, /Usage: isometrik-token <command>/);
  });

  test('unknown commands and stray global options are usage errors', () => {
    assertFails(run(['sign']), 2, /unknown command "sign"/);
    assertFails(run(['help', 'sign']), 2, /unknown command "sign"/);
    assertFails(run(['--bogus']), 2, /unknown option --bogus/);
    assertFails(run(['--version', 'create']), 2, /options must follow the command/);
  });

  test('npx isometrik-token runs the installed bin', () => {
    const result = spawnSync('npm', ['exec', '--offline', '--no', '--', 'isometrik-token', '--version'], {
      cwd: consumer,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^\d+\.\d+\.\d+/);
  });
});

describe('argument parsing (strict)', () => {
  test('an unknown flag is exit 2 for every command, naming the flag but never its value', () => {
    for (const command of ['create', 'decode', 'verify']) {
      const result = run([command, '--frobnicate=value-not-echoed-123']);
      assertFails(result, 2, /unknown option --frobnicate/);
      assert.ok(!result.stderr.includes('value-not-echoed-123'));
      assert.match(result.stderr, new RegExp(`isometrik-token ${command} --help`));
    }
    assertFails(run(['create', '-x']), 2, /unknown option -x/);
  });

  test('a missing option value and a value given to a boolean flag are exit 2', () => {
    assertFails(run(['create', '--identity', 'a', '--room']), 2, /--room/);
    assertFails(run(['create', '--room', 'r', '--identity', 'a', '--can-publish=yes']), 2, /--can-publish/);
    assertFails(run(['decode', '--json=1', 'x.y.z']), 2, /--json/);
  });

  test('a stray argument to create is refused without being echoed (it may be a secret)', () => {
    const result = run(['create', '--room', 'r', '--identity', 'a', 'pasted-secret-value-0123456789']);
    assertFails(result, 2, /create takes only options, but got 1 other argument/);
    assert.ok(!result.stderr.includes('pasted-secret-value'));
  });

  test('decode and verify take at most one token', () => {
    const token = libToken();
    assertFails(run(['decode', token, token]), 2, /expected one token, got 2/);
    assertFails(run(['verify', token, token]), 2, /expected one token, got 2/);
  });
});

describe('secrets never on the command line', () => {
  const VALUE = 'typed-on-the-command-line-Qx81Zr55';
  const forms = [
    ['--secret', VALUE],
    [`--secret=${VALUE}`],
    ['--api-secret', VALUE],
    [`--apiSecret=${VALUE}`],
    [`--ISOMETRIK_API_SECRET=${VALUE}`],
    // Not an option name followed by `=`: the whole argument may be the secret (issue 13).
    [`--secret:${VALUE}`],
    [`--api-secret:${VALUE}`],
    [`--secret${VALUE}`],
    [`--secret ${VALUE}`],
    [`-secret=${VALUE}`],
  ];

  for (const command of ['create', 'verify', 'decode']) {
    test(`${command} refuses a secret flag, explains why, and does not echo the value`, () => {
      for (const form of forms) {
        const args =
          command === 'create' ? ['create', '--room', 'r', '--identity', 'a', ...form] : [command, ...form, libToken()];
        const result = run(args, { secrets: [SECRET, VALUE] });
        assertFails(result, 2, /must not be given on the command line/);
        assert.match(result.stderr, /process list/);
        assert.match(result.stderr, /ISOMETRIK_API_SECRET/);
        assert.match(result.stderr, /--secret-file/);
      }
    });
  }

  test('only a recognised option name is repeated; anything else is "an option that looks like a secret"', () => {
    const said = (arg) =>
      /refusing (.*?): the API secret/.exec(run(['create', arg], { secrets: [SECRET, VALUE, 'hunter2'] }).stderr)?.[1];
    assert.equal(said(`--secret=${VALUE}`), '--secret');
    assert.equal(said(`--api-secret=${VALUE}`), '--api-secret');
    assert.equal(said(`--apiSecret=${VALUE}`), '--apiSecret');
    assert.equal(said('--ISOMETRIK_API_SECRET'), '--ISOMETRIK_API_SECRET');
    for (const arg of [
      '--secret:hunter2',
      '--api-secret:hunter2',
      '--secrethunter2',
      '--secret hunter2',
      '--hunter2secret',
      '--secret-file:hunter2',
      '--secret\u212Aey=hunter2',
    ]) {
      assert.equal(said(arg), 'an option that looks like a secret (argument 2)', arg);
    }
  });

  test('the check also holds before the command', () => {
    assertFails(run(['--secret', VALUE, 'create'], { secrets: [VALUE] }), 2, /refusing --secret/);
  });

  test('after `--` nothing is an option, so a token that starts with a dash is not taken for a flag', () => {
    // The token is garbage, so decode reports it as malformed (exit 1), not as a refused flag (exit 2).
    assertFails(run(['decode', '--', '--secret']), 1, /ERR_MALFORMED_TOKEN/);
  });
});

describe('create', () => {
  test('prints a token that the library verifies, with exactly the claims asked for', () => {
    const token = cliCreate([
      '--room',
      'daily-standup',
      '--identity',
      'alice',
      '--name',
      'Alice Liddell',
      '--metadata',
      '{"role":"host"}',
      '--ttl',
      '45m',
      '--can-publish',
      '--can-subscribe',
      '--can-update-metadata',
    ]);
    const claims = lib.verifyToken(token, { apiSecret: SECRET, apiKey: API_KEY, roomId: 'daily-standup' });
    assert.equal(claims.iss, API_KEY);
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.room, 'daily-standup');
    assert.equal(claims.name, 'Alice Liddell');
    assert.equal(claims.metadata, '{"role":"host"}');
    assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
    assert.equal(claims.exp - claims.iat, 45 * 60);
    assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 60);
    assert.deepEqual(lib.decodeTokenHeader(token), { alg: 'HS256', typ: 'JWT' });
  });

  test('each permission flag grants exactly its permission; none are granted by default', () => {
    for (const name of lib.PERMISSIONS) {
      const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const token = cliCreate(['--room', 'r', '--identity', 'a', flag]);
      assert.deepEqual(lib.decodeToken(token).permissions, { [name]: true }, flag);
    }
    const none = cliCreate(['--room', 'r', '--identity', 'a']);
    assert.deepEqual(lib.decodeToken(none).permissions ?? {}, {});
  });

  test('--permissions takes short, kebab and wire names, repeated and mixed with flags', () => {
    const token = cliCreate([
      '--room',
      'r',
      '--identity',
      'a',
      '--permissions',
      'publish, canSubscribe',
      '--permissions',
      'update-room',
      '--can-remove-participants',
    ]);
    assert.deepEqual(lib.decodeToken(token).permissions, {
      canPublish: true,
      canSubscribe: true,
      canUpdateRoom: true,
      canRemoveParticipants: true,
    });
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--permissions', 'publish,fly']),
      2,
      /unknown permission "fly".*allowed: publish, subscribe, update-metadata, update-room, remove-participants/,
    );
  });

  test('--ttl: default 1 h, duration strings, bare seconds; out of range or malformed is exit 2', () => {
    const ttl = (args) => {
      const claims = lib.decodeToken(cliCreate(['--room', 'r', '--identity', 'a', ...args]));
      return claims.exp - claims.iat;
    };
    assert.equal(ttl([]), 3600);
    assert.equal(ttl(['--ttl', '90s']), 90);
    assert.equal(ttl(['--ttl', '2 hours']), 7200);
    assert.equal(ttl(['--ttl', '1.5h']), 5400);
    assert.equal(ttl(['--ttl', '120']), 120);
    assertFails(run(['create', '--room', 'r', '--identity', 'a', '--ttl', '48h']), 2, /--ttl: .*maximum/);
    assertFails(run(['create', '--room', 'r', '--identity', 'a', '--ttl', 'forever']), 2, /error: --ttl: /);
    assertFails(run(['create', '--room', 'r', '--identity', 'a', '--ttl', '0']), 2, /error: --ttl: /);
  });

  test('missing or invalid token options are exit 2 and name the flag', () => {
    assertFails(run(['create', '--identity', 'a']), 2, /--room is required/);
    assertFails(run(['create', '--room', 'r']), 2, /--identity is required/);
    assertFails(run(['create', '--room', ' ', '--identity', 'a']), 2, /error: --room: .*must not be empty or blank/);
    assertFails(run(['create', '--room', 'r', '--identity', 'a\tb']), 2, /error: --identity: /);
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--metadata', 'x'.repeat(9000)]),
      2,
      /error: --metadata: /,
    );
  });

  test('every option error names the flag or variable the user set, never the library option', () => {
    const token = libToken();
    const create = ['create', '--room', 'r', '--identity', 'a'];
    // [arguments, environment, exit code, what the user typed, the library's name for it]
    const cases = [
      [[...create, '--ttl', '48h'], {}, 2, '--ttl', 'expiresIn'],
      [[...create, '--ttl', 'forever'], {}, 2, '--ttl', 'expiresIn'],
      [[...create, '--ttl', '0'], {}, 2, '--ttl', 'expiresIn'],
      [['create', '--room', ' ', '--identity', 'a'], {}, 2, '--room', 'roomId'],
      [['create', '--room', 'r', '--identity', 'a\tb'], {}, 2, '--identity', 'participantName'],
      [[...create, '--name', ' '], {}, 2, '--name', '`name`'],
      [[...create, '--metadata', 'x'.repeat(9000)], {}, 2, '--metadata', '`metadata`'],
      [[...create, '--api-key', 'has space'], {}, 3, '--api-key', 'apiKey'],
      [create, { ISOMETRIK_API_KEY: 'has space' }, 3, 'ISOMETRIK_API_KEY', 'apiKey'],
      [['verify', '--clock-tolerance', '2h', token], {}, 2, '--clock-tolerance', 'clockTolerance'],
      [['verify', '--clock-tolerance', 'soon', token], {}, 2, '--clock-tolerance', 'clockTolerance'],
    ];
    for (const [args, env, code, typed, libraryName] of cases) {
      const result = run(args, { env });
      assertFails(result, code, /error: /);
      assert.ok(result.stderr.includes(typed), `${args.join(' ')}: does not name ${typed}: ${result.stderr}`);
      assert.ok(!result.stderr.includes(libraryName), `${args.join(' ')}: names ${libraryName}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /invalid option `/, `${args.join(' ')}: the library's wording`);
    }
  });

  test('no secret or no API key is exit 3, pointing at the environment variables', () => {
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a'], { env: { ISOMETRIK_API_SECRET: undefined } }),
      3,
      /no API secret: set ISOMETRIK_API_SECRET or pass --secret-file/,
    );
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a'], { env: { ISOMETRIK_API_SECRET: '' } }),
      3,
      /no API secret/,
    );
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a'], { env: { ISOMETRIK_API_KEY: undefined } }),
      3,
      /no API key: set ISOMETRIK_API_KEY or pass --api-key/,
    );
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--api-key', 'has space']),
      3,
      /the API key \(--api-key\): /,
    );
  });

  test('--api-key overrides ISOMETRIK_API_KEY', () => {
    const token = cliCreate(['--room', 'r', '--identity', 'a', '--api-key', 'explicit-key']);
    assert.equal(lib.verifyToken(token, { apiSecret: SECRET }).iss, 'explicit-key');
  });

  test('a weak secret is exit 3 unless --allow-weak-secret', () => {
    const weak = 'short-dev-secret';
    const args = ['--room', 'r', '--identity', 'a'];
    assertFails(
      run(['create', ...args], { env: { ISOMETRIK_API_SECRET: weak }, secrets: [weak] }),
      3,
      /weak secret[\s\S]*--allow-weak-secret/,
    );
    const token = cliCreate([...args, '--allow-weak-secret'], { env: { ISOMETRIK_API_SECRET: weak }, secrets: [weak] });
    assert.equal(lib.verifyToken(token, { apiSecret: weak, allowWeakSecret: true }).sub, 'a');
  });
});

describe('--secret-file', () => {
  test('reads the secret from a file (one trailing newline dropped) and overrides the environment', () => {
    const file = secretFile('secret.txt', `${OTHER_SECRET}\n`);
    const token = cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', file]);
    assert.equal(lib.verifyToken(token, { apiSecret: OTHER_SECRET }).sub, 'a');
    assert.throws(() => lib.verifyToken(token, { apiSecret: SECRET }), { code: 'ERR_BAD_SIGNATURE' });
    const crlf = secretFile('secret-crlf.txt', `${OTHER_SECRET}\r\n`);
    assert.equal(ok(run(['verify', token, '--secret-file', crlf])).startsWith('OK'), true);
  });

  test("'-' reads the secret from stdin; binary secrets work", () => {
    const token = cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', '-'], {
      input: `${OTHER_SECRET}\n`,
      env: { ISOMETRIK_API_SECRET: undefined },
    });
    assert.equal(lib.verifyToken(token, { apiSecret: OTHER_SECRET }).sub, 'a');

    const bytes = Uint8Array.from({ length: 48 }, (_, i) => (i * 37 + 11) & 0xff);
    const file = secretFile('secret.bin', bytes);
    const binary = cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', file]);
    assert.equal(lib.verifyToken(binary, { apiSecret: bytes }).sub, 'a');
    assert.match(ok(run(['verify', binary, '--secret-file', file])), /^OK/);
  });

  test('an unreadable or empty secret file is exit 3, and the path is not echoed', () => {
    const missing = path.join(tmp, 'maybe-a-secret-typed-as-a-path');
    const result = run(['create', '--room', 'r', '--identity', 'a', '--secret-file', missing]);
    assertFails(result, 3, /cannot read the --secret-file: no such file/);
    assert.ok(!result.stderr.includes('maybe-a-secret'));
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--secret-file', tmp]),
      3,
      /cannot read the --secret-file/,
    );
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--secret-file', secretFile('empty', '\n')]),
      3,
      /secret file is empty/,
    );
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--secret-file', '-'], { input: '' }),
      3,
      /secret on stdin is empty/,
    );
    // Reads are bounded (a path to something endless, such as /dev/zero, ends too).
    const huge = secretFile('huge', Buffer.alloc((1 << 20) + 1, 0x61));
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--secret-file', huge]),
      3,
      /the --secret-file is larger than 1048576 bytes/,
    );
  });
});

describe('secret and keys files other users may write to', { skip: process.platform === 'win32' }, () => {
  test('a group- or world-writable --secret-file is refused (exit 3) without echoing the path; 0600/0644 are fine', () => {
    const file = secretFile('secret-perm-maybe-a-secret.txt', `${OTHER_SECRET}\n`);
    const args = ['create', '--room', 'r', '--identity', 'a', '--secret-file', file];
    for (const mode of [0o666, 0o622, 0o602, 0o620]) {
      fs.chmodSync(file, mode);
      const result = run(args);
      assertFails(
        result,
        3,
        new RegExp(
          `refusing the --secret-file: users other than its owner may write to it \\(mode 0${mode.toString(8)}\\)`,
        ),
      );
      assert.match(result.stderr, /chmod go-w/);
      assert.ok(!result.stderr.includes('maybe-a-secret'), 'the path was echoed');
    }
    for (const mode of [0o600, 0o400, 0o640, 0o644]) {
      fs.chmodSync(file, mode);
      assert.equal(lib.verifyToken(cliCreate(args.slice(1)), { apiSecret: OTHER_SECRET }).sub, 'a', mode.toString(8));
    }
    // The target of a link is what counts.
    fs.chmodSync(file, 0o666);
    const link = path.join(tmp, 'secret-link');
    fs.symlinkSync(file, link);
    assertFails(
      run(['create', '--room', 'r', '--identity', 'a', '--secret-file', link]),
      3,
      /refusing the --secret-file/,
    );
    // A pipe (`--secret-file -`, or <(...)) is not a file anyone else can write.
    assert.ok(cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', '-'], { input: OTHER_SECRET }));
  });

  test('verify checks the --secret-file the same way', () => {
    const file = secretFile('secret-perm-verify.txt', OTHER_SECRET);
    fs.chmodSync(file, 0o646);
    assertFails(
      run(['verify', libToken({ secret: OTHER_SECRET }), '--secret-file', file]),
      3,
      /refusing the --secret-file/,
    );
  });
});

/** Gives `file` (a link itself, not its target) to `uid`: as root, else by passwordless sudo (CI runners). */
function chownTo(file, uid) {
  if (process.getuid?.() === 0) return fs.lchownSync(file, uid, uid);
  const result = spawnSync('sudo', ['-n', 'chown', '-h', `${uid}:${uid}`, file], { encoding: 'utf8' });
  assert.equal(result.status, 0, `chown needs root or passwordless sudo: ${result.stderr}`);
}

const NOBODY = 65534;

describe('credentials files as OpenSSH StrictModes: owner and parent directories', {
  skip: process.platform === 'win32',
}, () => {
  const create = (file) => run(['create', '--room', 'r', '--identity', 'a', '--secret-file', file]);

  test('a --secret-file or --keys-file owned by another user is refused, whatever its mode; the path is not echoed', () => {
    const secret = secretFile('owned-by-nobody-secret.txt', `${OTHER_SECRET}\n`);
    chownTo(secret, NOBODY);
    const refused = create(secret);
    assertFails(
      refused,
      3,
      /refusing the --secret-file: it is owned by another user \(uid 65534\), not by you or root, so they could replace the secret/,
    );
    assert.ok(!refused.stderr.includes('owned-by-nobody'), 'the path was echoed');
    const keys = path.join(tmp, 'owned-by-nobody-keys.yaml');
    fs.writeFileSync(keys, `cli-test-key: ${SECRET}\n`, { mode: 0o644 });
    fs.chmodSync(keys, 0o644);
    chownTo(keys, NOBODY);
    assertFails(
      run(['verify', libToken(), '--keys-file', keys]),
      3,
      /refusing the --keys-file: it is owned by another user \(uid 65534\)/,
    );
    // The same files, given back to this user, are fine.
    chownTo(secret, process.getuid());
    chownTo(keys, process.getuid());
    assert.equal(
      lib.verifyToken(cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', secret]), {
        apiSecret: OTHER_SECRET,
      }).sub,
      'a',
    );
    assert.match(ok(run(['verify', libToken(), '--keys-file', keys])), /^OK/);
  });

  test('a directory on the path that others may write to, or that another user owns, is refused and named', () => {
    const dir = path.join(tmp, 'shared-dir');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'secret.txt');
    fs.writeFileSync(file, OTHER_SECRET, { mode: 0o600 });
    for (const mode of [0o775, 0o757, 0o777]) {
      fs.chmodSync(dir, mode);
      const result = create(file);
      assertFails(
        result,
        3,
        new RegExp(
          `refusing the --secret-file: users other than its owner may write to the directory "${dir.replaceAll('/', '\\/')}" on its path \\(mode 0${mode.toString(8)}\\)`,
        ),
      );
      assert.match(result.stderr, /chmod go-w/);
    }
    // Also through a link from a safe place: the real path is what counts.
    const link = path.join(tmp, 'link-to-shared');
    fs.symlinkSync(file, link);
    assertFails(create(link), 3, /may write to the directory ".*shared-dir" on its path/);
    fs.chmodSync(dir, 0o755);
    assert.ok(cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', link]));
    // A link in a directory others may write (they could point it at another file): refused,
    // though its target is safe; and a link, or a linked directory, that another user owns.
    const open = path.join(tmp, 'open-dir');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    fs.symlinkSync(file, path.join(open, 'link'));
    assertFails(
      create(path.join(open, 'link')),
      3,
      /may write to the directory ".*open-dir" on its path \(mode 0777\)/,
    );
    const theirs = path.join(tmp, 'their-link');
    fs.symlinkSync(file, theirs);
    chownTo(theirs, NOBODY);
    assertFails(create(theirs), 3, /refusing the --secret-file: it is a link owned by another user \(uid 65534\)/);
    const theirDir = path.join(tmp, 'their-dir-link');
    fs.symlinkSync(dir, theirDir);
    chownTo(theirDir, NOBODY);
    assertFails(
      create(path.join(theirDir, 'secret.txt')),
      3,
      /the link ".*their-dir-link" on its path is owned by another user/,
    );
    chownTo(dir, NOBODY);
    assertFails(create(file), 3, /the directory ".*shared-dir" on its path is owned by another user \(uid 65534\)/);
    chownTo(dir, process.getuid());
    assert.ok(cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', file]));
  });

  test('a sticky world-writable directory (as /tmp, or a Kubernetes secret volume) is accepted; a pipe has no directory', () => {
    const dir = path.join(tmp, 'sticky');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o1777);
    const file = path.join(dir, 'secret.txt');
    fs.writeFileSync(file, OTHER_SECRET, { mode: 0o644 });
    assert.equal(
      lib.verifyToken(cliCreate(['--room', 'r', '--identity', 'a', '--secret-file', file]), { apiSecret: OTHER_SECRET })
        .sub,
      'a',
    );
    // ... but the file in it must still be this user's or root's.
    chownTo(file, NOBODY);
    assertFails(create(file), 3, /it is owned by another user/);
    // A pipe from bash's <(...): owner and mode are the pipe's, and it has no directory to walk.
    const piped = spawnSync('bash', ['-c', `"$CLI" create --room r --identity a --secret-file <(printf %s "$S")`], {
      cwd: consumer,
      encoding: 'utf8',
      timeout: RUN_TIMEOUT_MS,
      env: {
        PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
        CLI: cli,
        S: OTHER_SECRET,
        ISOMETRIK_API_KEY: API_KEY,
      },
    });
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(lib.verifyToken(piped.stdout.trim(), { apiSecret: OTHER_SECRET }).sub, 'a');
    // A directory is not a credentials file.
    assertFails(create(tmp), 3, /cannot read the --secret-file: it is a directory/);
  });
});

describe('decode', () => {
  test('shows header, claims with ISO dates and relative times, and permissions; no colours off a TTY', () => {
    const token = libToken({ name: 'Alice', metadata: 'm1', expiresIn: '45m' });
    const claims = lib.decodeToken(token);
    const out = ok(run(['decode', token]));
    assert.ok(!out.includes(ESC), 'colour codes without a TTY');
    assert.match(out, /^Header\n {2}alg {2}HS256\n {2}typ {2}JWT\n/);
    assert.match(out, /^ {2}iss +cli-test-key {2}\(API key\)$/m);
    assert.match(out, /^ {2}sub +alice {2}\(identity\)$/m);
    assert.match(out, /^ {2}room +daily-standup$/m);
    assert.match(out, /^ {2}name +Alice$/m);
    const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    assert.match(out, new RegExp(`^  exp +${iso(claims.exp)}  expires in (44|45) min$`, 'm'));
    assert.match(out, new RegExp(`^  iat +${iso(claims.iat)}  issued (just now|\\d+ s ago)$`, 'm'));
    assert.match(out, /^ {2}canPublish +yes$/m);
    assert.match(out, /^ {2}canSubscribe +yes$/m);
    assert.match(out, /^ {2}canUpdateRoom +no \(not set\)$/m);
    assert.match(out, /Not verified/);
  });

  test('an expired or future token is decoded (exit 0) with "expired … ago" / "not valid for another …"', () => {
    const out = ok(run(['decode', libToken({ issuedSecondsAgo: 4 * 3600 })]));
    assert.match(out, /^ {2}exp +\S+ {2}expired 3 h ago$/m);
    assert.match(out, /^ {2}iat +\S+ {2}issued 4 h ago$/m);
    const future = ok(run(['decode', libToken({ issuedSecondsAgo: -600 })]));
    assert.match(future, /^ {2}nbf +\S+ {2}not valid for another 10 min$/m);
  });

  test("--json prints {header, payload, computed}; header and payload equal the library's", () => {
    const token = cliCreate([
      '--room',
      'r1',
      '--identity',
      'bob',
      '--metadata',
      '{"a":1}',
      '--ttl',
      '10m',
      '--permissions',
      'subscribe',
    ]);
    const doc = JSON.parse(ok(run(['decode', '--json', token])));
    assert.deepEqual(Object.keys(doc), ['header', 'payload', 'computed']);
    assert.deepEqual(doc.header, lib.decodeTokenHeader(token));
    assert.deepEqual(doc.payload, lib.decodeToken(token));
    assert.equal(doc.payload.iss, API_KEY);
    assert.equal(doc.payload.sub, 'bob');
    assert.equal(doc.payload.room, 'r1');
    assert.equal(doc.payload.metadata, '{"a":1}');
    assert.deepEqual(doc.payload.permissions, { canSubscribe: true });
    const { computed } = doc;
    const iso = (s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
    assert.equal(computed.verified, false);
    assert.equal(computed.issuedAt, iso(doc.payload.iat));
    assert.equal(computed.notBefore, iso(doc.payload.nbf));
    assert.equal(computed.expiresAt, iso(doc.payload.exp));
    assert.ok(computed.expiresIn > 540 && computed.expiresIn <= 600, String(computed.expiresIn));
    assert.equal(computed.expired, false);
    assert.equal(computed.notYetValid, false);
    assert.ok(Math.abs(Date.parse(computed.now) - Date.now()) < 60_000);
    assert.deepEqual(computed.permissions, {
      canPublish: false,
      canSubscribe: true,
      canUpdateMetadata: false,
      canUpdateRoom: false,
      canRemoveParticipants: false,
    });
  });

  test('--json of an expired token and of a token without valid times', () => {
    const expired = JSON.parse(ok(run(['decode', '--json', libToken({ issuedSecondsAgo: 7200 })])));
    assert.equal(expired.computed.expired, true);
    assert.ok(expired.computed.expiresIn < -3000);
    const odd = JSON.parse(
      ok(run(['decode', '--json', handMade({ alg: 'HS256' }, { sub: 'x', exp: 'soon', permissions: 3 })])),
    );
    assert.deepEqual(odd.payload, { sub: 'x', exp: 'soon', permissions: 3 });
    assert.equal(odd.computed.expiresAt, null);
    assert.equal(odd.computed.expiresIn, null);
    assert.equal(odd.computed.expired, null);
    assert.equal(odd.computed.issuedAt, null);
    assert.equal(Object.values(odd.computed.permissions).some(Boolean), false);
  });

  test('reads the token from stdin with "-" or when no argument is given', () => {
    const token = libToken();
    const expected = ok(run(['decode', '--json', token]));
    const strip = (text) => text.replace(/"now": "[^"]+"|"expiresIn": -?\d+/g, '');
    assert.equal(strip(ok(run(['decode', '--json', '-'], { input: `  ${token}\n` }))), strip(expected));
    assert.equal(strip(ok(run(['decode', '--json'], { input: `${token}\n` }))), strip(expected));
    assertFails(run(['decode'], { input: '' }), 2, /no token on stdin/);
    assertFails(run(['decode', '-'], { input: ' \n' }), 2, /no token on stdin/);
  });

  test('a malformed token is exit 1 with its code', () => {
    assertFails(run(['decode', 'not-a-token']), 1, /invalid token \(ERR_MALFORMED_TOKEN\)/);
    assertFails(run(['decode', '--json', 'a.b']), 1, /ERR_MALFORMED_TOKEN/);
    assertFails(run(['decode', `${'a'.repeat(20_000)}.b.c`]), 1, /ERR_TOKEN_TOO_LARGE/);
  });

  test('decodes foreign tokens (any alg) and shows unknown claims and permissions', () => {
    const token = handMade({ alg: 'RS256', kid: 'k1' }, { sub: 'x', aud: ['a', 'b'], permissions: { canFly: true } });
    const out = ok(run(['decode', token]));
    assert.match(out, /^ {2}alg {2}RS256$/m);
    assert.match(out, /^ {2}kid {2}k1$/m);
    assert.match(out, /^ {2}aud +\["a","b"\]$/m);
    assert.match(out, /^ {2}canFly +yes$/m);
  });

  test('terminal control characters in a token are escaped, never printed raw', () => {
    const hostile = handMade(
      { alg: 'HS256', [`x${ESC}[2J`]: 1 },
      { sub: `evil${ESC}]0;title\x07`, room: 'r\u202etxt.exe', name: 'a\u0085b', exp: 1 },
    );
    const out = ok(run(['decode', hostile]));
    for (const raw of [ESC, '\x07', '\u202e', '\u0085']) assert.ok(!out.includes(raw), `raw ${JSON.stringify(raw)}`);
    assert.match(out, /sub +"evil\\u001b\]0;title\\u0007"/);
    assert.match(out, /room +"r\\u202etxt\.exe"/);
    // metadata may hold anything, even in a genuinely signed token
    const signed = libToken({ metadata: `${ESC}[31mred` });
    assert.ok(!ok(run(['decode', signed])).includes(ESC));
  });

  test('--json escapes what a terminal would act on (bidi, C1, NEL, U+2028), and still parses to the same values', () => {
    const raw = [
      '\u202e',
      '\u2066',
      '\u2069',
      '\u200f',
      '\u061c',
      '\u009b',
      '\u0085',
      '\u2028',
      '\u2029',
      '\u007f',
      ESC,
    ];
    const hostile = handMade(
      { alg: 'HS256', 'k\u202e': '\u2066x\u2069' },
      {
        sub: `a\u202eb`,
        room: 'r\u0085\u2028\u2029',
        name: `\u009b31m${ESC}[2J\u007f`,
        meta: ['\u200f\u061c'],
        exp: 1,
      },
    );
    const out = ok(run(['decode', '--json', hostile]));
    for (const c of raw) assert.ok(!out.includes(c), `raw U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const doc = JSON.parse(out);
    assert.deepEqual(doc.header, lib.decodeTokenHeader(hostile));
    assert.deepEqual(doc.payload, lib.decodeToken(hostile));
    assert.match(out, /"sub": "a\\u202eb"/);
    assert.match(out, /"room": "r\\u0085\\u2028\\u2029"/);
    // verify --json too (a signed token can carry anything in metadata).
    const signed = libToken({ metadata: 'x\u202ey\u0085\u2028' });
    const verified = ok(run(['verify', '--json', signed]));
    for (const c of raw) assert.ok(!verified.includes(c));
    assert.deepEqual(JSON.parse(verified).payload, lib.decodeToken(signed));
  });

  test('colours: FORCE_COLOR forces them, NO_COLOR and FORCE_COLOR=0 keep them off', () => {
    const token = libToken();
    assert.ok(ok(run(['decode', token], { env: { FORCE_COLOR: '1' } })).includes(`${ESC}[`));
    assert.ok(ok(run(['verify', token], { env: { FORCE_COLOR: '1' } })).includes(`${ESC}[`));
    assert.ok(!ok(run(['decode', token], { env: { NO_COLOR: '1' } })).includes(ESC));
    assert.ok(!ok(run(['decode', token], { env: { FORCE_COLOR: '0' } })).includes(ESC));
    assert.ok(!run(['decode', 'bad'], { env: { NO_COLOR: '1' } }).stderr.includes(ESC));
  });
});

describe('verify', () => {
  test('a valid token: exit 0 and a short OK summary', () => {
    const out = ok(run(['verify', libToken({ expiresIn: '30m' })]));
    assert.match(out, /^OK: valid token for identity "alice" in room "daily-standup" \(issuer "cli-test-key"\)\n/);
    assert.match(out, /expires in (29|30) min \(\d{4}-\d\d-\d\dT[\d:]+Z\); permissions: canPublish, canSubscribe\n$/);
  });

  test('a token created by the CLI verifies with the CLI, from an argument or stdin', () => {
    const token = cliCreate(['--room', 'r', '--identity', 'a']);
    assert.match(ok(run(['verify', token])), /^OK: .*permissions: none$/ms);
    assert.match(ok(run(['verify', '-'], { input: `${token}\n` })), /^OK/);
    assert.match(ok(run(['verify'], { input: token })), /^OK/);
    assertFails(run(['verify'], { input: '' }), 2, /no token on stdin/);
  });

  test('--json prints the decode shape with computed.verified true', () => {
    const token = libToken();
    const doc = JSON.parse(ok(run(['verify', '--json', token])));
    assert.deepEqual(doc.header, lib.decodeTokenHeader(token));
    assert.deepEqual(doc.payload, lib.verifyToken(token, { apiSecret: SECRET }));
    assert.equal(doc.computed.verified, true);
    assert.equal(doc.computed.expired, false);
    assert.equal(doc.computed.permissions.canPublish, true);
  });

  test('--room and --api-key must match (exit 1 with ERR_ROOM_MISMATCH / ERR_ISSUER_MISMATCH)', () => {
    const token = libToken();
    assert.match(ok(run(['verify', token, '--room', 'daily-standup', '--api-key', API_KEY])), /^OK/);
    assertFails(
      run(['verify', token, '--room', 'other-room']),
      1,
      /invalid token \(ERR_ROOM_MISMATCH\): the token is for room "daily-standup", not "other-room"/,
    );
    assertFails(
      run(['verify', token, '--api-key', 'other-key']),
      1,
      /invalid token \(ERR_ISSUER_MISMATCH\): .*"cli-test-key", not "other-key"/,
    );
  });

  test('ISOMETRIK_API_KEY, when set, is the expected issuer', () => {
    const foreign = libToken({ apiKey: 'another-key' });
    assertFails(run(['verify', foreign]), 1, /ERR_ISSUER_MISMATCH/);
    assert.match(ok(run(['verify', foreign], { env: { ISOMETRIK_API_KEY: undefined } })), /issuer "another-key"/);
    assert.match(ok(run(['verify', foreign, '--api-key', 'another-key'])), /^OK/);
  });

  test('an expired token is exit 1 with ERR_EXPIRED and when it expired; --clock-tolerance widens the window', () => {
    const token = libToken({ issuedSecondsAgo: 3 * 3600 });
    const result = run(['verify', token]);
    assertFails(result, 1, /invalid token \(ERR_EXPIRED\): the token expired 2 h ago \(exp \d{4}-[\d-]+T[\d:]+Z\)/);
    const recent = libToken({ issuedSecondsAgo: 3600 + 120, expiresIn: '1h' });
    assertFails(run(['verify', recent]), 1, /ERR_EXPIRED/);
    assert.match(ok(run(['verify', recent, '--clock-tolerance', '5m'])), /^OK: .*\n.*expired 2 min ago/);
    assert.match(ok(run(['verify', recent, '--clock-tolerance', '300'])), /^OK/);
    assertFails(run(['verify', recent, '--clock-tolerance', '2h']), 2, /error: --clock-tolerance: .*3600/);
    assertFails(run(['verify', recent, '--clock-tolerance', 'lots']), 2, /error: --clock-tolerance: /);
  });

  test('a token not valid yet is exit 1 with ERR_NOT_YET_VALID', () => {
    assertFails(
      run(['verify', libToken({ issuedSecondsAgo: -600 })]),
      1,
      /invalid token \(ERR_NOT_YET_VALID\): the token is not valid for another 10 min/,
    );
  });

  test('a tampered token or a wrong secret is exit 1 with ERR_BAD_SIGNATURE', () => {
    const token = libToken();
    const [header, , signature] = token.split('.');
    const payload = { ...lib.decodeToken(token), room: 'admin-room' };
    const tampered = `${header}.${b64url(payload)}.${signature}`;
    assertFails(run(['verify', tampered]), 1, /invalid token \(ERR_BAD_SIGNATURE\): the signature does not match/);
    const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    assertFails(run(['verify', flipped]), 1, /ERR_BAD_SIGNATURE/);
    assertFails(run(['verify', token], { env: { ISOMETRIK_API_SECRET: OTHER_SECRET } }), 1, /ERR_BAD_SIGNATURE/);
  });

  test('other algorithms and malformed tokens are refused with their codes', () => {
    const none = `${b64url({ alg: 'none' })}.${b64url(lib.decodeToken(libToken()))}.`;
    // The MAC is checked before the header is read: an unsigned token fails it first.
    assertFails(run(['verify', none]), 1, /ERR_BAD_SIGNATURE/);
    // Signed with the right secret (so the MAC passes), but the header says HS512.
    const hs512 = handMade({ alg: 'HS512' }, { sub: 'x' }).split('.').slice(0, 2).join('.');
    const mac = createHmac('sha256', SECRET).update(hs512).digest('base64url');
    assertFails(run(['verify', `${hs512}.${mac}`]), 1, /ERR_UNSUPPORTED_ALG/);
    assertFails(run(['verify', 'x.y']), 1, /ERR_MALFORMED_TOKEN/);
  });

  test('credentials: no secret is exit 3; a weak one needs --allow-weak-secret', () => {
    const token = libToken();
    assertFails(run(['verify', token], { env: { ISOMETRIK_API_SECRET: undefined } }), 3, /no API secret/);
    const weak = 'short-dev-secret';
    const weakToken = libToken({ secret: weak, allowWeakSecret: true });
    assertFails(run(['verify', weakToken], { env: { ISOMETRIK_API_SECRET: weak }, secrets: [weak] }), 3, /weak secret/);
    assert.match(
      ok(run(['verify', weakToken, '--allow-weak-secret'], { env: { ISOMETRIK_API_SECRET: weak }, secrets: [weak] })),
      /^OK/,
    );
  });

  test('--secret-file - and a token on stdin cannot share stdin', () => {
    const token = libToken({ secret: OTHER_SECRET });
    assertFails(run(['verify', '--secret-file', '-'], { input: OTHER_SECRET }), 2, /stdin cannot carry both/);
    assertFails(run(['verify', '-', '--secret-file', '-'], { input: OTHER_SECRET }), 2, /stdin cannot carry both/);
    assert.match(ok(run(['verify', token, '--secret-file', '-'], { input: `${OTHER_SECRET}\n` })), /^OK/);
  });
});

describe('verify --keys-file (several API keys, e.g. during a secret rotation)', () => {
  const OLD_KEY = 'APIold';
  const NEW_KEY = 'APInew';
  const keysFile = (name, text, mode = 0o600) => {
    const file = secretFile(name, text);
    fs.chmodSync(file, mode);
    return file;
  };
  const file = () =>
    keysFile(
      'keys.yaml',
      [
        '# rotated 2026-11-30: APIold goes once its last tokens expire',
        '',
        `${OLD_KEY}: ${SECRET}`,
        `  ${NEW_KEY}:   '${OTHER_SECRET}'   # the new one`,
        '',
      ].join('\n'),
    );

  test('tokens of either key verify; the issuer picks the secret; ISOMETRIK_API_KEY/SECRET play no part', () => {
    const keys = file();
    const oldToken = libToken({ apiKey: OLD_KEY, secret: SECRET });
    const newToken = libToken({ apiKey: NEW_KEY, secret: OTHER_SECRET });
    assert.match(ok(run(['verify', oldToken, '--keys-file', keys])), /^OK: .*\(issuer "APIold"\)/);
    assert.match(ok(run(['verify', newToken, '--keys-file', keys])), /^OK: .*\(issuer "APInew"\)/);
    const env = { ISOMETRIK_API_KEY: undefined, ISOMETRIK_API_SECRET: undefined };
    assert.match(ok(run(['verify', newToken, '--keys-file', keys], { env })), /^OK/);
    const doc = JSON.parse(ok(run(['verify', '--json', newToken, '--keys-file', keys])));
    assert.equal(doc.computed.verified, true);
    assert.deepEqual(doc.payload, lib.decodeToken(newToken));
    // From stdin, with the token as an argument; --room and --clock-tolerance still apply.
    assert.match(ok(run(['verify', oldToken, '--keys-file', '-'], { input: fs.readFileSync(keys), env })), /^OK/);
    assertFails(run(['verify', oldToken, '--keys-file', keys, '--room', 'elsewhere']), 1, /ERR_ROOM_MISMATCH/);
    const expired = libToken({ apiKey: NEW_KEY, secret: OTHER_SECRET, issuedSecondsAgo: 3600 + 120 });
    assertFails(run(['verify', expired, '--keys-file', keys]), 1, /ERR_EXPIRED/);
    assert.match(ok(run(['verify', expired, '--keys-file', keys, '--clock-tolerance', '5m'])), /^OK/);
  });

  test('an unknown, missing or prefix issuer is exit 1 with ERR_ISSUER_MISMATCH; a wrong secret ERR_BAD_SIGNATURE', () => {
    const keys = file();
    assertFails(
      run(['verify', libToken({ apiKey: 'APIother', secret: SECRET }), '--keys-file', keys]),
      1,
      /invalid token \(ERR_ISSUER_MISMATCH\): the token was issued by API key "APIother", which is not in the --keys-file/,
    );
    assertFails(
      run(['verify', libToken({ apiKey: 'APIne', secret: OTHER_SECRET }), '--keys-file', keys]),
      1,
      /ERR_ISSUER_MISMATCH/,
    );
    assertFails(
      run(['verify', libToken({ apiKey: 'APInewer', secret: OTHER_SECRET }), '--keys-file', keys]),
      1,
      /ERR_ISSUER_MISMATCH/,
    );
    assertFails(
      run(['verify', libToken({ apiKey: '__proto__', secret: SECRET }), '--keys-file', keys]),
      1,
      /ERR_ISSUER_MISMATCH/,
    );
    const noIss = handMade(
      { alg: 'HS256', typ: 'JWT' },
      { sub: 'a', room: 'r', exp: Math.floor(Date.now() / 1000) + 60 },
    );
    assertFails(run(['verify', noIss, '--keys-file', keys]), 1, /ERR_ISSUER_MISMATCH\): the token names no issuer/);
    // A known key with the other key's secret: the signature decides.
    assertFails(
      run(['verify', libToken({ apiKey: OLD_KEY, secret: OTHER_SECRET }), '--keys-file', keys]),
      1,
      /ERR_BAD_SIGNATURE/,
    );
    assertFails(run(['verify', 'x.y', '--keys-file', keys]), 1, /ERR_MALFORMED_TOKEN/);
  });

  test('malformed lines are exit 3, reported by line number and never with their text', () => {
    const cases = [
      [`# keys\n${SECRET}\n`, /line 2: no `:` between a key and a secret/],
      [`${OLD_KEY}: ${SECRET}\n\n${NEW_KEY}:\n`, /line 3: no secret after the `:`/],
      [`: ${SECRET}\n`, /line 1: no key before the `:`/],
      [`API old: ${SECRET}\n`, /line 1: the key contains a blank/],
      [`${OLD_KEY}: '${SECRET}\n`, /line 1: a quoted secret has no closing quote/],
      [`${OLD_KEY}: "${SECRET}" trailing-${OTHER_SECRET}\n`, /line 1: text after a quoted secret/],
      [`${OLD_KEY}: "${SECRET}\\n"\n`, /line 1: escapes in a "quoted" secret are not supported/],
      [
        `${OLD_KEY}: ${SECRET}\n# again:\n${OLD_KEY}: ${OTHER_SECRET}\n`,
        /line 3: the key is already defined on line 1/,
      ],
      [
        Buffer.concat([Buffer.from([0xff, 0xfe, 0x3a, 0x20]), Buffer.from(SECRET)]),
        /line 1: the key is not valid UTF-8/,
      ],
      ['# nothing here\n\n', /the --keys-file has no keys/],
    ];
    for (const [text, pattern] of cases) {
      const result = run(['verify', libToken(), '--keys-file', keysFile('bad-keys.yaml', text)]);
      assertFails(result, 3, pattern);
      assert.match(result.stderr, /--keys-file is malformed at line \d+|has no keys/);
      assert.ok(!result.stderr.includes('APIold'), 'a line of the file was echoed');
    }
  });

  test('a writable-by-others keys file is refused; a missing one is exit 3 without its path', () => {
    assertFails(
      run(['verify', libToken(), '--keys-file', keysFile('open-keys.yaml', `${OLD_KEY}: ${SECRET}\n`, 0o664)]),
      3,
      /refusing the --keys-file: users other than its owner may write to it/,
    );
    const missing = run(['verify', libToken(), '--keys-file', path.join(tmp, 'no-such-keys-path')]);
    assertFails(missing, 3, /cannot read the --keys-file: no such file/);
    assert.ok(!missing.stderr.includes('no-such-keys-path'));
  });

  test('a weak secret in the file needs --allow-weak-secret; --keys-file excludes --api-key and --secret-file', () => {
    const weak = 'short-dev-secret';
    const keys = keysFile('weak-keys.yaml', `${OLD_KEY}: ${weak}\n`);
    const token = libToken({ apiKey: OLD_KEY, secret: weak, allowWeakSecret: true });
    assertFails(run(['verify', token, '--keys-file', keys], { secrets: [weak] }), 3, /weak secret/);
    assert.match(ok(run(['verify', token, '--keys-file', keys, '--allow-weak-secret'], { secrets: [weak] })), /^OK/);
    assertFails(
      run(['verify', token, '--keys-file', keys, '--api-key', OLD_KEY]),
      2,
      /--keys-file and --api-key exclude each other/,
    );
    assertFails(
      run(['verify', token, '--keys-file', keys, '--secret-file', keys]),
      2,
      /--keys-file and --secret-file exclude each other/,
    );
    assertFails(
      run(['verify', '--keys-file', '-'], { input: `${OLD_KEY}: ${SECRET}\n` }),
      2,
      /stdin cannot carry both the keys \(--keys-file -\) and the token/,
    );
  });

  test("verifyWithKeys switches to the library's TokenVerifier({ keys }) once the package exports it", async () => {
    const keysModule = path.join(consumer, 'node_modules/isometrik-token/bin/cli/keys.mjs');
    const { verifyWithKeys } = await import(pathToFileURL(keysModule).href);
    const calls = [];
    class TokenVerifier {
      constructor(options) {
        calls.push(['new', { ...options, keys: { ...options.keys } }]);
      }
      verify(token, options) {
        calls.push(['verify', token, options]);
        return { iss: 'k' };
      }
      free() {
        calls.push(['free']);
      }
    }
    const secret = new TextEncoder().encode(SECRET);
    const keys = new Map([['APIa', secret]]);
    const checks = { roomId: 'r', clockTolerance: 5 };
    assert.deepEqual(verifyWithKeys({ TokenVerifier }, keys, 't.o.k', { allowWeakSecret: false, ...checks }), {
      iss: 'k',
    });
    assert.deepEqual(calls, [
      ['new', { keys: { APIa: secret }, allowWeakSecret: false }],
      ['verify', 't.o.k', checks],
      ['free'],
    ]);
  });

  test('verify --help documents --keys-file', () => {
    assert.match(ok(run(['verify', '--help'])), /--keys-file PATH[\s\S]*key: secret[\s\S]*ERR_ISSUER_MISMATCH/);
  });
});
