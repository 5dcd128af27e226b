// Environment variables set for the length of one call, for the tests of the environment
// fallback (client.test.mjs, secrets.test.mjs).

/** Runs `fn` with the variables in `vars` set as given (undefined: unset), then restores them. */
export async function withEnv(vars, fn) {
  const saved = {};
  for (const [name, value] of Object.entries(vars)) {
    saved[name] = process.env[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await fn();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
