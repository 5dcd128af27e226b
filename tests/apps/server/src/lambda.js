// An AWS Lambda handler (Node.js, behind a function URL or API Gateway HTTP API), bundled by
// esbuild into one index.mjs and zipped alone.
import { TokenSigner } from 'isometrik-token';

const signer = new TokenSigner({
  apiKey: process.env.ISOMETRIK_API_KEY,
  apiSecret: process.env.ISOMETRIK_API_SECRET,
});

export async function handler(event) {
  const { roomName, participantName } = JSON.parse(event.body);
  const token = signer.create({ roomId: roomName, participantName });
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) };
}
