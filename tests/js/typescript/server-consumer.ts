// A TypeScript consumer of `isometrik-token/server`: every export and type, strictly (no
// @types/node: the Node adapter's types are structural). tests/js/package.test.mjs type-checks it.
import {
  createTokenHandler,
  refuse,
  TokenRefusal,
  toNodeHandler,
  type Authorize,
  type RefusalOptions,
  type TokenGrant,
  type TokenHandler,
  type TokenHandlerOptions,
} from 'isometrik-token/server';
import { TokenSigner } from 'isometrik-token';

const authorize: Authorize = async (request, body) => {
  if (request.headers.get('authorization') === null) throw refuse('sign in', { status: 401 });
  if (typeof body.roomName !== 'string') return null;
  const grant: TokenGrant = { identity: 'user-1', room: body.roomName, permissions: { canSubscribe: true } };
  return grant;
};
const options: TokenHandlerOptions = { apiKey: 'key', apiSecret: 'a-secret-of-at-least-32-bytes!!!', authorize };
export const POST: TokenHandler = createTokenHandler(options);
const signer = new TokenSigner({ apiKey: 'key', apiSecret: 'a-secret-of-at-least-32-bytes!!!' });
export const withSigner = createTokenHandler({ signer, authorize: () => false, maxExpiresIn: '2h', trustProxy: true });
export const listener = toNodeHandler(POST);
const how: RefusalOptions = { code: 'ERR_NOT_MEMBER', status: 403, headers: { 'x-reason': 'room' } };
export const refusal: TokenRefusal = new TokenRefusal('no', how);
export const status: 400 | 401 | 403 = refusal.status;
export const response: Promise<Response> = POST(new Request('https://example.com/api/token'));

// @ts-expect-error authorize is required
createTokenHandler({ apiKey: 'key', apiSecret: 'a-secret-of-at-least-32-bytes!!!' });
// @ts-expect-error a signer or a key and secret, not both
createTokenHandler({ signer, apiKey: 'key', apiSecret: 'a-secret-of-at-least-32-bytes!!!', authorize });
// @ts-expect-error a grant names its room
export const noRoom: TokenGrant = { identity: 'user-1' };
