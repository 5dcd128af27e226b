// The demo's Node server (node:http, no framework): `POST /api/token` and the static demo page.
//
//   make demo                                   # builds the package into pkg/, then runs this
//   PORT=3000 ISOMETRIK_API_KEY=... ISOMETRIK_API_SECRET=... node www-example/server.mjs
//
// Without ISOMETRIK_API_SECRET it makes up a random development secret for this process (its
// tokens verify nowhere else). The secret is never printed, logged or sent.
import { readFile, readdir } from 'node:fs/promises';
import http from 'node:http';

// In your own project: `import { TokenSigner } from 'isometrik-token';`. This example runs from
// the repository, against the package `make pkg` assembles in pkg/.
import { TokenSigner } from '../pkg/dist/node.mjs';
import { TOKEN_PATH, createTokenHandler, devSignerOptions, errorResponse, notFound } from './token-endpoint.mjs';

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

/** The one signer of this process, from the environment (or a random development secret). */
function createSigner() {
  const options = devSignerOptions(
    { apiKey: process.env.ISOMETRIK_API_KEY, apiSecret: process.env.ISOMETRIK_API_SECRET },
    (line) => console.warn(line),
  );
  try {
    return new TokenSigner(options);
  } catch (error) {
    // e.g. ERR_WEAK_SECRET; the library's messages never contain the secret.
    console.error(`cannot start: ${error.code ?? error.name}: ${error.message}`);
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

async function serveStatic(request, file) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return errorResponse(405, 'ERR_METHOD_NOT_ALLOWED', 'use GET', { headers: { allow: 'GET, HEAD' } });
  }
  let body;
  try {
    body = await readFile(file); // read per request: edits to the page show on reload
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    const hint = file === BROWSER_BUILD ? ' (run `make pkg`)' : '';
    return errorResponse(404, 'ERR_NOT_FOUND', `not found${hint}`);
  }
  const type = CONTENT_TYPES[file.pathname.slice(file.pathname.lastIndexOf('.'))];
  return new Response(body, {
    headers: { 'content-type': type ?? 'application/octet-stream', ...PAGE_HEADERS },
  });
}

/** Past this many unread body bytes after the response, hang up instead of reading on. */
const MAX_DISCARD_BYTES = 1024 * 1024;

/**
 * The request body as a web stream, and `discardRest()` for what the handler left unread (a
 * body over the limit, or one it refused without reading). Closing a socket with unread data
 * resets the connection, and the client may lose the 413 with it: so read the rest and drop it,
 * up to MAX_DISCARD_BYTES, then hang up.
 */
function bodyOf(req) {
  const chunks = req[Symbol.asyncIterator]();
  const stream = new ReadableStream({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
  });
  const discardRest = async () => {
    try {
      for (let discarded = 0; discarded <= MAX_DISCARD_BYTES; ) {
        const { done, value } = await chunks.next();
        if (done) return;
        discarded += value.byteLength;
      }
      req.destroy();
    } catch {
      // the client went away
    }
  };
  return { stream, discardRest };
}

/** A web Request for a node:http request; `discardRest()` as in bodyOf. */
function toRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? bodyOf(req) : { stream: null, discardRest: async () => {} };
  // Only the path matters here; a fixed origin keeps a bad Host header out of URL parsing.
  const request = new Request(new URL(req.url, 'http://localhost'), {
    method: req.method,
    headers,
    body: body.stream,
    duplex: 'half',
  });
  return { request, discardRest: body.discardRest };
}

async function sendResponse(req, res, response) {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, {
    ...Object.fromEntries(response.headers),
    'content-length': String(body.byteLength),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const signer = createSigner();
const handleToken = createTokenHandler({ getSigner: () => signer, log: (line) => console.error(line) });
const routes = await staticRoutes();

async function route(request) {
  const { pathname } = new URL(request.url);
  if (pathname === TOKEN_PATH) return handleToken(request);
  const file = routes.get(pathname);
  return file === undefined ? notFound() : serveStatic(request, file);
}

const server = http.createServer(async (req, res) => {
  let response;
  let discardRest = async () => {};
  try {
    let request;
    ({ request, discardRest } = toRequest(req));
    response = await route(request);
  } catch (error) {
    console.error(`request failed: ${error.code ?? error.name}: ${error.message}`);
    response = errorResponse(500, 'ERR_INTERNAL', 'internal error');
  }
  // The path only: no query string, body or token in the log.
  console.log(`${req.method} ${new URL(req.url, 'http://localhost').pathname} ${response.status}`);
  if (!req.complete) void discardRest();
  await sendResponse(req, res, response);
});

const port = process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT);
const host = process.env.HOST || '127.0.0.1';
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Isometrik token demo: http://${host.includes(':') ? `[${host}]` : host}:${actual}/`);
});
