// The `POST /api/token` endpoint of the example servers (Node, Cloudflare Worker, Deno).
// Runtime-agnostic: it only uses the web platform's Request and Response, and it imports
// nothing — each server imports isometrik-token its own way and hands in a signer.
//
// In the isometrik-token repository each example has its own identical copy of this file
// (www-example/token-endpoint.mjs, www-example/worker/src/, www-example/deno/), so that its
// folder can be copied out and run on its own. Edit www-example/token-endpoint.mjs and copy it
// over the other two: scripts/check-standalone fails while they differ.
//
// Request:  POST /api/token  { "roomName": "...", "participantName": "..." } as JSON, sent as
//           Content-Type: application/json, or as text/plain (what fetch() sends for a string
//           body with no type given, as in the Isometrik docs' client snippet)
// Response: 200 { "token": "..." }
// Errors:   { "error": "<human message>", "code": "<stable code>", "field"?: "roomName" }
//           400 bad JSON or a bad field (code ERR_INVALID_OPTIONS when the library rejected it),
//           404 unknown path, 405 other methods (with Allow), 413 body over MAX_BODY_BYTES,
//           415 any other Content-Type, or none, 500 anything else (no details: they could leak
//           configuration).
//
// NOTE: like the docs' example, this hands a token to whoever asks. A real server must first
// authenticate the caller and decide which rooms and identity they may have (e.g. take
// participantName from the session, not from the request body).

/** The path of the token endpoint. */
export const TOKEN_PATH = '/api/token';

/** The largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 8 * 1024;

/** The permissions every token gets (the docs' example). */
export const TOKEN_PERMISSIONS = Object.freeze({
  canPublish: true,
  canSubscribe: true,
  canUpdateMetadata: true,
});

/** The lifetime of every token. */
export const TOKEN_EXPIRES_IN = '1h';

/** The API key a development server uses when ISOMETRIK_API_KEY is not set. */
export const DEV_API_KEY = 'dev-api-key';

/**
 * A development server's signer options: the key and secret given (from the environment), or
 * for each one not set a placeholder key / a random 32-byte secret made for this process, with
 * a line to `warn` saying so. The secret itself is never printed.
 */
export function devSignerOptions({ apiKey, apiSecret }, warn) {
  if (!apiKey) {
    apiKey = DEV_API_KEY;
    warn(`ISOMETRIK_API_KEY is not set: tokens are issued by "${apiKey}".`);
  }
  if (!apiSecret) {
    apiSecret = crypto.getRandomValues(new Uint8Array(32));
    warn(
      'ISOMETRIK_API_SECRET is not set: using a random development secret for this process ' +
        '(not shown). Its tokens verify nowhere else and stop verifying on restart.',
    );
  }
  return { apiKey, apiSecret };
}

// The request's field names, and the library's option each one becomes.
const FIELDS = [
  ['roomName', 'roomId'],
  ['participantName', 'participantName'],
];

/** Builds a JSON response. The token is a credential, so nothing here may be cached. */
export function jsonResponse(status, body, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

/** Builds an error response: `{ error, code, field? }`. */
export function errorResponse(status, code, message, { field, headers } = {}) {
  const body = { error: message, code };
  if (field !== undefined) body.field = field;
  return jsonResponse(status, body, headers);
}

/** 404 for a path no route serves. */
export function notFound() {
  return errorResponse(404, 'ERR_NOT_FOUND', 'not found');
}

/** An error the handler turns into a response. */
class HttpError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/**
 * Reads the body as text, refusing more than `limit` bytes without buffering them: a declared
 * Content-Length over the limit is refused before reading, and a chunked body is cut off as
 * soon as it passes the limit.
 */
async function readBodyText(request, limit) {
  const tooLarge = () => new HttpError(413, 'ERR_PAYLOAD_TOO_LARGE', `the request body must be at most ${limit} bytes`);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request body is not valid UTF-8');
  }
}

/**
 * The media types a JSON body may be sent as: `application/json`, and `text/plain`, which is
 * what `fetch(url, { method: 'POST', body: JSON.stringify(...) })` sends when no type is given
 * (the docs' client snippet does that). Accepting text/plain lets a cross-site HTML form post
 * here too, which is harmless because issuing a token changes nothing and the other site cannot
 * read the answer (no CORS headers). If your endpoint ever has a side effect, accept
 * application/json only.
 */
const JSON_BODY_TYPES = new Set(['application/json', 'text/plain']);

/** True for one of JSON_BODY_TYPES, with at most a UTF-8 charset parameter. */
function isJsonContentType(value) {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (!JSON_BODY_TYPES.has(type)) return false;
  return params.every((param) => param === '' || /^charset="?utf-8"?$/.test(param));
}

/** Parses and checks the JSON body; returns `{ roomName, participantName }`. */
function parseTokenRequest(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request body must be a JSON object');
  }
  for (const [field] of FIELDS) {
    if (!(field in body)) throw new HttpError(400, 'ERR_BAD_REQUEST', `${field} is required`, field);
    if (typeof body[field] !== 'string') {
      throw new HttpError(400, 'ERR_BAD_REQUEST', `${field} must be a string`, field);
    }
  }
  // The contents (not blank, at most 256 UTF-8 bytes, no control characters) are the library's
  // rules: the signer checks them and its errors are mapped back to these field names below.
  return { roomName: body.roomName, participantName: body.participantName };
}

/** Maps an `ERR_INVALID_OPTIONS` from the library to the request field it is about. */
function invalidFieldError(error) {
  const pair = FIELDS.find(([, option]) => option === error.field);
  if (pair === undefined) return undefined;
  const [field] = pair;
  // The library says "invalid option `roomId`: must not be empty or blank"; name the request's field.
  const detail = error.message.replace(/^invalid option `[^`]*`:\s*/, '');
  return new HttpError(400, error.code, `${field} ${detail}`, field);
}

/**
 * Returns a `(request: Request, ...context) => Promise<Response>` handler for `POST /api/token`.
 *
 * `getSigner(...context)` returns the process's one `TokenSigner` (or throws: the error is
 * logged and answered with a bare 500); `context` is whatever the server passes after the
 * request, e.g. a Worker's `env`. `log(line)` receives one line per unexpected failure; it never
 * sees the secret, the token or the request body.
 *
 * @param {{
 *   getSigner: (...context: any[]) => { create(options: object): string },
 *   log?: (line: string) => void,
 * }} options
 * @returns {(request: Request, ...context: any[]) => Promise<Response>}
 */
export function createTokenHandler({ getSigner, log = () => {} }) {
  return async function handleTokenRequest(request, ...context) {
    try {
      if (request.method !== 'POST') {
        return errorResponse(405, 'ERR_METHOD_NOT_ALLOWED', `use POST for ${TOKEN_PATH}`, {
          headers: { allow: 'POST' },
        });
      }
      if (!isJsonContentType(request.headers.get('content-type'))) {
        throw new HttpError(
          415,
          'ERR_UNSUPPORTED_MEDIA_TYPE',
          'send the body as JSON (Content-Type: application/json or text/plain, UTF-8)',
        );
      }
      const { roomName, participantName } = parseTokenRequest(await readBodyText(request, MAX_BODY_BYTES));
      const signer = getSigner(...context);
      let token;
      try {
        token = signer.create({
          roomId: roomName,
          participantName,
          permissions: TOKEN_PERMISSIONS,
          expiresIn: TOKEN_EXPIRES_IN,
        });
      } catch (error) {
        if (error?.code === 'ERR_INVALID_OPTIONS') throw invalidFieldError(error) ?? error;
        throw error;
      }
      return jsonResponse(200, { token });
    } catch (error) {
      if (error instanceof HttpError) {
        return errorResponse(error.status, error.code, error.message, { field: error.field });
      }
      // Unexpected, or a misconfigured signer: tell the operator, answer without details. The
      // library's messages never contain the secret.
      log(`token endpoint failed: ${error?.code ?? error?.name ?? 'Error'}: ${error?.message ?? error}`);
      return errorResponse(500, 'ERR_INTERNAL', 'the token could not be created');
    }
  };
}
