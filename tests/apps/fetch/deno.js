// Deno (and Deno Deploy): `deno run --allow-net --allow-env server.js`, with
// `import ... from 'npm:isometrik-token'` or the name mapped in deno.json.
import { TokenSigner } from 'isometrik-token';

const signer = new TokenSigner({
  apiKey: Deno.env.get('ISOMETRIK_API_KEY'),
  apiSecret: Deno.env.get('ISOMETRIK_API_SECRET'),
});

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, async (request) => {
  const { roomName, participantName } = await request.json();
  return Response.json({ token: signer.create({ roomId: roomName, participantName }) });
});
