// app/token/edge/route.js: the same route handler on the Edge runtime (Vercel Edge Functions),
// which has Web Crypto but not node:crypto.
import { createTokenHandler, refuse } from 'isometrik-token/server';

export const runtime = 'edge';

const sha256 = async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));

// Demo only: one user, whose shared password comes as `Authorization: Bearer …` (digests compared
// in constant time). Yours reads your session: who the caller is and which rooms they may join.
async function authorize(request, { roomName = 'lobby' }) {
  const { DEMO_PASSWORD } = process.env;
  const given = await sha256(request.headers.get('authorization') ?? '');
  const known = await sha256(`Bearer ${DEMO_PASSWORD}`);
  if (!DEMO_PASSWORD || given.reduce((diff, byte, i) => diff | (byte ^ known[i]), 0) !== 0) {
    throw refuse('sign in first', { status: 401, code: 'ERR_UNAUTHENTICATED' });
  }
  return { identity: 'demo-user', room: roomName, permissions: { canPublish: true, canSubscribe: true } };
}

let handler;
export function POST(request) {
  handler ??= createTokenHandler({
    apiKey: process.env.ISOMETRIK_API_KEY,
    apiSecret: process.env.ISOMETRIK_API_SECRET,
    authorize,
  });
  return handler(request);
}
