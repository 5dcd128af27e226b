// app/token/route.js: a Next.js route handler on the Node.js runtime (the default).
// POST /token {"roomName", "participantName"} → {"token"}.
import { TokenSigner } from 'isometrik-token';

let signer;

export async function POST(request) {
  signer ??= new TokenSigner({ apiKey: process.env.ISOMETRIK_API_KEY, apiSecret: process.env.ISOMETRIK_API_SECRET });
  const { roomName, participantName } = await request.json();
  return Response.json({ token: signer.create({ roomId: roomName, participantName }) });
}
