// A Cloudflare Worker serving `POST /api/token` (the endpoint is ./token-endpoint.mjs).
//
// Configuration: the Worker's environment. ISOMETRIK_API_KEY is a plain variable and
// ISOMETRIK_API_SECRET a secret (`wrangler secret put ISOMETRIK_API_SECRET`); for `wrangler dev`
// put both in .dev.vars (see .dev.vars.example). The secret is never logged or sent.
//
// wrangler resolves 'isometrik-token' to the package's `workerd` build, which imports the .wasm
// as a module: nothing to configure.
import { TokenSigner } from 'isometrik-token';
import { TOKEN_PATH, createTokenHandler, notFound } from './token-endpoint.mjs';

// One signer per isolate, made on the first request (a Worker sees `env` only then). Changing a
// variable or secret redeploys the Worker, so a new isolate makes a new signer.
let signer;

function getSigner(env) {
  if (signer === undefined) {
    const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret } = env;
    if (!apiKey || !apiSecret) {
      const error = new Error('set ISOMETRIK_API_KEY and the secret ISOMETRIK_API_SECRET');
      error.code = 'ERR_NOT_CONFIGURED';
      throw error;
    }
    signer = new TokenSigner({ apiKey, apiSecret });
  }
  return signer;
}

const handleToken = createTokenHandler({ getSigner, log: (line) => console.error(line) });

export default {
  /** @param {Request} request */
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    return pathname === TOKEN_PATH ? handleToken(request, env) : notFound();
  },
};
