import express from 'express';
import { createTokenHandler, toNodeHandler } from 'isometrik-token/server';
import { demoAuthorize } from './demo-authorize.mjs';

const { ISOMETRIK_API_KEY: apiKey, ISOMETRIK_API_SECRET: apiSecret, DEMO_PASSWORD, PORT = '8080' } = process.env;
const handler = createTokenHandler({ apiKey, apiSecret, authorize: demoAuthorize(DEMO_PASSWORD) });
const app = express(); // no express.json() before it: the handler reads the body itself, within its limit
app.all('/api/token', toNodeHandler(handler));
const server = app.listen(Number(PORT), '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`));
