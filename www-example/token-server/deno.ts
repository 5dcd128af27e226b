import process from 'node:process';
import { createTokenHandler } from 'isometrik-token/server';
import { demoAuthorize } from './demo-authorize.mjs';

const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD, PORT = '8000' } = process.env;
const handler = createTokenHandler({ apiKey, apiSecret, authorize: demoAuthorize(DEMO_PASSWORD), path: '/api/token' });
Deno.serve({ hostname: '127.0.0.1', port: Number(PORT) }, handler);
