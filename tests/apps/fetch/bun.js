// Bun: `bun run server.js` (or `bun build --compile` to one binary). The endpoint is that of
// "Serving tokens"; `authorize` stands in for your sign-in.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createTokenHandler, refuse } from 'isometrik-token/server';

const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD, PORT = '3000' } = Bun.env;
const sha256 = (text) => createHash('sha256').update(text).digest();

// Demo only: one user, whose shared password comes as `Authorization: Bearer …`. Yours reads your
// session: who the caller is (never the body's participantName) and which rooms they may join.
function authorize(request, { roomName = 'lobby' }) {
  const given = sha256(request.headers.get('authorization') ?? '');
  if (!DEMO_PASSWORD || !timingSafeEqual(given, sha256(`Bearer ${DEMO_PASSWORD}`))) {
    throw refuse('sign in first', { status: 401, code: 'ERR_UNAUTHENTICATED' });
  }
  return { identity: 'demo-user', room: roomName, permissions: { canPublish: true, canSubscribe: true } };
}

const server = Bun.serve({ port: Number(PORT), fetch: createTokenHandler({ apiKey, apiSecret, authorize }) });
console.log(`token server on ${server.url}`);
