// `isometrik-token/server`: the `POST /api/token` endpoint of the Isometrik docs as one function
// of a web `Request`, with the docs' security practices built in: the caller is authorized by the
// application's `authorize` before any token is made (the request body is only its input), the
// transport must be HTTPS (or loopback), lifetimes are short, bodies are small, and errors say
// nothing about the configuration.
//
// Runtime-neutral: web Request, Response, streams and TextDecoder only. Each server entry (written
// by scripts/assemble-pkg.mjs beside the package's builds) calls tokenServer() with the full build
// it belongs to, so a process has one wasm instance and one IsometrikTokenError class.
import { nodeAdapter } from './server-node-adapter.js';
import { HttpError, errorResponse, jsonResponse, readJsonObject } from './server-request.js';

/** The largest request body accepted by default, in bytes. */
const DEFAULT_MAX_BODY_BYTES = 8 * 1024;
/** A ceiling for `maxBodyBytes`: the request is a room name and an identity. */
const MAX_BODY_BYTES_LIMIT = 1024 * 1024;
/** The grant's fields; anything else is a mistake in `authorize` (e.g. `permission`). */
const GRANT_FIELDS = new Set(['identity', 'room', 'permissions', 'name', 'metadata', 'expiresIn']);
/** createTokenHandler's options; any other name is a mistake (e.g. `maxExpiresin`). */
const OPTIONS = new Set([
  'apiKey',
  'apiSecret',
  'signer',
  'authorize',
  'path',
  'maxBodyBytes',
  'defaultExpiresIn',
  'maxExpiresIn',
  'trustProxy',
  'log',
]);
/** The request fields the docs' client sends; each must be a string when present. */
const REQUEST_FIELDS = ['roomName', 'participantName'];

/** The statuses a refusal may have: a bad request, not signed in, not allowed. */
const REFUSAL_STATUSES = new Set([400, 401, 403]);

/**
 * A refusal `authorize` throws (or `refuse()` makes): the caller gets `status` (403 by default;
 * 401 when not signed in, 400 for a request it cannot use), `{ error: message, code, field? }`
 * and `headers` (a 401 should say how to authenticate: `WWW-Authenticate`). Anything else
 * `authorize` throws is a 500.
 */
export class TokenRefusal extends Error {
  /**
   * @param {string} [message]
   * @param {{ code?: string, status?: 400 | 401 | 403, field?: string, headers?: Record<string, string> }} [options]
   */
  constructor(message = 'not allowed', { code = 'ERR_FORBIDDEN', status = 403, field, headers = {} } = {}) {
    super(message);
    this.name = 'TokenRefusal';
    this.code = String(code);
    this.status = REFUSAL_STATUSES.has(status) ? status : 403;
    if (field !== undefined) this.field = String(field);
    this.headers = { ...headers };
  }
}

/**
 * `throw refuse('not a member of this room')` in `authorize`: a 403 (or the `status` given) with
 * that message and `code` (default `ERR_FORBIDDEN`).
 * @param {string} [message]
 * @param {{ code?: string, status?: 400 | 401 | 403, field?: string, headers?: Record<string, string> }} [options]
 */
export function refuse(message, options) {
  return new TokenRefusal(message, options);
}

/** True for a host name that can only be this machine: localhost, 127.0.0.0/8, ::1. */
function isLoopback(hostname) {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/**
 * Whether the request came over HTTPS as far as this server can tell: an `https:` URL; or, with
 * `trustProxy`, a proxy's `X-Forwarded-Proto: https` (the last value: the one the nearest proxy
 * set); or plain HTTP to a loopback host (local development). A forwarded protocol other than
 * https refuses even a loopback request (a proxy on this machine is saying the client used
 * plain HTTP), unless the forwarded host is loopback too (isLocalForward). (The check reads the URL's host, which the client chooses: it keeps a deployment
 * from serving tokens over plain HTTP by mistake, it does not authenticate anyone.)
 */
function isSecure(request, trustProxy) {
  const forwarded = request.headers.get('x-forwarded-proto');
  const proto = forwarded === null ? undefined : forwarded.split(',').at(-1).trim().toLowerCase();
  if (proto !== undefined && proto !== 'https') return proto === 'http' && isLocalForward(request);
  if (request.url.startsWith('https:')) return true;
  if (trustProxy && proto === 'https') return true;
  // Plain HTTP: only now is the URL parsed (a hot HTTPS endpoint never pays for it).
  return request.url.startsWith('http:') && isLoopback(new URL(request.url).hostname);
}

/**
 * A plain-HTTP request that a server on this machine marked as forwarded *and* addressed to this
 * machine: `X-Forwarded-Proto: http` with every `X-Forwarded-Host` and the URL's host loopback.
 * That is how `next dev` and `next start` mark each request they serve over plain HTTP, so local
 * development works; a proxy forwarding a client's request keeps that client's host in
 * `X-Forwarded-Host` (or sends none), which is still refused.
 */
function isLocalForward(request) {
  const hosts = request.headers.get('x-forwarded-host');
  if (hosts === null || !request.url.startsWith('http:')) return false;
  for (const host of [...hosts.split(','), new URL(request.url).host]) {
    let hostname;
    try {
      hostname = new URL(`http://${host.trim()}`).hostname;
    } catch {
      return false;
    }
    if (!isLoopback(hostname)) return false;
  }
  return true;
}

/**
 * The handler factory over one build of the package.
 * @param {{ TokenSigner: any, IsometrikTokenError: any, parseDuration: (value: unknown) => number }} library
 */
export function tokenServer({ TokenSigner, IsometrikTokenError, parseDuration }) {
  const invalid = (field, reason) =>
    new IsometrikTokenError('ERR_INVALID_OPTIONS', `invalid option \`${field}\`: ${reason}`, { field, reason });

  /** Reads and checks createTokenHandler's options; throws IsometrikTokenError. */
  function readOptions(options) {
    if (options === null || typeof options !== 'object') throw invalid('options', 'must be an object');
    const o = { ...options };
    for (const key of Object.keys(o)) {
      if (!OPTIONS.has(key)) throw invalid(key, 'is not an option of createTokenHandler');
    }
    if (typeof o.authorize !== 'function') {
      throw invalid(
        'authorize',
        'is required: a function (request, body) that decides who the caller is and what they may ' +
          'join, returning { identity, room, permissions? } or null to refuse. Without it the ' +
          'endpoint would give a token to anyone who asks.',
      );
    }
    const maxBodyBytes = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
      throw invalid('maxBodyBytes', `must be a whole number of bytes from 1 to ${MAX_BODY_BYTES_LIMIT}`);
    }
    const duration = (field, value) => {
      try {
        return parseDuration(value);
      } catch (error) {
        throw invalid(field, error.reason ?? 'must be a number of seconds or a duration string like "1h"');
      }
    };
    const maxExpiresIn = o.maxExpiresIn ?? '6h';
    const maxSecs = duration('maxExpiresIn', maxExpiresIn);
    const defaultSecs = duration('defaultExpiresIn', o.defaultExpiresIn ?? '1h');
    if (defaultSecs > maxSecs) throw invalid('defaultExpiresIn', 'must not be longer than `maxExpiresIn`');
    if (o.trustProxy !== undefined && typeof o.trustProxy !== 'boolean')
      throw invalid('trustProxy', 'must be a boolean');
    if (o.path !== undefined && (typeof o.path !== 'string' || !o.path.startsWith('/'))) {
      throw invalid('path', 'must be a path starting with "/"');
    }
    if (o.log !== undefined && typeof o.log !== 'function') throw invalid('log', 'must be a function (line) => void');
    let signer = o.signer;
    if (signer !== undefined) {
      if (o.apiKey !== undefined || o.apiSecret !== undefined) {
        throw invalid('signer', 'give either `signer` or `apiKey` and `apiSecret`, not both');
      }
      if (signer === null || typeof signer.create !== 'function') throw invalid('signer', 'must be a TokenSigner');
    } else {
      // The signer checks the key and the secret (ERR_WEAK_SECRET, …), and caps lifetimes too.
      signer = new TokenSigner({ apiKey: o.apiKey, apiSecret: o.apiSecret, maxExpiresIn });
    }
    return {
      authorize: o.authorize,
      signer,
      maxBodyBytes,
      maxSecs,
      defaultSecs,
      trustProxy: o.trustProxy === true,
      path: o.path,
      log: o.log ?? ((line) => console.error(line)),
    };
  }

  /**
   * Checks what `authorize` returned and turns it into the signer's options. A refusal becomes
   * an HttpError; a grant that is not one (a typo, a missing field) is the application's bug,
   * thrown as a plain Error: a 500, never a token.
   */
  function grantOptions(grant, o) {
    if (grant === null || grant === false) throw new HttpError(403, 'ERR_FORBIDDEN', 'not allowed');
    if (typeof grant !== 'object') {
      throw new Error(
        `authorize returned ${grant === undefined ? 'nothing' : typeof grant}: return a grant, or null to refuse`,
      );
    }
    for (const key of Object.keys(grant)) {
      if (!GRANT_FIELDS.has(key)) throw new Error(`authorize returned an unknown field \`${key}\``);
    }
    const { identity, room, permissions = {}, name, metadata, expiresIn } = grant;
    if (typeof identity !== 'string') throw new Error('authorize returned no `identity` string');
    if (typeof room !== 'string') throw new Error('authorize returned no `room` string');
    if (permissions === null || typeof permissions !== 'object')
      throw new Error('authorize returned bad `permissions`');
    const secs = expiresIn === undefined ? o.defaultSecs : parseDuration(expiresIn);
    if (secs > o.maxSecs) throw new Error('authorize asked for a lifetime over `maxExpiresIn`');
    const options = { roomId: room, participantName: identity, permissions, expiresIn: secs };
    if (name !== undefined) options.name = name;
    if (metadata !== undefined) options.metadata = metadata;
    return options;
  }

  /**
   * The signer refused a value. If it is the request's own roomName or participantName that
   * authorize passed on, it is the caller's mistake (400, naming the request's field); anything
   * else came from the application (500).
   */
  function refusedValue(error, body, options) {
    const from = {
      roomId: ['roomName', options.roomId],
      participantName: ['participantName', options.participantName],
    };
    const [field, value] = from[error.field] ?? [];
    if (field === undefined || body[field] !== value) return error;
    const reason = String(error.message).replace(/^invalid option `[^`]*`:\s*/, '');
    return new HttpError(400, error.code, `${field} ${reason}`, field);
  }

  /**
   * Returns the endpoint: `(request: Request) => Promise<Response>`. Extra arguments (a Worker's
   * env, a Next.js route context) are ignored.
   */
  function createTokenHandler(options) {
    const o = readOptions(options);
    return async function handleTokenRequest(request) {
      try {
        if (o.path !== undefined && new URL(request.url).pathname !== o.path) {
          throw new HttpError(404, 'ERR_NOT_FOUND', 'not found');
        }
        if (request.method !== 'POST') {
          return errorResponse(405, 'ERR_METHOD_NOT_ALLOWED', 'use POST', { headers: { allow: 'POST' } });
        }
        if (!isSecure(request, o.trustProxy)) {
          throw new HttpError(403, 'ERR_HTTPS_REQUIRED', 'tokens are only served over HTTPS');
        }
        const body = await readJsonObject(request, o.maxBodyBytes);
        for (const field of REQUEST_FIELDS) {
          if (field in body && typeof body[field] !== 'string') {
            throw new HttpError(400, 'ERR_BAD_REQUEST', `${field} must be a string`, field);
          }
        }
        let grant;
        try {
          grant = await o.authorize(request, body);
        } catch (error) {
          if (error instanceof TokenRefusal) {
            return errorResponse(error.status, error.code, error.message, {
              field: error.field,
              headers: error.headers,
            });
          }
          throw error;
        }
        const signOptions = grantOptions(grant, o);
        let token;
        try {
          token = o.signer.create(signOptions);
        } catch (error) {
          if (error?.code === 'ERR_INVALID_OPTIONS') throw refusedValue(error, body, signOptions);
          throw error;
        }
        return jsonResponse(200, { token });
      } catch (error) {
        if (error instanceof HttpError) {
          return errorResponse(error.status, error.code, error.message, { field: error.field });
        }
        // The application's bug or the signer's refusal: the operator is told, the caller is not.
        o.log(`token endpoint failed: ${error?.code ?? error?.name ?? 'Error'}: ${error?.message ?? error}`);
        return errorResponse(500, 'ERR_INTERNAL', 'the token could not be created');
      }
    };
  }

  /** The handler as a Node `(req, res)` listener (server-node-adapter.js). */
  function toNodeHandler(handler) {
    if (typeof handler !== 'function') throw invalid('handler', 'must be the function createTokenHandler returned');
    return nodeAdapter(handler);
  }

  return { createTokenHandler, toNodeHandler };
}
