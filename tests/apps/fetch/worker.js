// Cloudflare Worker: POST {"roomName", "participantName"} → {"token"}.
// The key and secret are the Worker's variables (`wrangler secret put ISOMETRIK_API_SECRET`).
import { TokenSigner } from 'isometrik-token';

let signer;

export default {
  async fetch(request, env) {
    signer ??= new TokenSigner({ apiKey: env.ISOMETRIK_API_KEY, apiSecret: env.ISOMETRIK_API_SECRET });
    const { roomName, participantName } = await request.json();
    return Response.json({ token: signer.create({ roomId: roomName, participantName }) });
  },
};
