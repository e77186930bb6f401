import { Worker } from 'node:worker_threads';
import type { SimRobotServerOptions } from '@rlpd/robot-env';

const CONTROL_STEPS = 400;
const WARMUP_STEPS = 30;
/** Realtime and lockstep alternate in this many rounds of CONTROL_STEPS / ROUNDS steps each. */
const ROUNDS = 4;
const DOWN = [1, 0, 0, 0];

/** Starts the sim robot server on a worker thread; resolves its URL and a close function. */
async function serverOnWorker(options: SimRobotServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const worker = new Worker(new URL('./sim-robot-server-worker.js', import.meta.url), { workerData: options });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url));
    worker.once('error', reject);
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      }),
  };
}

async function post(url: URL, body?: unknown): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`bench robot: POST ${url.pathname} answered ${response.status}: ${text}`);
  return text;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

interface LoopSamples {
  seconds: number;
  steps: number;
  poseMs: number[];
  stateMs: number[];
}

/**
 * `steps` unpaced control steps through the server, each what FrankaHttpEnv sends per step
 * (/clearerr, /pose, /getstate), timing every /pose and /getstate round trip into `into`.
 */
async function controlLoop(base: string, firstStep: number, steps: number, into: LoopSamples): Promise<void> {
  const clearerr = new URL('clearerr', base);
  const pose = new URL('pose', base);
  const getstate = new URL('getstate', base);
  const started = performance.now();
  for (let i = firstStep; i < firstStep + steps; i++) {
    // A slow 4 cm circle around home, so the arm really moves.
    const angle = (2 * Math.PI * i) / 100;
    await post(clearerr);
    const t0 = performance.now();
    await post(pose, { arr: [0.4 + 0.04 * Math.cos(angle), 0.04 * Math.sin(angle), 0.2, ...DOWN] });
    const t1 = performance.now();
    JSON.parse(await post(getstate));
    into.poseMs.push(t1 - t0);
    into.stateMs.push(performance.now() - t1);
  }
  into.seconds += (performance.now() - started) / 1000;
  into.steps += steps;
}

/**
 * Control steps/s and /pose latency through the sim robot server over loopback HTTP, realtime
 * and lockstep timing alternating in rounds (the machine's load drifts); then /getimage latency
 * (pick-cube-vision, 128x128).
 */
export async function benchRobot(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {
    benchmark: 'robot',
    controlSteps: CONTROL_STEPS,
    rounds: ROUNDS,
    request: 'clearerr + pose + getstate per step, unpaced, keep-alive fetch',
    targetStepsPerSecond: 50,
  };
  const timings = ['realtime', 'lockstep'] as const;
  const servers = await Promise.all(timings.map((timing) => serverOnWorker({ port: 0, timing })));
  try {
    const samples = timings.map((): LoopSamples => ({ seconds: 0, steps: 0, poseMs: [], stateMs: [] }));
    for (const server of servers) await controlLoop(server.url, 0, WARMUP_STEPS, { seconds: 0, steps: 0, poseMs: [], stateMs: [] });
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < servers.length; k++) await controlLoop(servers[k].url, round * (CONTROL_STEPS / ROUNDS), CONTROL_STEPS / ROUNDS, samples[k]);
    }
    timings.forEach((timing, k) => {
      const { seconds, steps, poseMs, stateMs } = samples[k];
      poseMs.sort((x, y) => x - y);
      stateMs.sort((x, y) => x - y);
      result[timing] = {
        controlStepsPerSecond: Number((steps / seconds).toFixed(1)),
        poseRoundTripP50Ms: Number(percentile(poseMs, 0.5).toFixed(2)),
        poseRoundTripP99Ms: Number(percentile(poseMs, 0.99).toFixed(2)),
        getstateRoundTripP50Ms: Number(percentile(stateMs, 0.5).toFixed(2)),
      };
    });
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }
  const vision = await serverOnWorker({ port: 0, timing: 'realtime', task: 'pick-cube-vision' });
  try {
    const getimage = new URL('getimage', vision.url);
    const frameMs: number[] = [];
    for (let i = -5; i < 60; i++) {
      const t0 = performance.now();
      await post(getimage, { camera: i % 2 === 0 ? 'front' : 'wrist' });
      if (i >= 0) frameMs.push(performance.now() - t0);
    }
    frameMs.sort((a, b) => a - b);
    result.getimage128RoundTripP50Ms = Number(percentile(frameMs, 0.5).toFixed(2));
    result.getimage128RoundTripP99Ms = Number(percentile(frameMs, 0.99).toFixed(2));
  } finally {
    await vision.close();
  }
  return result;
}
