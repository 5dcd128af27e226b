// Time-bound child processes for the benchmark drivers: each child runs in its own process group,
// killed as a whole on timeout, so a hung runtime never outlives `make bench`.
import { spawn } from 'node:child_process';

/** Runs `command args`; resolves to { code, stdout, stderr, ms } (rejects on timeout or spawn error). */
export function runProcess(command, args, { cwd, env, timeout = 120_000, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
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
    const killGroup = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`${command} ${args.join(' ')}: timed out after ${timeout} ms\n${stdout}\n${stderr}`));
    }, timeout);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = performance.now() - t0;
      killGroup();
      resolve({ code, stdout, stderr, ms });
    });
  });
}

/** Like runProcess, but a non-zero exit rejects with the output. */
export async function runOk(command, args, options) {
  const r = await runProcess(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
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
