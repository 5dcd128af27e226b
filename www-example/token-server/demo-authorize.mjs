// `demoAuthorize(password)`: the examples' shared-password `authorize` (demo-auth.mjs says what
// it allows). Replace it with your application's own sign-in.
import { refuse } from 'isometrik-token/server';
import { makeDemoAuthorize } from './demo-auth.mjs';

export const demoAuthorize = makeDemoAuthorize(refuse);
