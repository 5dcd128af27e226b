// `toNodeHandler(handler)`: a web `(request) => Promise<Response>` handler as a Node
// `(req, res)` listener, for node:http, Express (`app.post('/api/token', …)`, before any body
// parser), Fastify (its raw request and reply) and anything else built on node:http's
// IncomingMessage and ServerResponse. Nothing from node: is imported: only the objects Node hands in are used, so
// this file loads in every build (Bun and Deno have node:http too).
import { errorResponse } from './server-request.js';

/** Past this many unread body bytes after the response, hang up instead of reading on. */
const MAX_DISCARD_BYTES = 1024 * 1024;

/**
 * The request body as a web stream, and `discardRest()` for what the handler left unread (a
 * body over the limit, or one refused before reading). Closing a socket with unread data resets
 * the connection and the client may lose the answer with it: so the rest is read and dropped,
 * up to MAX_DISCARD_BYTES, then the connection is closed.
 */
function bodyOf(req) {
  if (req.readableEnded) {
    // A body parser (express.json(), …) read it first: refuse, rather than trust its result.
    const stream = new ReadableStream({
      start(controller) {
        controller.error(
          new Error('the request body was read before the token handler (mount it before body parsers)'),
        );
      },
    });
    return { stream, discardRest: async () => {} };
  }
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

/** The request's URL: https when the socket is TLS; an unusable Host becomes a non-local one. */
function urlOf(req) {
  const scheme = req.socket?.encrypted ? 'https' : 'http';
  const path = req.originalUrl ?? req.url ?? '/';
  try {
    return new URL(path, `${scheme}://${req.headers.host ?? 'host.invalid'}`);
  } catch {
    return new URL(path.startsWith('/') ? path : '/', `${scheme}://host.invalid`);
  }
}

/** A web Request for a node:http request; `discardRest()` as in bodyOf. */
function toRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue; // HTTP/2 pseudo-headers
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const body = hasBody ? bodyOf(req) : { stream: null, discardRest: async () => {} };
  // `duplex: 'half'` (a streamed body) is in the Fetch standard but not yet in TypeScript's DOM types.
  /** @type {RequestInit & { duplex: 'half' }} */
  const init = { method: req.method, headers, body: body.stream, duplex: 'half' };
  const request = new Request(urlOf(req), init);
  return { request, discardRest: body.discardRest };
}

async function send(req, res, response) {
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = Object.fromEntries(response.headers);
  headers['content-length'] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * `(req, res) => Promise<void>` serving `handler`. A method the web platform cannot represent
 * as a Request (CONNECT, TRACE) gets 405 without reaching the handler.
 * @param {(request: Request) => Promise<Response>} handler (checked by the caller)
 */
export function nodeAdapter(handler) {
  return async function tokenNodeListener(req, res) {
    let converted;
    try {
      converted = toRequest(req);
    } catch {
      req.resume();
      return send(req, res, errorResponse(405, 'ERR_METHOD_NOT_ALLOWED', 'use POST', { headers: { allow: 'POST' } }));
    }
    const response = await handler(converted.request);
    if (!req.complete) void converted.discardRest();
    await send(req, res, response);
  };
}
