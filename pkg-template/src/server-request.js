// The token endpoint's request and response plumbing (server.js): the JSON body, read within a
// size limit, and JSON responses that are never cached.

/** An error the handler answers with `status` and `{ error: message, code, field? }`. */
export class HttpError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/**
 * A JSON response. A token is a credential: nothing here may be cached, and extra `headers`
 * (an application's refusal) cannot change that or the type.
 */
export function jsonResponse(status, body, headers) {
  const fixed = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  if (headers === undefined) return new Response(JSON.stringify(body), { status, headers: fixed });
  const all = new Headers(headers);
  for (const [name, value] of Object.entries(fixed)) all.set(name, value);
  return new Response(JSON.stringify(body), { status, headers: all });
}

/**
 * `{ error, code, field? }` with `status`.
 * @param {number} status
 * @param {string} code
 * @param {string} message
 * @param {{ field?: string, headers?: Record<string, string> }} [options]
 */
export function errorResponse(status, code, message, { field, headers } = {}) {
  const body = { error: message, code };
  if (field !== undefined) body.field = field;
  return jsonResponse(status, body, headers);
}

/**
 * The media types a JSON body may be sent as: `application/json`, and `text/plain`, which is
 * what `fetch(url, { method: 'POST', body: JSON.stringify(...) })` sends when no type is given
 * (the Isometrik docs' client snippet does that). Accepting text/plain lets another site's HTML
 * form post here too, which is harmless: issuing a token changes nothing, and the other site
 * cannot read the answer (no CORS headers).
 */
const JSON_BODY_TYPES = new Set(['application/json', 'text/plain']);

/** True for one of JSON_BODY_TYPES, with at most a UTF-8 charset parameter. */
function isJsonContentType(value) {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (!JSON_BODY_TYPES.has(type)) return false;
  return params.every((param) => param === '' || /^charset="?utf-8"?$/.test(param));
}

/**
 * The body's bytes, refusing more than `limit` without buffering them: a declared Content-Length
 * over the limit is refused before reading, and a streamed body as soon as it passes the limit.
 */
async function readBody(request, limit) {
  const tooLarge = () => new HttpError(413, 'ERR_PAYLOAD_TOO_LARGE', `the request body must be at most ${limit} bytes`);
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge();
  if (request.body === null) return new Uint8Array(0);
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
  return bytes;
}

/** The request's JSON object body (415, 413 or 400 otherwise). */
export async function readJsonObject(request, limit) {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    throw new HttpError(
      415,
      'ERR_UNSUPPORTED_MEDIA_TYPE',
      'send the body as JSON (Content-Type: application/json or text/plain, UTF-8)',
    );
  }
  const bytes = await readBody(request, limit);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request body is not valid UTF-8');
  }
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'ERR_BAD_REQUEST', 'the request body must be a JSON object');
  }
  return body;
}
