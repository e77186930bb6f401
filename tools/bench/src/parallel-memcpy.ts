import { Worker } from 'node:worker_threads';

/**
 * Reference for sampling in threads: `threads` workers each copy their share of `frames`
 * random frames of `frameBytes` from a shared source of `sourceFrames` frames into a shared
 * target (one memcpy per frame, as `Buffer.fill` does on shared memory), all at once.
 * Returns the median milliseconds of `runs` rounds (after `warmup`).
 */
export async function parallelMemcpyMs(
  threads: number,
  frameBytes: number,
  sourceFrames: number,
  frames: number,
  warmup: number,
  runs: number,
): Promise<number> {
  const source = new SharedArrayBuffer(frameBytes * sourceFrames);
  new Uint8Array(source).fill(3);
  const target = new SharedArrayBuffer(frameBytes * frames);
  const control = new Int32Array(new SharedArrayBuffer(12));
  const code = `
const { workerData: d } = require('node:worker_threads');
const src = Buffer.from(d.source), dst = Buffer.from(d.target), ctl = new Int32Array(d.control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (Atomics.load(ctl, 2) === 1) break;
  let s = seen * 7919 + d.index + 1;
  for (let r = d.index; r < d.frames; r += d.threads) {
    s = (s * 16807) % 2147483647;
    const o = (s % d.sourceFrames) * d.frameBytes;
    dst.fill(src.subarray(o, o + d.frameBytes), r * d.frameBytes, (r + 1) * d.frameBytes);
  }
  Atomics.add(ctl, 1, 1);
  Atomics.notify(ctl, 1);
}`;
  const workers = Array.from(
    { length: threads },
    (_, index) => new Worker(code, { eval: true, workerData: { source, target, control: control.buffer, index, threads, frames, frameBytes, sourceFrames } }),
  );
  const round = (): number => {
    const started = performance.now();
    Atomics.store(control, 1, 0);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    for (let done = 0; done < threads; done = Atomics.load(control, 1)) Atomics.wait(control, 1, done, 50);
    return performance.now() - started;
  };
  try {
    for (let i = 0; i < warmup; i++) round();
    const times = Array.from({ length: runs }, round).sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    Atomics.store(control, 2, 1);
    Atomics.add(control, 0, 1);
    Atomics.notify(control, 0);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
