// Bun: `bun run server.js` (or `bun build --compile` to one binary).
import { TokenSigner } from 'isometrik-token';

const signer = new TokenSigner({ apiKey: Bun.env.ISOMETRIK_API_KEY, apiSecret: Bun.env.ISOMETRIK_API_SECRET });

const server = Bun.serve({
  port: Number(Bun.env.PORT ?? 3000),
  async fetch(request) {
    const { roomName, participantName } = await request.json();
    return Response.json({ token: signer.create({ roomId: roomName, participantName }) });
  },
});
console.log(`token server on ${server.url}`);
