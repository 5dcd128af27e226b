// Time-bound child processes for the benchmark drivers: each child runs in its own process group,
// killed as a whole on timeout, so a hung runtime never outlives `make bench`.
// The logic is the tests' (tests/js/support/run.mjs); the benchmarks give a child 120 s by
// default and no stdin.
import { run, runOk as runOkTest } from '../tests/js/support/run.mjs';

const benchDefaults = ({ timeout = 120_000, ...options } = {}) => ({ input: null, timeout, ...options });

/**
 * Runs `command args`; resolves to { code, signal, stdout, stderr, ms } (rejects on timeout or
 * spawn error). Options: cwd, env, timeout, echo (copy its output to ours as it arrives).
 */
export function runProcess(command, args, options) {
  return run(command, args, benchDefaults(options));
}

/** Like runProcess, but a non-zero exit rejects with the output. */
export function runOk(command, args, options) {
  return runOkTest(command, args, benchDefaults(options));
}

/** The `PREFIX {json}` line a child printed. */
export function resultLine(stdout, prefix = 'RESULT ') {
  const line = stdout.split('\n').find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`no ${prefix.trim()} line in:\n${stdout}`);
  return JSON.parse(line.slice(prefix.length));
}

/** Parses `--name value` pairs. */
export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[argv[i].slice(2)] = true;
    else {
      out[argv[i].slice(2)] = next;
      i++;
    }
  }
  return out;
}
