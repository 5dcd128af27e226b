// An AWS Lambda handler (Node.js, behind a function URL or API Gateway HTTP API), bundled by
// esbuild into one index.mjs and zipped alone. The event becomes a web Request for the handler.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createTokenHandler, refuse } from 'isometrik-token/server';

const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD } = process.env;
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

const handle = createTokenHandler({ apiKey, apiSecret, authorize });

export async function handler({ requestContext, rawPath, headers, body, isBase64Encoded }) {
  const init = { method: requestContext.http.method, headers };
  if (body) init.body = isBase64Encoded ? Buffer.from(body, 'base64') : body;
  const response = await handle(new Request(`https://${requestContext.domainName}${rawPath}`, init));
  return { statusCode: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}
