// Types of `isometrik-token/server`: the `POST /api/token` endpoint as a web handler.
import type { Duration, Permissions, Secret, TokenSigner } from './index.js';

/** What `authorize` lets the caller have. Anything it does not name is not granted. */
export interface TokenGrant {
  /** The participant identity (`sub`): from your session, not from the request body. */
  identity: string;
  /** The room (`room`) this caller may join. */
  room: string;
  /** What they may do there. Default: nothing (`{}`). */
  permissions?: Permissions;
  /** Display name (`name`). */
  name?: string;
  /** Application metadata (`metadata`). */
  metadata?: string;
  /** Lifetime; default `defaultExpiresIn` (1 h), at most `maxExpiresIn` (6 h). */
  expiresIn?: Duration;
}

/**
 * The JSON body the caller sent (the Isometrik docs' client sends `roomName` and
 * `participantName`): what they ask for, checked to be strings when present, never trusted.
 */
export interface TokenRequestBody {
  roomName?: string;
  participantName?: string;
  [field: string]: unknown;
}

/**
 * Decides what the caller may have: a grant, or `null`/`false` to refuse (403 `ERR_FORBIDDEN`),
 * or `throw refuse(message, { code, status, field, headers })`. Anything else it throws, or a
 * grant that is not one (no identity or room, an unknown field, a lifetime over the cap), is a
 * 500. `request` is the caller's (headers, cookies, URL); its body was already read: use `body`.
 */
export type Authorize = (
  request: Request,
  body: TokenRequestBody,
) => TokenGrant | null | false | Promise<TokenGrant | null | false>;

interface HandlerOptionsBase {
  /** Required: who the caller is and what they may join. */
  authorize: Authorize;
  /** Answer 404 for any other path (for `fetch` handlers that see every request). */
  path?: string;
  /** The largest request body, in bytes (413 beyond it). Default 8192, at most 1 MiB. */
  maxBodyBytes?: number;
  /** The lifetime of a grant that names none. Default `'1h'`. */
  defaultExpiresIn?: Duration;
  /** The longest lifetime a grant may ask for. Default `'6h'`. */
  maxExpiresIn?: Duration;
  /**
   * Believe `X-Forwarded-Proto: https` from a proxy in front (the last value). Only with a proxy
   * that sets it. Default `false`: plain HTTP is accepted from loopback hosts only.
   */
  trustProxy?: boolean;
  /** Receives one line per 500 (never the secret or a token). Default `console.error`. */
  log?: (line: string) => void;
}

/** Options of `createTokenHandler`: a key and secret, or a signer you made. */
export type TokenHandlerOptions =
  | (HandlerOptionsBase & { apiKey: string; apiSecret: Secret; signer?: never })
  | (HandlerOptionsBase & { signer: TokenSigner; apiKey?: never; apiSecret?: never });

/** A web handler: Workers/Deno/Bun `fetch`, a Next.js route handler, `(c) => handler(c.req.raw)` in Hono. */
export type TokenHandler = (request: Request, ...context: unknown[]) => Promise<Response>;

/**
 * The endpoint: `POST` a JSON body, get `{ token }` or `{ error, code, field? }`. Throws
 * `IsometrikTokenError` (`ERR_INVALID_OPTIONS`, `ERR_WEAK_SECRET`, …) for bad options.
 */
export declare function createTokenHandler(options: TokenHandlerOptions): TokenHandler;

/** What `toNodeHandler` reads of node:http's IncomingMessage (no @types/node needed). */
export interface NodeRequestLike extends AsyncIterable<Uint8Array> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  readonly complete: boolean;
  readonly readableEnded: boolean;
  resume(): unknown;
  destroy(): unknown;
}

/** What `toNodeHandler` uses of node:http's ServerResponse. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: Uint8Array): unknown;
}

/**
 * A Node `(req, res)` listener: node:http, Express (before any body parser), Fastify
 * (`reply.hijack()`, then `listener(request.raw, reply.raw)`, with a parser that leaves the body unread).
 */
export declare function toNodeHandler(
  handler: TokenHandler,
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;

/** What `refuse()` makes; `authorize` throws it to refuse with a message and code. */
export declare class TokenRefusal extends Error {
  constructor(message?: string, options?: RefusalOptions);
  readonly code: string;
  readonly status: 400 | 401 | 403;
  readonly field?: string;
  readonly headers: Record<string, string>;
}

/**
 * How a refusal answers: `code` (default `ERR_FORBIDDEN`), the status (403 by default; 401 not
 * signed in; 400 a request it cannot use, with the `field`), extra headers.
 */
export interface RefusalOptions {
  code?: string;
  status?: 400 | 401 | 403;
  field?: string;
  /** e.g. `{ 'www-authenticate': 'Basic realm="demo"' }` with a 401. */
  headers?: Record<string, string>;
}

/** `throw refuse('not a member of this room')`: 403 (or the status given) with that message and code. */
export declare function refuse(message?: string, options?: RefusalOptions): TokenRefusal;
