// Client-side refresh helpers: they only DECODE tokens (no secret), so they are safe in a web
// page. `tokenExpiresIn` says how long a token has left; `scheduleTokenRefresh` replaces the
// original SDK's `room.on('tokenExpiring', ...)` flow: it calls your `refresh()` a margin before
// expiry, hands the new token to `onToken`, and retries with backoff on failure.
import { decodeToken, parseDuration } from './decode.js';
import { IsometrikTokenError, invalid } from './errors.js';
import { MAX_NUMERIC_DATE } from './contract.js';
import { dateMillis, isObject, read } from './options.js';

/** setTimeout's largest delay (a signed 32-bit number of milliseconds). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * The shortest `retry.initialDelay`: 100 ms. Anything shorter is a tight loop against the
 * token endpoint in all but name (1e-9 s used to be accepted).
 */
const MIN_RETRY_DELAY_MS = 100;
/**
 * A refreshed token with less than twice this left is "fresh but already expiring" (a server
 * misconfigured, or a clock far off): the next refresh then waits at least this long, doubling
 * (as `retry` does, up to `retry.maxDelay`) while such tokens keep coming, instead of going
 * halfway through what is left (which, under a second, was a loop: 28 refreshes in 3 s).
 */
const MIN_SCHEDULED_MS = 1_000;

/**
 * Milliseconds of a valid `Date` (from any realm, read as options.js reads every Date); a fake
 * Date, a Proxy whose trap throws or an invalid Date is ERR_INVALID_OPTIONS.
 */
function validDateMillis(value, field) {
  let ms;
  try {
    ms = dateMillis(value, field);
  } catch {
    ms = undefined;
  }
  if (!Number.isFinite(ms)) throw invalid(field, 'must be a valid Date');
  return ms;
}

/** A token's `exp` (decoded, NOT verified), checked to be a NumericDate. */
function expiryOf(token) {
  const claims = decodeToken(token);
  const { exp } = claims;
  if (exp === undefined) {
    throw new IsometrikTokenError('ERR_CLAIM_INVALID', 'exp is required', { claim: 'exp' });
  }
  if (!Number.isInteger(exp) || exp < 0 || exp > MAX_NUMERIC_DATE) {
    throw new IsometrikTokenError('ERR_CLAIM_INVALID', 'exp must be a whole number of seconds (NumericDate)', {
      claim: 'exp',
    });
  }
  return exp;
}

/** Milliseconds from a number of seconds (>= 0, fractions allowed) or a duration string. */
function durationMs(field, value, fallbackMs) {
  if (value === undefined) return fallbackMs;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw invalid(field, 'must be a non-negative number of seconds or a duration string like "1m"');
    }
    return value * 1000;
  }
  if (typeof value === 'string') {
    try {
      return parseDuration(value) * 1000;
    } catch (err) {
      if (!(err instanceof IsometrikTokenError)) throw err;
      // parseDuration cannot be told our field; the core's message names `duration`.
      throw invalid(field, err.message, err.code);
    }
  }
  throw invalid(field, 'must be a number of seconds or a duration string like "1m"');
}

/**
 * Seconds until the token expires: `exp - floor(now)`, the same whole-second clock `verify`
 * uses. Zero or negative once expired (e.g. -30: expired 30 seconds ago). Decodes only: the
 * signature is NOT checked, so use it to schedule, never to authorize.
 *
 * @param {string} token
 * @param {{ currentDate?: Date }} [options]
 * @returns {number}
 */
export function tokenExpiresIn(token, options) {
  if (options !== undefined && !isObject(options)) throw invalid('options', 'must be an options object');
  const exp = expiryOf(token);
  const currentDate = options === undefined ? undefined : read(options, 'currentDate');
  const nowMs = currentDate === undefined ? Date.now() : validDateMillis(currentDate, 'currentDate');
  return exp - Math.floor(nowMs / 1000);
}

function unrefTimer(timer) {
  if (timer !== null && typeof timer === 'object' && typeof timer.unref === 'function') {
    timer.unref(); // Node, Bun
  } else if (typeof timer === 'number' && typeof globalThis.Deno?.unrefTimer === 'function') {
    globalThis.Deno.unrefTimer(timer);
  }
}

function stoppedError() {
  return new DOMException('the token refresh was stopped', 'AbortError');
}

/**
 * Keeps a token fresh: calls `refresh()` `margin` before the current token's `exp` (decoded,
 * not verified), passes each new token to `onToken`, and retries failures with exponential
 * backoff. See index.d.ts for the options and the handle. Two floors keep it from hammering
 * the token endpoint: `retry.initialDelay` is at least 0.1 s, and when refresh() keeps
 * returning tokens with less than 2 s left, the scheduled refreshes are at least 1 s apart,
 * doubling up to `retry.maxDelay` until a token with more time arrives.
 */
export function scheduleTokenRefresh(options) {
  if (!isObject(options)) throw invalid('options', 'must be an options object');
  const refresh = read(options, 'refresh');
  const onToken = read(options, 'onToken');
  const onError = read(options, 'onError');
  const signal = read(options, 'signal');
  if (typeof refresh !== 'function') {
    throw invalid('refresh', 'must be a function that returns the new token (or a promise of it)');
  }
  if (onToken !== undefined && typeof onToken !== 'function') throw invalid('onToken', 'must be a function');
  if (onError !== undefined && typeof onError !== 'function') throw invalid('onError', 'must be a function');
  const marginMs = durationMs('margin', read(options, 'margin'), 60_000);
  const retry = read(options, 'retry') ?? {};
  if (!isObject(retry)) throw invalid('retry', 'must be an options object');
  const initialDelayMs = durationMs('retry.initialDelay', read(retry, 'initialDelay', 'retry.initialDelay'), 1_000);
  if (!(initialDelayMs >= MIN_RETRY_DELAY_MS)) {
    throw invalid('retry.initialDelay', 'must be at least 0.1 s (a shorter delay would retry in a tight loop)');
  }
  const maxDelayMs = Math.max(
    initialDelayMs,
    durationMs('retry.maxDelay', read(retry, 'maxDelay', 'retry.maxDelay'), 60_000),
  );
  const maxAttempts = read(retry, 'maxAttempts', 'retry.maxAttempts') ?? Infinity;
  if (!(maxAttempts === Infinity || (Number.isInteger(maxAttempts) && maxAttempts >= 1))) {
    throw invalid('retry.maxAttempts', 'must be a whole number >= 1 (or Infinity)');
  }
  const jitter = read(retry, 'jitter', 'retry.jitter') ?? true;
  if (typeof jitter !== 'boolean') throw invalid('retry.jitter', 'must be a boolean');
  const unref = read(options, 'unref') ?? true;
  if (typeof unref !== 'boolean') throw invalid('unref', 'must be a boolean');
  if (signal !== undefined && !(isObject(signal) && typeof read(signal, 'addEventListener', 'signal') === 'function')) {
    throw invalid('signal', 'must be an AbortSignal');
  }

  let token = read(options, 'token');
  let exp = expiryOf(token); // a malformed first token is a bug: throw now
  let timer;
  let dueAt = 0;
  let stopped = false;
  let inFlight = null;
  let failures = 0;
  let expiring = 0; // refreshes in a row that brought a token already about to expire

  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  // Timers are armed for at most MAX_TIMER_MS; an early wake-up re-arms for what is left.
  const arm = (at) => {
    clear();
    dueAt = at;
    timer = setTimeout(onTimer, Math.min(Math.max(at - Date.now(), 0), MAX_TIMER_MS));
    if (unref) unrefTimer(timer);
  };
  function onTimer() {
    timer = undefined;
    if (stopped) return;
    if (Date.now() < dueAt) arm(dueAt);
    else void run();
  }

  const backoffMs = (attempt) => {
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 52));
    return jitter ? base / 2 + (Math.random() * base) / 2 : base;
  };

  // `margin` before exp; a token with less than `margin` left is refreshed halfway through
  // what it has left (at once if expired), so short-lived tokens cannot cause a refresh loop.
  // But when refresh() itself brought a token with less than 2 * MIN_SCHEDULED_MS left,
  // halfway is a loop too: back off from MIN_SCHEDULED_MS, doubling while that goes on.
  const scheduleNext = (refreshed) => {
    const now = Date.now();
    const expMs = exp * 1000;
    const at = expMs - marginMs;
    if (at > now) {
      expiring = 0;
      arm(at);
      return;
    }
    const half = Math.max(0, (expMs - now) / 2);
    if (!refreshed || half >= MIN_SCHEDULED_MS) {
      expiring = 0;
      arm(now + half);
      return;
    }
    expiring += 1;
    arm(now + Math.max(half, MIN_SCHEDULED_MS, backoffMs(expiring)));
  };

  const report = (error, info) => {
    if (!onError) return;
    try {
      const result = onError(error, info);
      if (result && typeof result.then === 'function') result.then(undefined, () => {});
    } catch {
      // A throwing onError must not stop the schedule nor crash the process.
    }
  };

  // One attempt; never rejects (the outcome is returned), so timers cause no unhandled rejections.
  async function attempt() {
    try {
      const next = await refresh();
      if (stopped) return { stopped: true };
      if (typeof next !== 'string') {
        throw invalid('refresh', 'must return (or resolve to) the new token string');
      }
      const nextExp = expiryOf(next);
      if (nextExp * 1000 <= Date.now()) {
        throw new IsometrikTokenError(
          'ERR_EXPIRED',
          'the refreshed token has already expired (are the server and client clocks far apart?)',
        );
      }
      if (onToken) await onToken(next);
      if (stopped) return { stopped: true };
      token = next;
      exp = nextExp;
      failures = 0;
      scheduleNext(true);
      return { token: next };
    } catch (error) {
      if (stopped) return { stopped: true };
      failures += 1;
      const giveUp = failures >= maxAttempts;
      const delay = giveUp ? null : backoffMs(failures);
      if (giveUp) stop();
      else arm(Date.now() + delay);
      // After re-arming, so that onError may call stop().
      report(error, {
        attempt: failures,
        retryIn: delay === null ? null : delay / 1000,
        expiresIn: exp - Math.floor(Date.now() / 1000),
      });
      return { error };
    }
  }

  function run() {
    if (!inFlight) {
      clear();
      inFlight = attempt().finally(() => {
        inFlight = null;
      });
    }
    return inFlight;
  }

  const onAbort = () => stop();
  function stop() {
    if (stopped) return;
    stopped = true;
    clear();
    try {
      signal?.removeEventListener('abort', onAbort);
    } catch {
      // The caller's signal: stopping never throws because of it.
    }
  }

  const handle = {
    /** The current token (the last one handed to onToken, or the first). */
    get token() {
      return token;
    },
    /** When the current token expires. */
    get expiresAt() {
      return new Date(exp * 1000);
    },
    /** Whether the schedule has stopped (stop(), the signal, or maxAttempts). */
    get stopped() {
      return stopped;
    },
    /** Refreshes now (joining one already running); resolves to the new token. */
    refreshNow() {
      if (stopped) return Promise.reject(stoppedError());
      return run().then((outcome) => {
        if (outcome.stopped) throw stoppedError();
        if ('error' in outcome) throw outcome.error;
        return outcome.token;
      });
    },
    stop,
  };
  if (typeof Symbol.dispose === 'symbol') handle[Symbol.dispose] = stop;

  // The signal is the caller's object: its getters and methods run inside a guard.
  let aborted;
  try {
    aborted = Boolean(signal?.aborted);
    if (!aborted) signal?.addEventListener('abort', onAbort, { once: true });
  } catch {
    throw invalid('signal', 'could not be read');
  }
  if (aborted) stop();
  else scheduleNext(false);
  return handle;
}
