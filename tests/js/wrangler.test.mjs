// The Worker of the token server examples (www-example/token-server/worker.js) with the real
// wrangler 4, as someone
// starting a project from the folder would use it: the folder copied OUT of the repository, the packed
// package installed with the devDependencies its own lockfile pins, then, offline and with
// metrics off, `npx wrangler deploy --dry-run --outdir dist` (the .wasm must be a separate
// module; the upload size is printed) and `npx wrangler dev --local` answering POST /api/token
// end to end. scripts/bootstrap-examples fills the npm cache this installs from, and provides a
// Node new enough for wrangler when the machine's is not.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeConsumer, root } from './support/package.mjs';
import { runOk } from './support/run.mjs';
import { startServer } from './support/server-process.mjs';
import { copyExample, freePort, installPackedPackage, removeExample } from './support/examples.mjs';

const API_KEY = 'wrangler-test-key';
const SECRET = `wrangler-test-secret-${randomBytes(24).toString('hex')}`;
const PASSWORD = `demo-${randomBytes(9).toString('hex')}`;
const SIGNED_IN = { authorization: `Basic ${Buffer.from(`demo:${PASSWORD}`).toString('base64')}` };
const { verifyToken } = await import(pathToFileURL(path.join(root, 'pkg/dist/node.mjs')).href);

/** wrangler 4 needs Node >= 22.12: this one, or the one scripts/bootstrap-examples installed. */
function wranglerNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 12)) return process.execPath;
  const installed = path.join(root, 'target/examples/node/node_modules/node/bin/node');
  if (!fs.existsSync(installed)) {
    throw new Error(`wrangler needs Node >= 22.12 and this is ${process.version}: run scripts/bootstrap-examples`);
  }
  return installed;
}

let dir; // the copied-out example
let env; // wrangler's environment: offline, no metrics, its Node first on PATH, config in a temp dir
const timings = {};

before(async () => {
  const node = wranglerNode();
  dir = copyExample('token-server');
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'isometrik-wrangler-config-'));
  env = {
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`,
    CI: '1',
    WRANGLER_SEND_METRICS: 'false',
    XDG_CONFIG_HOME: config,
    WRANGLER_LOG_PATH: path.join(config, 'logs'),
  };
  const manifest = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
  timings.install = (await installPackedPackage(dir)).ms;
  // --no-save: the user's files are as committed.
  assert.equal(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), manifest);
  assert.equal(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'), lock);
});

after(() => {
  if (env) fs.rmSync(env.XDG_CONFIG_HOME, { recursive: true, force: true });
  removeExample(dir);
  removeConsumer(null); // the packed tarball's directory
});

/** `npx wrangler <args>` in the copy (npx finds the locally installed wrangler; never downloads). */
const wranglerArgs = (args) => ['--no-install', 'wrangler', ...args];

describe('wrangler 4 on the copied-out Worker example', { timeout: 240_000 }, () => {
  test('the example pins wrangler 4 exactly and that is what got installed, with the packed package', (t) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.match(manifest.devDependencies.wrangler, /^4\.\d+\.\d+$/, 'wrangler is pinned to an exact 4.x');
    const installed = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/wrangler/package.json'), 'utf8'));
    assert.equal(installed.version, manifest.devDependencies.wrangler);
    const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
    assert.equal(
      lock.packages['node_modules/wrangler'].version,
      manifest.devDependencies.wrangler,
      'the lockfile agrees',
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/package.json'), 'utf8'));
    assert.equal(pkg.version, JSON.parse(fs.readFileSync(path.join(root, 'pkg/package.json'), 'utf8')).version);
    // The dependency range a user gets from the registry admits the version being tested.
    const [major, minor] = pkg.version.split('.').map(Number);
    const range = manifest.dependencies['isometrik-token'];
    const want = major > 0 ? `^${major}.0.0` : `^0.${minor}.0`;
    assert.equal(range, want, `www-example/token-server/package.json should depend on isometrik-token ${want}`);
    t.diagnostic(
      `wrangler ${installed.version}; npm install of the copy (packed package + locked devDeps): ${(timings.install / 1000).toFixed(1)} s`,
    );
  });

  test('deploy --dry-run bundles the package’s workerd build with the .wasm as a separate module', async (t) => {
    const out = path.join(dir, 'dist');
    const { stdout, stderr, ms } = await runOk('npx', wranglerArgs(['deploy', '--dry-run', '--outdir', out]), {
      cwd: dir,
      env,
      timeout: 120_000,
    });
    const text = stdout + stderr;
    assert.match(text, /--dry-run: exiting now/, text);
    const upload = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(text);
    assert.ok(upload, `no upload size in:\n${text}`);
    const [raw, gzip] = [Number(upload[1]), Number(upload[2])];

    const files = fs.readdirSync(out);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `one .wasm module: ${files}`);
    const packaged = fs.readFileSync(path.join(dir, 'node_modules/isometrik-token/dist/isometrik_token_bg.wasm'));
    assert.ok(
      fs.readFileSync(path.join(out, wasm[0])).equals(packaged),
      'the module is the package’s .wasm, byte for byte',
    );
    const script = fs.readFileSync(path.join(out, 'worker.js'), 'utf8');
    assert.match(
      script,
      new RegExp(`from\\s*["']\\./${wasm[0].replace(/[.]/g, '\\.')}["']`),
      'the script imports the .wasm module',
    );
    assert.ok(script.length < packaged.length, 'the wasm is not inlined into the script');
    // The upload is exactly the script plus the .wasm module.
    const scriptBytes = fs.statSync(path.join(out, 'worker.js')).size;
    assert.ok(
      Math.abs(raw - (scriptBytes + packaged.length) / 1024) < 0.01,
      `upload ${raw} KiB = worker.js ${scriptBytes} B + .wasm ${packaged.length} B`,
    );
    // The package's workerd build, not the Node or browser ones (they compile or fetch the wasm
    // at run time, which Workers refuse).
    assert.match(script, /\/\/ node_modules\/isometrik-token\/dist\/workerd\.js\n/);
    assert.match(script, /\/\/ node_modules\/isometrik-token\/dist\/server-workerd\.js\n/);
    assert.doesNotMatch(script, /dist\/(node\.mjs|node\.cjs|web\.js|server-web\.js|server-node\.js)\n/);

    const line = `wrangler deploy --dry-run: upload ${raw} KiB / gzip ${gzip} KiB (worker.js ${(scriptBytes / 1024).toFixed(1)} KiB + ${wasm[0]} ${(packaged.length / 1024).toFixed(1)} KiB), ${(ms / 1000).toFixed(1)} s`;
    t.diagnostic(line);
    assert.ok(raw > packaged.length / 1024 && raw < 1024, `upload size ${raw} KiB`);
  });

  test('wrangler dev --local answers POST /api/token with a token that verifies, and the Isometrik docs’ text/plain body', async (t) => {
    fs.writeFileSync(
      path.join(dir, '.dev.vars'),
      `ISOMETRIK_API_KEY=${API_KEY}\nISOMETRIK_API_SECRET=${SECRET}\nDEMO_PASSWORD=${PASSWORD}\n`,
    );
    const [port, inspector] = [await freePort(), await freePort()];
    const t0 = performance.now();
    const server = await startServer(
      'npx',
      wranglerArgs([
        'dev',
        '--local',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(inspector),
        '--show-interactive-dev-session=false',
      ]),
      { cwd: dir, env, timeout: 90_000 },
    );
    try {
      await server.waitForOutput(/Ready on http:\/\/127\.0\.0\.1:\d+/, 60_000);
      const url = `http://127.0.0.1:${port}`;
      const ready = performance.now() - t0;

      const body = JSON.stringify({ roomName: 'daily-standup', participantName: 'alice' });
      const response = await fetch(`${url}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...SIGNED_IN },
        body,
      });
      const text = await response.text();
      assert.equal(response.status, 200, text);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const claims = verifyToken(JSON.parse(text).token, {
        apiSecret: SECRET,
        apiKey: API_KEY,
        roomId: 'daily-standup',
      });
      assert.equal(claims.sub, 'alice');
      assert.deepEqual(claims.permissions, { canPublish: true, canSubscribe: true, canUpdateMetadata: true });
      assert.equal(claims.exp - claims.iat, 3600);

      // The docs' snippet: a string body, no type given (fetch sends text/plain;charset=UTF-8).
      const seed = await fetch(`${url}/api/token`, { method: 'POST', headers: SIGNED_IN, body });
      assert.equal(seed.status, 200);
      assert.equal(verifyToken((await seed.json()).token, { apiSecret: SECRET }).sub, 'alice');

      const form = await fetch(`${url}/api/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SIGNED_IN },
        body,
      });
      assert.equal(form.status, 415);
      assert.equal((await form.json()).code, 'ERR_UNSUPPORTED_MEDIA_TYPE');
      assert.equal((await fetch(`${url}/nope`)).status, 404);
      // Without the demo password: 401, and the challenge that makes a browser ask for it.
      const anonymous = await fetch(`${url}/api/token`, { method: 'POST', body });
      assert.equal(anonymous.status, 401);
      assert.match(anonymous.headers.get('www-authenticate'), /^Basic realm=/);

      assert.ok(!server.output().includes(SECRET), 'wrangler printed the secret');
      assert.ok(!server.output().includes(PASSWORD), 'wrangler printed the demo password');
      const line = `wrangler dev --local: ready in ${(ready / 1000).toFixed(1)} s`;
      t.diagnostic(line);
    } finally {
      await server.stop();
    }
  });
});
