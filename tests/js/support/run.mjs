// Time-bound child processes and promises for the package tests (runtimes.test.mjs,
// package.test.mjs, …), the example servers (server-process.mjs) and the benchmark drivers
// (bench/proc.mjs): every child runs in its own process group and the whole group is killed
// when the time is up, so a hung runtime (or a grandchild it started) never outlives the test.
import { spawn } from 'node:child_process';

/**
 * Spawns `command args` as the leader of a new process group (so that signalGroup reaches its
 * grandchildren too), with stdout and stderr piped and colour turned off in its environment.
 * `stdin` is 'pipe' or 'ignore'.
 */
export function spawnGroup(command, args, { cwd, env, stdin = 'pipe' } = {}) {
  return spawn(command, args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
    detached: true,
  });
}

/** Sends `signal` to the whole process group of a spawnGroup() child; a group already gone is fine. */
export function signalGroup(child, signal = 'SIGKILL') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs `command args` and resolves to { code, signal, stdout, stderr, ms } (`ms`: spawn to exit;
 * never rejects on a non-zero exit; rejects on timeout after killing the process group).
 * `input` is written to its stdin, which is then closed (default: nothing); `input: null` gives
 * it no stdin pipe at all (/dev/null). `echo` copies its output to ours as it arrives.
 */
export function run(command, args, { cwd, env, timeout = 60_000, input, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawnGroup(command, args, { cwd, env, stdin: input === null ? 'ignore' : 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      stdout += d;
      if (echo) process.stdout.write(d);
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (echo) process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      signalGroup(child);
      reject(
        new Error(`${command} ${args.join(' ')}: timed out after ${timeout} ms\nstdout: ${stdout}\nstderr: ${stderr}`),
      );
    }, timeout);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      signalGroup(child); // grandchildren left behind, if any
      resolve({ code, signal, stdout, stderr, ms });
    });
    if (input !== null) {
      // A child may exit without reading its stdin (`node --version`): EPIPE is not an error.
      child.stdin.on('error', () => {});
      child.stdin.end(input ?? '');
    }
  });
}

/** Like `run`, but a non-zero exit is an error that shows the output. */
export async function runOk(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited with ${result.code ?? result.signal}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
  return result;
}

/** Rejects when `promise` has not settled after `ms` milliseconds. */
export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
