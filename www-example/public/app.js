// The demo page. It decodes tokens with isometrik-token's browser build and holds no secret:
// tokens come from the server's POST /api/token (or are pasted), and nothing here is verified.

/** Below this many seconds left, a token is "expiring soon". */
const EXPIRING_SOON_SECONDS = 5 * 60;
/** A server token is refreshed this long before it expires. */
const REFRESH_MARGIN_SECONDS = 60;

const PERMISSION_TEXT = {
  canPublish: 'Publish audio/video tracks',
  canSubscribe: "Subscribe to other participants' tracks",
  canUpdateMetadata: 'Update participant metadata',
  canUpdateRoom: 'Update room settings',
  canRemoveParticipants: 'Remove other participants',
};

// Registered claims first, in this order; anything else follows under its own name.
const CLAIM_LABELS = {
  iss: 'Issuer (API key)',
  sub: 'Participant',
  room: 'Room',
  name: 'Display name',
  iat: 'Issued at',
  nbf: 'Not before',
  exp: 'Expires',
  metadata: 'Metadata',
};
const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp']);

// What to tell a person for each error code; the error's own message is shown below it.
const MESSAGES = {
  ERR_MALFORMED_TOKEN:
    'This is not a well-formed token. A token is three base64url parts separated by dots ' +
    '(header.payload.signature); the first two must decode to JSON objects.',
  ERR_TOKEN_TOO_LARGE: 'This is too large to be an access token (the limit is 16 KiB).',
  ERR_CLAIM_INVALID: 'The token decodes, but one of its claims is not valid.',
  ERR_EMPTY_INPUT: 'Paste a token into the box first.',
  ERR_INVALID_OPTIONS: 'The server refused a field of the request.',
  ERR_BAD_REQUEST: 'The server could not read the request.',
  ERR_NETWORK: 'The token server could not be reached. Is it still running?',
  ERR_BAD_RESPONSE: 'The server answered, but not with a token.',
  ERR_INTERNAL: 'The server could not create a token; its log says why.',
  ERR_EXPIRED: 'The new token had already expired: are this computer and the server far apart in time?',
  ERR_LIBRARY_NOT_LOADED:
    'The isometrik-token browser build could not be loaded. Build the package (make pkg), ' +
    'restart the server and reload.',
};

const $ = (id) => document.getElementById(id);

/** An error of this page, with a code like the library's. */
class PageError extends Error {
  constructor(code, message, field) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

let lib; // the package, imported below so that a missing build shows an error, not a dead page
let shown = null; // { token, claims, source: 'server' | 'pasted' }
let request = null; // the { roomName, participantName } the server token was issued for
let refresh = null; // scheduleTokenRefresh's handle
let refreshes = 0;

// ---- talking to the server ------------------------------------------------------------------

async function fetchToken({ roomName, participantName }) {
  let response;
  try {
    response = await fetch('/api/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomName, participantName }),
    });
  } catch (error) {
    throw new PageError('ERR_NETWORK', error.message);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new PageError(body?.code ?? `HTTP_${response.status}`, body?.error ?? response.statusText, body?.field);
  }
  if (typeof body?.token !== 'string') throw new PageError('ERR_BAD_RESPONSE', 'the response has no token');
  return body.token;
}

// ---- rendering ------------------------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function formatDuration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  if (days > 0) return `${days} d ${Math.floor((s % 86400) / 3600)} h`;
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(hh > 0 ? 2 : 1, '0');
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}

function formatDate(seconds) {
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}

/** A claim's value as text; times (if numbers) as local dates with the raw value beside. */
function claimCell(name, value) {
  if (TIME_CLAIMS.has(name) && Number.isFinite(value)) {
    return el('td', {}, formatDate(value), ' ', el('span', { className: 'muted small', textContent: `(${value})` }));
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return el('td', { className: typeof value === 'string' ? '' : 'mono' }, text);
}

function fillTable(id, rows) {
  $(id).tBodies[0].replaceChildren(
    ...rows.map(([label, cell, hint]) =>
      el('tr', {}, el('th', { scope: 'row' }, label, hint ? el('small', { textContent: hint }) : ''), cell),
    ),
  );
}

function renderTables(header, claims) {
  const names = [
    ...Object.keys(CLAIM_LABELS).filter((name) => name in claims),
    ...Object.keys(claims).filter((name) => !(name in CLAIM_LABELS) && name !== 'permissions'),
  ];
  fillTable(
    'claims',
    names.map((name) => [CLAIM_LABELS[name] ?? name, claimCell(name, claims[name]), name]),
  );

  const granted = claims.permissions ?? {};
  const permissionNames = [...lib.PERMISSIONS, ...Object.keys(granted).filter((p) => !lib.PERMISSIONS.includes(p))];
  fillTable(
    'permissions',
    permissionNames.map((name) => {
      const value = granted[name];
      const [text, state] =
        value === true ? ['✓ Allowed', 'yes'] : value === false ? ['✗ Denied', 'no'] : ['— Not granted', 'unset'];
      return [
        name,
        el('td', { className: `perm ${state}`, textContent: text }),
        PERMISSION_TEXT[name] ?? 'unknown permission',
      ];
    }),
  );

  fillTable(
    'header',
    Object.entries(header).map(([name, value]) => [name, claimCell(name, value)]),
  );
}

function renderToken(token) {
  const [headerPart, payloadPart, signaturePart] = token.split('.');
  const output = $('token-output');
  output.querySelector('.seg-header').textContent = headerPart;
  output.querySelector('.seg-payload').textContent = payloadPart;
  output.querySelector('.seg-signature').textContent = signaturePart;
}

/** Updates the status line: valid / expiring soon / expired / not yet valid, and the countdown. */
function tick() {
  if (shown === null) return;
  const { claims } = shown;
  const status = $('status');
  let state;
  let countdown = '';
  let expiresAt = '';
  let left;
  try {
    left = lib.tokenExpiresIn(shown.token);
  } catch {
    left = null; // no usable exp claim
  }
  if (left === null) {
    state = ['no-expiry', 'No expiry'];
  } else {
    const notYet = Number.isFinite(claims.nbf) && claims.nbf > Date.now() / 1000;
    if (left <= 0) state = ['expired', 'Expired'];
    else if (notYet) state = ['not-yet-valid', 'Not yet valid'];
    else if (left <= EXPIRING_SOON_SECONDS) state = ['expiring', 'Expiring soon'];
    else state = ['valid', 'Valid'];
    countdown = left > 0 ? `${formatDuration(left)} left` : `expired ${formatDuration(-left)} ago`;
    expiresAt = `${left > 0 ? 'expires' : 'expired'} ${formatDate(claims.exp)}`;
  }
  status.dataset.state = state[0];
  $('status-badge').textContent = state[1];
  $('countdown').textContent = countdown;
  $('expires-at').textContent = expiresAt;
}

function setRefreshInfo(text, isError = false) {
  const info = $('refresh-info');
  info.textContent = text;
  info.classList.toggle('failed', isError);
}

function describeRefresh() {
  if (shown?.source !== 'server') {
    setRefreshInfo('Pasted tokens are not refreshed.');
  } else if (refresh === null) {
    setRefreshInfo('Automatic refresh is off.');
  } else {
    // From the token on screen: onToken runs before the handle moves on to the new token.
    const atMs = (shown.claims.exp - REFRESH_MARGIN_SECONDS) * 1000;
    const when = atMs > Date.now() ? `at ${new Date(atMs).toLocaleTimeString()}` : 'soon';
    const done = refreshes > 0 ? ` · refreshed ${refreshes}×` : '';
    setRefreshInfo(`Refreshes automatically ${when}${done}`);
  }
}

/** Decodes and shows a token (throws the library's error if it does not decode). */
function show(token, source) {
  const header = lib.decodeTokenHeader(token);
  const claims = lib.decodeToken(token);
  shown = { token, claims, source };
  hideError();
  renderToken(token);
  renderTables(header, claims);
  $('token-source').textContent = source === 'server' ? '(from the server)' : '(pasted)';
  $('result').hidden = false;
  tick();
  describeRefresh();
}

function showError(action, error) {
  const code = typeof error?.code === 'string' ? error.code : 'ERR_UNEXPECTED';
  let message = MESSAGES[code] ?? 'Something went wrong.';
  if (error?.field) message = `${message} (field: ${error.field})`;
  $('error-action').textContent = action;
  $('error-code').textContent = code;
  $('error-message').textContent = message;
  $('error-detail').textContent = error?.message ?? String(error);
  $('error').hidden = false;
  $('result').hidden = true;
  shown = null;
}

/** Scrolls an answer into view if it is off screen (on a phone it is below the forms). */
function reveal(element) {
  const { top, bottom } = element.getBoundingClientRect();
  if (top < 0 || bottom > window.innerHeight) element.scrollIntoView({ block: 'start' });
}

function hideError() {
  $('error').hidden = true;
}

// ---- refresh --------------------------------------------------------------------------------

function stopRefresh() {
  refresh?.stop();
  refresh = null;
}

function startRefresh(token) {
  stopRefresh();
  if (!$('auto-refresh').checked || request === null) return;
  const issuedFor = request;
  refresh = lib.scheduleTokenRefresh({
    token,
    margin: REFRESH_MARGIN_SECONDS,
    refresh: () => fetchToken(issuedFor),
    onToken: (next) => {
      refreshes += 1;
      show(next, 'server');
    },
    onError: (error, { retryIn }) => {
      const retry = retryIn === null ? 'giving up' : `retrying in ${Math.ceil(retryIn)} s`;
      setRefreshInfo(`Refresh failed (${error.code ?? 'ERR_UNEXPECTED'}: ${error.message}); ${retry}.`, true);
    },
  });
}

// ---- the forms ------------------------------------------------------------------------------

async function onGetToken(event) {
  event.preventDefault();
  const button = $('get-token');
  const wanted = { roomName: $('room').value, participantName: $('participant').value };
  for (const input of [$('room'), $('participant')]) input.removeAttribute('aria-invalid');
  button.disabled = true;
  button.textContent = 'Getting a token…';
  try {
    const token = await fetchToken(wanted);
    stopRefresh();
    request = wanted;
    refreshes = 0;
    show(token, 'server');
    startRefresh(token);
    describeRefresh();
    reveal($('status'));
  } catch (error) {
    stopRefresh();
    showError('get a token', error);
    const input = { roomName: $('room'), participantName: $('participant') }[error.field];
    input?.setAttribute('aria-invalid', 'true');
    input?.focus();
    reveal($('error'));
  } finally {
    button.disabled = false;
    button.textContent = 'Get token';
  }
}

/** The token in the paste box: trimmed, without "Bearer ", or taken from `{"token": "..."}`. */
function pastedToken() {
  let text = $('token-input').value.trim();
  if (text.startsWith('{')) {
    try {
      const token = JSON.parse(text).token;
      if (typeof token === 'string') text = token;
    } catch {
      // not JSON after all: decode it as it is and let the library say what is wrong
    }
  }
  text = text.replace(/^Bearer\s+/i, '');
  if (text === '') throw new PageError('ERR_EMPTY_INPUT', 'the box is empty');
  return text;
}

function onDecode(event) {
  event.preventDefault();
  stopRefresh();
  request = null;
  try {
    show(pastedToken(), 'pasted');
    reveal($('status'));
  } catch (error) {
    showError('decode the token', error);
    reveal($('error'));
  }
}

function onAutoRefreshChange() {
  if (shown?.source !== 'server') return;
  if ($('auto-refresh').checked) startRefresh(shown.token);
  else stopRefresh();
  describeRefresh();
}

// ---- start ----------------------------------------------------------------------------------

async function main() {
  const buttons = [$('get-token'), $('decode')];
  for (const button of buttons) button.disabled = true;
  $('loading').hidden = false;
  try {
    lib = await import('/vendor/isometrik-token.js');
  } catch (error) {
    showError('load the token library', new PageError('ERR_LIBRARY_NOT_LOADED', error.message));
    return;
  } finally {
    $('loading').hidden = true;
  }
  for (const button of buttons) button.disabled = false;
  $('token-form').addEventListener('submit', onGetToken);
  $('paste-form').addEventListener('submit', onDecode);
  $('auto-refresh').addEventListener('change', onAutoRefreshChange);
  setInterval(tick, 1000);
  document.addEventListener('visibilitychange', tick);
  document.documentElement.dataset.ready = 'true';
}

main();
