// Cloudflare Worker for the conformance run (bundled by the test the way wrangler does: esbuild,
// conditions workerd/worker/browser, the .wasm kept as a module). Every request runs the checks
// and answers with their JSON.
import { runConformance } from './conformance.mjs';

export default {
  fetch() {
    return Response.json(runConformance());
  },
};
