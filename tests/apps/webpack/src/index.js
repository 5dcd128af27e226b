// A page that only decodes tokens, as a browser app using isometrik-token does: it shows the
// claims of a token (the one in the URL's #fragment, or the example below) and checks that the
// package refuses to sign with a secret in a page. Built by webpack with no config (the default
// entry ./src/index.js, output ./dist/main.js). The same page as tests/apps/vite/src/main.js.
// window.__app records what happened, for the test that drives this page in headless Chromium
// (tests/js/apps-bundlers.test.mjs, apps-csp.test.mjs); the page shows the same.
import { createToken, decodeToken, IsometrikTokenError } from 'isometrik-token';

// The conformance suite's golden token (tests/js/conformance/conformance.mjs): sub "alice",
// room "daily-standup", computed independently of the package.
const EXAMPLE_TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.' +
  'eyJpc3MiOiJBUElrZXkxMjMiLCJzdWIiOiJhbGljZSIsInJvb20iOiJkYWlseS1zdGFuZHVwIiwibmFtZSI6IkFsaWNlIiwicGVybWlzc2lvbnMiOnsiY2FuUHVibGlzaCI6dHJ1ZSwiY2FuU3Vic2NyaWJlIjp0cnVlfSwiaWF0IjoxNzAwMDAwMDAwLCJuYmYiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.' +
  'XJ1myhZ6YWZbJsVX2wStxg9QF7QBvtT6MUPILnvv0ZM';

// decodeMs: how long each decodeToken call took (the first one includes compiling the wasm when
// the package compiles it on first use).
const app = { loaded: true, decodes: [], decodeMs: [], signing: null };
window.__app = app;
const show = (id, text) => {
  document.getElementById(id).textContent = text;
};

/** What an error was, as plain data: the package's errors carry a stable `code`. */
function describeError(err) {
  return {
    isIsometrikTokenError: err instanceof IsometrikTokenError,
    name: err?.name,
    code: err?.code,
    message: String(err?.message ?? err),
  };
}

function decode() {
  const token = location.hash.length > 1 ? location.hash.slice(1) : EXAMPLE_TOKEN;
  const t0 = performance.now();
  try {
    const claims = decodeToken(token);
    app.decodeMs.push(performance.now() - t0);
    app.decodes.push({ claims });
    show('claims', JSON.stringify(claims, null, 2));
  } catch (err) {
    app.decodeMs.push(performance.now() - t0);
    const error = describeError(err);
    app.decodes.push({ error });
    show('claims', `${error.code ?? error.name}: ${error.message}`);
  }
  show('decode-count', String(app.decodes.length));
}

function trySigning() {
  try {
    // No dangerouslyAllowBrowser: a secret in a page must be refused before anything is signed.
    createToken({
      apiKey: 'APIkey123',
      apiSecret: 'a-secret-that-must-never-be-in-a-page',
      roomId: 'r',
      participantName: 'p',
    });
    app.signing = { refused: false };
    show('signing', 'signed (it should have been refused)');
  } catch (err) {
    app.signing = { refused: true, error: describeError(err) };
    show('signing', `refused: ${err.code}`);
  }
}

show('status', 'loaded');
decode();
trySigning();
document.getElementById('decode-again').addEventListener('click', decode);
