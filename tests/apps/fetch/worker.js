// Cloudflare Worker: POST {"roomName", "participantName"} → {"token"}, the endpoint of "Serving
// tokens". Key, secret and demo password are the Worker's secrets (`wrangler secret put …`).
import { createTokenHandler, refuse } from 'isometrik-token/server';

const sha256 = (text) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));

// Demo only: one user, whose shared password comes as `Authorization: Bearer …`. Yours reads your
// session: who the caller is (never the body's participantName) and which rooms they may join.
const demoAuthorize =
  (password) =>
  async (request, { roomName = 'lobby' }) => {
    const given = await sha256(request.headers.get('authorization') ?? '');
    if (!password || !crypto.subtle.timingSafeEqual(given, await sha256(`Bearer ${password}`))) {
      throw refuse('sign in first', { status: 401, code: 'ERR_UNAUTHENTICATED' });
    }
    return { identity: 'demo-user', room: roomName, permissions: { canPublish: true, canSubscribe: true } };
  };

let handler; // one per isolate, made when the first request brings `env`
export default {
  fetch(request, { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD }) {
    handler ??= createTokenHandler({ apiKey, apiSecret, authorize: demoAuthorize(DEMO_PASSWORD) });
    return handler(request);
  },
};
