// Preloaded (`node --import`) for a documentation block that sets timers, such as the README's
// `setTimeout(() => verifier.removeKey('APIold'), 24 * 3600 * 1000)`: the block runs at once
// instead of waiting a day. setTimeout/setInterval only queue their callbacks; when the block
// has nothing else left to do (`beforeExit`), the clock jumps to the earliest timer and runs it,
// Date.now() included, until no timer is left (or MAX_FIRED, for a block that reschedules
// forever). Each fired timer is counted on stderr so the test can tell the callbacks ran.
const MAX_FIRED = 1000;
const realNow = Date.now;
let offset = 0;
let nextId = 1;
let fired = 0;
/** @type {Map<number, { at: number, fn: Function, args: unknown[], every: number | null }>} */
const timers = new Map();

Date.now = () => realNow() + offset;

function add(fn, ms, args, every) {
  const id = nextId++;
  const delay = Math.max(0, Number(ms) || 0);
  timers.set(id, { at: Date.now() + delay, fn, args, every: every ? delay : null });
  // What Node's timers offer that callers use: unref/ref/hasRef/refresh, and a numeric id.
  return {
    id,
    unref() {
      return this;
    },
    ref() {
      return this;
    },
    hasRef: () => true,
    refresh() {
      return this;
    },
    [Symbol.toPrimitive]: () => id,
  };
}
const clear = (timer) => timers.delete(typeof timer === 'object' && timer !== null ? timer.id : Number(timer));

globalThis.setTimeout = (fn, ms, ...args) => add(fn, ms, args, false);
globalThis.setInterval = (fn, ms, ...args) => add(fn, ms, args, true);
globalThis.clearTimeout = clear;
globalThis.clearInterval = clear;

process.on('beforeExit', () => {
  if (timers.size === 0 || fired >= MAX_FIRED) return;
  const [id, timer] = [...timers].reduce((a, b) => (b[1].at < a[1].at ? b : a));
  offset += Math.max(0, timer.at - Date.now());
  if (timer.every === null) timers.delete(id);
  else timer.at += Math.max(1, timer.every);
  fired++;
  process.stderr.write(`[fake clock] fired a timer at +${Math.round(offset / 1000)} s\n`);
  timer.fn(...timer.args);
  // Keep the loop alive for one more turn, so that `beforeExit` comes again for the next timer.
  if (timers.size > 0) setImmediate(() => {});
});
