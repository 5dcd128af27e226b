// The same package from CommonJS TypeScript (`require`, resolved to index.d.cts under nodenext).
import isometrik = require('isometrik-token');

const token: string = isometrik.createToken({
  apiKey: 'APIkey123',
  apiSecret: 'a-secret-of-at-least-32-bytes!!!',
  roomId: 'r',
  participantName: 'p',
});
const code: isometrik.ErrorCode = 'ERR_EXPIRED';
const name: isometrik.PermissionName = 'canPublish';
const signer = new isometrik.TokenSigner({ apiKey: 'k', apiSecret: 'a-secret-of-at-least-32-bytes!!!' });
const claims: isometrik.TokenClaims = signer.verify(token);
signer.free();
// @ts-expect-error roomId must be a string
isometrik.createToken({ apiKey: 'k', apiSecret: 's', roomId: 5, participantName: 'p' });
const isError: boolean = new Error() instanceof isometrik.IsometrikTokenError;

export = { token, code, name, claims, isError };
