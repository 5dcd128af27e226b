// A Node.js token server, bundled into one file by any server bundler and deployed alone.
import { createServer } from 'node:http';
import { TokenSigner } from 'isometrik-token';

const signer = new TokenSigner({
  apiKey: process.env.ISOMETRIK_API_KEY,
  apiSecret: process.env.ISOMETRIK_API_SECRET,
});

const port = Number(process.env.PORT ?? 3000);
createServer(async (request, response) => {
  if (request.method !== 'POST') return response.writeHead(405).end();
  let body = '';
  for await (const chunk of request) body += chunk;
  const { roomName, participantName } = JSON.parse(body);
  const token = signer.create({ roomId: roomName, participantName });
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
}).listen(port, () => console.log(`token server on http://127.0.0.1:${port}`));
