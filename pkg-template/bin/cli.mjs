#!/usr/bin/env node
// `isometrik-token`: create, decode and verify Isometrik access tokens from a shell, on the
// package's own wasm core (imported through the package's self-reference, so the CLI and the
// library are always the same version). `isometrik-token --help` is the documentation.
//
// Rules the CLI keeps: the API secret never comes from the command line (and a flag that
// looks like one is refused); nothing printed ever contains the secret, and arguments that
// might be one are not echoed; every error goes to stderr with a documented exit code;
// colours only on a terminal (NO_COLOR / FORCE_COLOR respected); argument parsing is
// node:util's parseArgs in strict mode.
//
// This file is the entry: dispatch and the last-resort error report. The rest is in cli/:
// args (parsing), commands, input (secrets, tokens), keys (--keys-file), output (formats),
// errors (exit codes, library errors), help, library (the package and its contract).
import fs from 'node:fs';
import util from 'node:util';
import { parse, refuseSecretFlags } from './cli/args.mjs';
import { commands } from './cli/commands.mjs';
import { CliError, EXIT, PROG, usageError } from './cli/errors.mjs';
import { GLOBAL_HELP } from './cli/help.mjs';
import { loadLibrary } from './cli/library.mjs';
import { painter, quote } from './cli/output.mjs';

const COMMAND_NAMES = ['create', 'decode', 'verify'];

function version() {
  const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return manifest.version;
}

async function library() {
  try {
    return await loadLibrary();
  } catch (err) {
    throw new CliError(EXIT.INTERNAL, `cannot load the isometrik-token library: ${err?.message ?? err}`);
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
    /** @type {ReturnType<typeof parse>} */
    const { values, positionals } =
      first === 'help'
        ? { values: { help: true }, positionals: rest }
        : parse(argv, { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }, null);
    if (values.help) {
      const topic = positionals[0];
      if (topic === undefined) {
        process.stdout.write(`${GLOBAL_HELP}\n`);
        return EXIT.OK;
      }
      if (!COMMAND_NAMES.includes(topic)) throw usageError(`unknown command ${quote(topic)}`, null);
      await library();
      process.stdout.write(`${commands()[topic].help}\n`);
      return EXIT.OK;
    }
    if (values.version && positionals.length === 0) {
      process.stdout.write(`${version()}\n`);
      return EXIT.OK;
    }
    throw usageError('options must follow the command', null);
  }
  if (!COMMAND_NAMES.includes(first)) throw usageError(`unknown command ${quote(first)}`, null);
  const lib = await library();
  const command = commands()[first];
  const beforeEnd = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeEnd.includes('--help') || beforeEnd.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return EXIT.OK;
  }
  const { values, positionals } = parse(rest, command.options, first);
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
