// One timing primitive for the Node benchmarks: mitata's `measure`, tuned for a short total run
// on a shared 2-core machine. Every call is timed in batches (sync calls back to back, async
// calls each awaited before the next), so that a sample is a batch of BATCH calls; the result is
// the median batch's time per call (a burst of load from another process spoils a few batches,
// not the median) and the mean (which also carries the rare long GC pause).
import { measure } from 'mitata';

const BATCH = 128;

/** Times `fn` for at least `timeMs` ms; resolves to { ns (median batch), meanNs, batches }. */
export async function timeNs(fn, { timeMs = 200 } = {}) {
  const s = await measure(fn, {
    min_cpu_time: timeMs * 1e6,
    batch_threshold: Infinity, // always batch, also async and slow calls
    batch_samples: BATCH,
    batch_unroll: 4,
    min_samples: 8,
    warmup_samples: 4,
    warmup_threshold: Infinity, // always warm up (a cold first call can take > 0.5 ms)
  });
  return { ns: s.p50, meanNs: s.avg, batches: s.samples.length, calls: s.ticks };
}
