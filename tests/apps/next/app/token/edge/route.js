// app/token/edge/route.js: the same route handler on the Edge runtime (Vercel Edge Functions).
import { TokenSigner } from 'isometrik-token';

export const runtime = 'edge';

let signer;

export async function POST(request) {
  signer ??= new TokenSigner({ apiKey: process.env.ISOMETRIK_API_KEY, apiSecret: process.env.ISOMETRIK_API_SECRET });
  const { roomName, participantName } = await request.json();
  return Response.json({ token: signer.create({ roomId: roomName, participantName }) });
}
