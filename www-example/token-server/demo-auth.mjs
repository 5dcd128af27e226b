// The examples' demo authorization: whoever knows the shared DEMO_PASSWORD may join any room
// under the name they ask for, with the Isometrik docs' permissions. The password travels as
// HTTP Basic authentication (any user name): `curl -u demo:$DEMO_PASSWORD …`; a browser asks
// for it once and then sends it with every request to the site, the docs' client snippet's
// included.
//
// A real application decides from its own sign-in instead: the identity from the session (not
// from the request body), and only the rooms and permissions that user has.
//
// No imports, so that the Node demo server (www-example/server.mjs) can use it from the
// repository with the package it built; the examples here import demo-authorize.mjs.

export const DEMO_PERMISSIONS = Object.freeze({ canPublish: true, canSubscribe: true, canUpdateMetadata: true });
/** What a 401 answers with, so that a browser asks for the password. */
export const DEMO_CHALLENGE = Object.freeze({
  'www-authenticate': 'Basic realm="isometrik-token demo", charset="UTF-8"',
});

/** The password of an `Authorization: Basic` header (after the first colon), or undefined. */
function basicPassword(header) {
  const match = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header?.trim() ?? '');
  if (match === null) return undefined;
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (c) => c.charCodeAt(0)));
    return text.includes(':') ? text.slice(text.indexOf(':') + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** SHA-256 digests are compared, so the time taken says nothing about the password. */
async function digest(text) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** True if an `Authorization` header value (or null) carries `password` as Basic authentication. */
export async function hasDemoPassword(authorization, password) {
  const given = basicPassword(authorization);
  const [a, b] = await Promise.all([digest(given ?? ''), digest(password)]);
  let difference = given === undefined ? 1 : 0;
  for (let i = 0; i < a.length; i++) difference |= a[i] ^ b[i];
  return difference === 0;
}

/**
 * `demoAuthorize(password)` for createTokenHandler, refusing with the package's `refuse`: 401
 * without the password, 400 without the docs' request fields.
 */
export function makeDemoAuthorize(refuse) {
  return function demoAuthorize(password) {
    if (typeof password !== 'string' || password.length < 8) {
      throw new Error('set DEMO_PASSWORD (8 characters or more): callers must know it to get a token');
    }
    return async function authorize(request, { roomName, participantName }) {
      if (!(await hasDemoPassword(request.headers.get('authorization'), password))) {
        throw refuse('sign in with the demo password', {
          status: 401,
          code: 'ERR_UNAUTHENTICATED',
          headers: DEMO_CHALLENGE,
        });
      }
      for (const [field, value] of Object.entries({ roomName, participantName })) {
        if (value === undefined) throw refuse(`${field} is required`, { status: 400, code: 'ERR_BAD_REQUEST', field });
      }
      return { identity: participantName, room: roomName, permissions: DEMO_PERMISSIONS };
    };
  };
}
