import http from 'node:http';
import { createTokenHandler, toNodeHandler } from 'isometrik-token/server';
import { demoAuthorize } from './demo-authorize.mjs';

const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD, PORT = '8080' } = process.env;
const handler = createTokenHandler({ apiKey, apiSecret, authorize: demoAuthorize(DEMO_PASSWORD), path: '/api/token' });
const server = http.createServer(toNodeHandler(handler));
server.listen(Number(PORT), '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}/api/token`));
