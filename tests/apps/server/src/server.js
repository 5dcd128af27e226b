// A Node.js token server, bundled into one file by any server bundler and deployed alone.
// `createTokenHandler` is the endpoint ("Serving tokens"); `authorize` stands in for your sign-in.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createTokenHandler, refuse, toNodeHandler } from 'isometrik-token/server';

const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD, PORT = '3000' } = process.env;
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

const server = createServer(toNodeHandler(createTokenHandler({ apiKey, apiSecret, authorize })));
server.listen(Number(PORT), () => console.log(`token server on http://127.0.0.1:${server.address().port}`));
