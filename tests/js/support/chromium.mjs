// Headless Chromium for the browser tests (runtimes.test.mjs, demo.test.mjs): the system's
// /usr/bin/chromium driven by playwright-core, with the flags of a quiet, offline test browser
// (the same ones webdriver.json gives wasm-bindgen-test).
import { chromium } from 'playwright-core';
import { withTimeout } from './run.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches it (Playwright's own launch timeout 30 s; 40 s at most in all); resolves to the Browser. */
export function launchChromium() {
  return withTimeout(
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 }),
    40_000,
    'Chromium launch',
  );
}
