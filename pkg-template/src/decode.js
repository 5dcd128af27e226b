// Reading tokens without a secret: decodeToken, decodeTokenHeader, parseDuration. The one part
// of the API that the browser build (dist/decode.js) carries.
import { coreError, Input, orThrow } from './boundary.js';
import { INPUT_SLOTS as SLOT } from './contract.js';
import { durations, rawParseDuration } from './durations.js';
import { raw_decode as rawDecode } from './glue.js';
import { duration, tokenString } from './options.js';
import { invalid } from './errors.js';

function decodePart(token, part) {
  const t = tokenString(token);
  const input = new Input();
  let json;
  try {
    input.text(SLOT.token, t);
    json = orThrow(rawDecode(part));
  } finally {
    input.release();
  }
  return JSON.parse(json);
}

/** The payload of a token, checked for structure but NOT verified. */
export function decodeToken(token) {
  return decodePart(token, 1);
}

/** The protected header of a token, checked for structure but NOT verified. */
export function decodeTokenHeader(token) {
  return decodePart(token, 0);
}

/** A duration (`'1h'`, `'90 seconds'` or a number of seconds) in whole seconds. */
export function parseDuration(value) {
  if (typeof value !== 'number' && typeof value !== 'string') {
    throw invalid('duration', 'must be a number of seconds or a duration string like "1h"');
  }
  const d = duration(value, 'duration');
  const target = durations();
  const input = new Input(target);
  try {
    input.duration(SLOT.duration, d);
    const result = rawParseDuration();
    if (Number.isNaN(result)) throw coreError(target);
    return result;
  } finally {
    input.release();
  }
}
