// `POST /api/token` on Deno (the endpoint is ./token-endpoint.mjs).
//
//   deno task start        # in this folder; or, spelled out:
//   deno run --allow-net=127.0.0.1 --allow-env=PORT,HOST,ISOMETRIK_API_KEY,ISOMETRIK_API_SECRET server.ts
//
// deno.json maps 'isometrik-token' to "npm:isometrik-token" (Deno picks the package's `deno`
// build). Without ISOMETRIK_API_SECRET it makes up a random development secret for this process.
import { TokenSigner } from 'isometrik-token';
import { TOKEN_PATH, createTokenHandler, devSignerOptions, notFound } from './token-endpoint.mjs';

const DEFAULT_PORT = 8000;

function createSigner(): TokenSigner {
  const options = devSignerOptions(
    { apiKey: Deno.env.get('ISOMETRIK_API_KEY'), apiSecret: Deno.env.get('ISOMETRIK_API_SECRET') },
    (line: string) => console.warn(line),
  );
  try {
    return new TokenSigner(options);
  } catch (error) {
    // e.g. ERR_WEAK_SECRET; the library's messages never contain the secret.
    const { code, name, message } = error as { code?: string; name: string; message: string };
    console.error(`cannot start: ${code ?? name}: ${message}`);
    Deno.exit(1);
  }
}

const signer = createSigner();
const handleToken = createTokenHandler({ getSigner: () => signer, log: (line: string) => console.error(line) });

Deno.serve(
  {
    port: Number(Deno.env.get('PORT') ?? DEFAULT_PORT),
    hostname: Deno.env.get('HOST') || '127.0.0.1',
    onListen: ({ hostname, port }) => console.log(`Isometrik token server (Deno): http://${hostname}:${port}/`),
  },
  (request) => (new URL(request.url).pathname === TOKEN_PATH ? handleToken(request) : notFound()),
);
