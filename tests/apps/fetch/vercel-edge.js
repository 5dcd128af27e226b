// A Vercel Edge Function (api/token.js in a Vercel project without a framework).
import { TokenSigner } from 'isometrik-token';

export const config = { runtime: 'edge' };

let signer;

export default async function handler(request) {
  signer ??= new TokenSigner({ apiKey: process.env.ISOMETRIK_API_KEY, apiSecret: process.env.ISOMETRIK_API_SECRET });
  const { roomName, participantName } = await request.json();
  return Response.json({ token: signer.create({ roomId: roomName, participantName }) });
}
