import { Worker } from 'node:worker_threads';
import type { SimRobotServerOptions } from '@rlpd/robot-env';

const CONTROL_STEPS = 400;
const WARMUP_STEPS = 30;
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
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`bench robot: POST ${url.pathname} answered ${response.status}: ${text}`);
  return text;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Unpaced control steps through the server, each what FrankaHttpEnv sends per step
 * (/clearerr, /pose, /getstate), with the latency of every /pose round trip.
 */
async function controlLoop(base: string): Promise<{ stepsPerSecond: number; poseP50Ms: number; poseP99Ms: number; getstateP50Ms: number }> {
  const clearerr = new URL('clearerr', base);
  const pose = new URL('pose', base);
  const getstate = new URL('getstate', base);
  const poseMs: number[] = [];
  const stateMs: number[] = [];
  let started = 0;
  for (let i = -WARMUP_STEPS; i < CONTROL_STEPS; i++) {
    if (i === 0) started = performance.now();
    // A slow 4 cm circle around home, so the arm really moves.
    const angle = (2 * Math.PI * i) / 100;
    await post(clearerr);
    const t0 = performance.now();
    await post(pose, { arr: [0.4 + 0.04 * Math.cos(angle), 0.04 * Math.sin(angle), 0.2, ...DOWN] });
    const t1 = performance.now();
    JSON.parse(await post(getstate));
    const t2 = performance.now();
    if (i >= 0) {
      poseMs.push(t1 - t0);
      stateMs.push(t2 - t1);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  poseMs.sort((a, b) => a - b);
  stateMs.sort((a, b) => a - b);
  return { stepsPerSecond: CONTROL_STEPS / seconds, poseP50Ms: percentile(poseMs, 0.5), poseP99Ms: percentile(poseMs, 0.99), getstateP50Ms: percentile(stateMs, 0.5) };
}

/** Control steps/s and /pose latency through the sim robot server over loopback HTTP; /getimage latency (pick-cube-vision, 128x128). */
export async function benchRobot(): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { benchmark: 'robot', controlSteps: CONTROL_STEPS, request: 'clearerr + pose + getstate per step, unpaced, keep-alive fetch', targetStepsPerSecond: 50 };
  for (const timing of ['realtime', 'lockstep'] as const) {
    const server = await serverOnWorker({ port: 0, timing });
    try {
      const r = await controlLoop(server.url);
      result[timing] = {
        controlStepsPerSecond: Number(r.stepsPerSecond.toFixed(1)),
        poseRoundTripP50Ms: Number(r.poseP50Ms.toFixed(2)),
        poseRoundTripP99Ms: Number(r.poseP99Ms.toFixed(2)),
        getstateRoundTripP50Ms: Number(r.getstateP50Ms.toFixed(2)),
      };
    } finally {
      await server.close();
    }
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
