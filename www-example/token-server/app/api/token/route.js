import { createTokenHandler } from 'isometrik-token/server';
import { demoAuthorize } from '../../../demo-authorize.mjs';

export const POST = createTokenHandler({
  apiKey: process.env.ISOMETRIK_API_KEY,
  apiSecret: process.env.ISOMETRIK_API_SECRET,
  authorize: demoAuthorize(process.env.DEMO_PASSWORD),
});
