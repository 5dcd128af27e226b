// Cloudflare Worker for the token handler's contract (bundled by the test the way wrangler
// does): every request runs the checks and answers with their JSON.
import { runContract } from './contract.mjs';

export default {
  async fetch() {
    return Response.json(await runContract());
  },
};
