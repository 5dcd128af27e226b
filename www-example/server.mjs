// The demo's Node server (node:http, no framework): `POST /api/token` (isometrik-token/server)
// and the static demo page, both behind the demo password (HTTP Basic authentication).
//
//   make demo                                   # builds the package into pkg/, then runs this
//   PORT=3000 ISOMETRIK_API_KEY=... ISOMETRIK_API_SECRET=... DEMO_PASSWORD=... node www-example/server.mjs
//
// Without ISOMETRIK_API_SECRET it makes up a random development secret for this process (its
// tokens verify nowhere else; the secret is never printed, logged or sent). Without DEMO_PASSWORD
// it makes one up and prints it, so that you can sign in.
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import http from 'node:http';

// In your own project: `import { createTokenHandler, … } from 'isometrik-token/server';`. This
// example runs from the repository, against the package `make pkg` assembles in pkg/.
import { IsometrikTokenError } from '../pkg/dist/node.mjs';
import { createTokenHandler, refuse, toNodeHandler } from '../pkg/dist/server-node.js';
import { DEMO_CHALLENGE, hasDemoPassword, makeDemoAuthorize } from './token-server/demo-auth.mjs';

const DEFAULT_PORT = 8080;
const PUBLIC_DIR = new URL('./public/', import.meta.url);
// The browser build: decode only (the page never holds a secret), its small wasm inline.
const BROWSER_BUILD = new URL('../pkg/dist/decode.js', import.meta.url);

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

// The page runs only its own scripts; the package compiles its inline wasm, which CSP calls
// 'wasm-unsafe-eval'.
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const TOKEN_PATH = '/api/token';
/** The API key a development server uses when ISOMETRIK_API_KEY is not set. */
const DEV_API_KEY = 'dev-api-key';

/**
 * The key, secret and demo password from the environment, or for each one not set a
 * placeholder key, a random 32-byte secret made for this process (never shown), or a random
 * demo password (printed: you need it to sign in).
 */
function settings(env) {
  let { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD: password } = env;
  if (!apiKey) {
    apiKey = DEV_API_KEY;
    console.warn(`ISOMETRIK_API_KEY is not set: tokens are issued by "${apiKey}".`);
  }
  if (!apiSecret) {
    apiSecret = randomBytes(32);
    console.warn(
      'ISOMETRIK_API_SECRET is not set: using a random development secret for this process ' +
        '(not shown). Its tokens verify nowhere else and stop verifying on restart.',
    );
  }
  if (!password) {
    password = randomBytes(12).toString('base64url');
    console.warn(`DEMO_PASSWORD is not set: sign in with any user name and the password ${password}`);
  }
  return { apiKey, apiSecret, password };
}

/** The token endpoint, or a line on stderr and exit 1 (e.g. ERR_WEAK_SECRET: never the secret). */
function tokenHandler({ apiKey, apiSecret, password }) {
  try {
    const authorize = makeDemoAuthorize(refuse)(password);
    return createTokenHandler({ apiKey, apiSecret, authorize, path: TOKEN_PATH });
  } catch (error) {
    if (!(error instanceof IsometrikTokenError)) throw error;
    console.error(`cannot start: ${error.code}: ${error.message}`);
    process.exit(1);
  }
}

/** The static routes: every file of public/ by name, `/` for index.html, and the browser build. */
async function staticRoutes() {
  const routes = new Map([['/vendor/isometrik-token.js', BROWSER_BUILD]]);
  for (const entry of await readdir(PUBLIC_DIR, { withFileTypes: true })) {
    if (entry.isFile()) routes.set(`/${entry.name}`, new URL(entry.name, PUBLIC_DIR));
  }
  routes.set('/', new URL('index.html', PUBLIC_DIR));
  return routes;
}

/** A JSON error for the static routes, in the token endpoint's shape. */
function sendError(res, status, code, message, headers = {}) {
  const body = JSON.stringify({ error: message, code });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body);
}

async function serveStatic(req, res, file) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 405, 'ERR_METHOD_NOT_ALLOWED', 'use GET', { allow: 'GET, HEAD' });
  }
  let body;
  try {
    body = await readFile(file); // read per request: edits to the page show on reload
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    const hint = file === BROWSER_BUILD ? ' (run `make pkg`)' : '';
    return sendError(res, 404, 'ERR_NOT_FOUND', `not found${hint}`);
  }
  const type = CONTENT_TYPES[file.pathname.slice(file.pathname.lastIndexOf('.'))];
  res.writeHead(200, { 'content-type': type ?? 'application/octet-stream', ...PAGE_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const config = settings(process.env);
const handleToken = toNodeHandler(tokenHandler(config));
const routes = await staticRoutes();

const server = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  try {
    if (pathname === TOKEN_PATH) {
      await handleToken(req, res);
    } else if (!(await hasDemoPassword(req.headers.authorization ?? null, config.password))) {
      // The page too, so that the browser asks for the password once and sends it to the endpoint.
      sendError(res, 401, 'ERR_UNAUTHENTICATED', 'sign in with the demo password', DEMO_CHALLENGE);
    } else {
      const file = routes.get(pathname);
      if (file === undefined) sendError(res, 404, 'ERR_NOT_FOUND', 'not found');
      else await serveStatic(req, res, file);
    }
  } catch (error) {
    console.error(`request failed: ${error.code ?? error.name}: ${error.message}`);
    if (!res.headersSent) sendError(res, 500, 'ERR_INTERNAL', 'internal error');
  }
  // The path only: no query string, body, password or token in the log.
  console.log(`${req.method} ${pathname} ${res.statusCode}`);
});

const port = process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Isometrik token demo: http://${host.includes(':') ? `[${host}]` : host}:${actual}/`);
});
