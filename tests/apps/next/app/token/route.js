// app/token/route.js: a Next.js route handler on the Node.js runtime (the default), the endpoint
// of "Serving tokens": POST /token {"roomName", "participantName"} → {"token"}.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createTokenHandler, refuse } from 'isometrik-token/server';

const sha256 = (text) => createHash('sha256').update(text).digest();

// Demo only: one user, whose shared password comes as `Authorization: Bearer …`. Yours reads your
// session: who the caller is (never the body's participantName) and which rooms they may join.
function authorize(request, { roomName = 'lobby' }) {
  const { DEMO_PASSWORD } = process.env;
  const given = sha256(request.headers.get('authorization') ?? '');
  if (!DEMO_PASSWORD || !timingSafeEqual(given, sha256(`Bearer ${DEMO_PASSWORD}`))) {
    throw refuse('sign in first', { status: 401, code: 'ERR_UNAUTHENTICATED' });
  }
  return { identity: 'demo-user', room: roomName, permissions: { canPublish: true, canSubscribe: true } };
}

let handler; // made at the first request, not when `next build` loads the route
export function POST(request) {
  handler ??= createTokenHandler({
    apiKey: process.env.ISOMETRIK_API_KEY,
    apiSecret: process.env.ISOMETRIK_API_SECRET,
    authorize,
  });
  return handler(request);
}
