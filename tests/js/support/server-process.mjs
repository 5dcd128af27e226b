// A long-running server as a child process, for the www-example tests (servers.test.mjs,
// demo.test.mjs): started in its own process group, ready once it prints its URL, and always
// torn down (the whole group, SIGTERM then SIGKILL).
import { signalGroup, spawnGroup } from './run.mjs';

/**
 * Starts `command args` and resolves once its output contains an `http://host:port` URL, to
 * `{ url, output(), waitForOutput(pattern), stop() }` (`url` without the trailing slash;
 * `output()` is everything it printed so far, stdout and stderr). Rejects (after killing it) if it exits or prints no URL
 * within `timeout` ms.
 */
export function startServer(command, args, { cwd, env, timeout = 20_000 } = {}) {
  const child = spawnGroup(command, args, { cwd, env, stdin: 'ignore' });
  let output = '';
  let exited = false;
  const closed = new Promise((resolve) => child.on('close', resolve));
  child.on('close', () => (exited = true));

  const stop = async () => {
    if (!exited) {
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 3_000);
      await closed;
      clearTimeout(timer);
    }
    signalGroup(child, 'SIGKILL'); // grandchildren, if any
  };

  /** Resolves once the output matches `pattern` (stdout and stderr arrive independently). */
  const waitForOutput = async (pattern, ms = 5_000) => {
    for (const deadline = Date.now() + ms; !pattern.test(output); ) {
      if (Date.now() > deadline) throw new Error(`no output matching ${pattern} within ${ms} ms:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = async (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      await stop();
      reject(new Error(`${command} ${args.join(' ')}: ${why}\noutput:\n${output}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeout} ms`), timeout);
    const onData = (chunk) => {
      output += chunk;
      const match = /http:\/\/[\w.[\]:-]+:\d+/.exec(output);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: match[0], output: () => output, waitForOutput, stop });
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('error', (error) => fail(error.message));
    child.on('close', (code, signal) => fail(`exited with ${code ?? signal} before printing its URL`));
  });
}
