// Randomized requests for the token handler's property check (contract.mjs): methods, schemes,
// hosts, forwarded headers, content types, bodies and authorize decisions drawn from a seeded
// generator, each with the status the contract predicts. The handler's authorize looks the
// decision up by the request's `x-case` header.
import { mulberry32 } from '../../interop/claims.mjs';

const BAD_TYPES = ['text/html', 'application/xml', 'application/json; charset=latin1', 'multipart/form-data', null];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.é😀日本';

/**
 * `count` cases from `seed`: `{ request, decide(), check(status, granted) }`; `check` throws when
 * the status is not the predicted one.
 */
export function randomRequests(seed, count, { refuse, PERMISSIONS }) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  const validName = () => {
    const chars = [...ALPHABET];
    return Array.from({ length: 1 + Math.floor(random() * 20) }, () => pick(chars)).join('');
  };
  /** [value, kind]: kind is 'valid', 'invalid' (the signer refuses it) or 'type' (not a string). */
  const nameField = () => {
    const r = random();
    if (r < 0.8) return [validName(), 'valid'];
    if (r < 0.85) return ['   ', 'invalid'];
    if (r < 0.9) return ['x'.repeat(257), 'invalid'];
    if (r < 0.95) return [`a${String.fromCharCode(Math.floor(random() * 32))}b`, 'invalid'];
    return [pick([42, null, true, ['a'], { a: 1 }]), 'type'];
  };
  const permissions = () =>
    Object.fromEntries(PERMISSIONS.filter(() => chance(0.5)).map((name) => [name, chance(0.8)]));

  const cases = [];
  for (let n = 0; n < count; n++) {
    let expected; // the predicted status, first failing rule wins
    const expect = (status) => {
      expected ??= status;
    };
    const method = chance(0.88) ? 'POST' : pick(['GET', 'PUT', 'DELETE', 'PATCH']);
    if (method !== 'POST') expect(405);
    const headers = { 'x-case': String(n) };
    const scheme = random();
    const url =
      scheme < 0.8
        ? 'https://tokens.example.test/api/token'
        : scheme < 0.9
          ? 'http://127.0.0.1:8080/t'
          : 'http://tokens.example.test/t';
    const forwarded = random();
    if (forwarded < 0.08) headers['x-forwarded-proto'] = 'http';
    else if (forwarded < 0.14) headers['x-forwarded-proto'] = 'https';
    if (forwarded < 0.08 || scheme >= 0.9) expect(403);
    if (chance(0.2)) headers.authorization = `Bearer ${Math.floor(random() * 1e9).toString(36)}`;
    const type = random();
    if (type < 0.7) headers['content-type'] = 'application/json';
    else if (type < 0.85) headers['content-type'] = 'text/plain;charset=UTF-8';
    else {
      const bad = pick(BAD_TYPES);
      if (bad !== null) headers['content-type'] = bad;
      if (method === 'POST') expect(415);
    }

    const [roomName, roomKind] = nameField();
    const [participantName, participantKind] = nameField();
    const bodyShape = random();
    let text;
    let fromBody = false;
    if (bodyShape < 0.8) {
      const body = { roomName, participantName };
      if (chance(0.3)) body[validName()] = validName();
      text = JSON.stringify(body);
      if (roomKind === 'type' || participantKind === 'type') expect(400);
      fromBody = true;
    } else if (bodyShape < 0.88) {
      text = pick(['{"roomName":', '[]', 'null', '', 'roomName=a&participantName=b', '"x"']);
      expect(400);
    } else if (bodyShape < 0.94) {
      text = JSON.stringify({ roomName: 'r', participantName: 'p', padding: 'x'.repeat(9000) });
      expect(413);
    } else {
      text = JSON.stringify({ note: validName() });
    }

    // What authorize answers, if it is reached.
    const d = random();
    let decision;
    if (d < 0.45 && fromBody) {
      decision = { identity: participantName, room: roomName, permissions: permissions() };
      expect(roomKind === 'valid' && participantKind === 'valid' ? 200 : 400);
    } else if (d < 0.65) {
      decision = { identity: validName(), room: validName(), permissions: permissions() };
      if (chance(0.3)) decision.name = validName();
      if (chance(0.3)) decision.metadata = JSON.stringify({ n });
      if (chance(0.3)) decision.expiresIn = pick([60, 1800, 7200, 21600]);
      expect(200);
    } else if (d < 0.75) {
      decision = pick([null, false]);
      expect(403);
    } else if (d < 0.82) {
      decision = refuse('no', { status: pick([401, 403]), code: 'ERR_DEMO_REFUSED' });
      expect(decision.status);
    } else if (d < 0.88) {
      decision = new Error('authorize broke');
      expect(500);
    } else {
      decision = pick([
        undefined,
        { identity: 'a', room: 'r', permission: { canPublish: true } },
        { identity: 'a', room: 'r', expiresIn: '7h' },
        { identity: 'a' },
        { identity: 'a', room: 'r', permissions: { canEverything: true } },
      ]);
      expect(500);
    }

    // A string body without a type is sent as text/plain; bytes are sent without one.
    const untyped = headers['content-type'] === undefined;
    const payload = untyped ? new TextEncoder().encode(text) : text;
    const request = new Request(url, { method, headers, body: method === 'GET' ? null : payload });
    cases.push({
      request,
      decision,
      check(status, granted) {
        if (status !== expected) {
          throw new Error(
            `case ${n} (${method} ${url} ${JSON.stringify(headers)} ${text.slice(0, 80)}): status ${status}, expected ${expected}`,
          );
        }
        if (status === 200 && granted !== decision) throw new Error(`case ${n}: a token without authorize's grant`);
      },
    });
  }
  return cases;
}
