// Next.js middleware on the edge runtime (the default for `middleware.js`; Next 16's `proxy.js`
// runs only on Node.js, so an edge check still lives here): every /api request must carry a valid
// Isometrik access token, as a bearer token or in the `isometrik_token` cookie. Valid: the request
// goes on to the route with the token's identity in `x-isometrik-sub`. Missing or invalid: 401
// with the package's error code; 500 if the package cannot run here (ERR_WASM_UNAVAILABLE, logged).
// The secret and key come from the server's environment.
import { NextResponse } from 'next/server';
import { IsometrikTokenError, verifyToken } from 'isometrik-token';

export const config = { matcher: '/api/:path*' };

/** The edge runtime sets the global `EdgeRuntime`; Node.js does not. */
const RUNTIME = typeof EdgeRuntime === 'string' ? EdgeRuntime : 'nodejs';

function unauthorized(code) {
  return NextResponse.json({ error: code }, { status: 401, headers: { 'x-middleware-runtime': RUNTIME } });
}

export function middleware(request) {
  const auth = request.headers.get('authorization') ?? '';
  const token = auth.startsWith('Bearer ')
    ? auth.slice('Bearer '.length)
    : request.cookies.get('isometrik_token')?.value;
  if (!token) return unauthorized('ERR_MISSING_TOKEN');
  let claims;
  try {
    claims = verifyToken(token, { apiSecret: process.env.ISOMETRIK_API_SECRET, apiKey: process.env.ISOMETRIK_API_KEY });
  } catch (err) {
    // The server cannot verify anything (its wasm could not be loaded): our fault, not the client's.
    if (err instanceof IsometrikTokenError && err.code === 'ERR_WASM_UNAVAILABLE') {
      console.error(err);
      return NextResponse.json({ error: err.code }, { status: 500, headers: { 'x-middleware-runtime': RUNTIME } });
    }
    if (err instanceof IsometrikTokenError) return unauthorized(err.code);
    throw err;
  }
  const headers = new Headers(request.headers);
  headers.set('x-isometrik-sub', claims.sub);
  headers.set('x-isometrik-room', claims.room);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('x-middleware-runtime', RUNTIME);
  return response;
}
