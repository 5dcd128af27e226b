import { createTokenHandler } from 'isometrik-token/server';
import { demoAuthorize } from './demo-authorize.mjs';

let handler; // one per isolate, made when the first request brings `env`
export default {
  fetch(request, { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD }) {
    handler ??= createTokenHandler({ apiKey, apiSecret, authorize: demoAuthorize(DEMO_PASSWORD), path: '/api/token' });
    return handler(request);
  },
};
