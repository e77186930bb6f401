// Test helpers (not part of the build; vitest only runs *.spec.ts): a tiny task for learner specs.
import { createServer } from 'node:net';
import type { Log } from '@rlpd/cli';
import { createEnv } from '@rlpd/robot-env';
import { box, type EnvSpec, type Transition } from '@rlpd/spaces';

/** A 4-number state (wide bounds: transition ids go in it) and a 2-number action. */
export const tinySpec: EnvSpec = {
  name: 'tiny',
  observationSpace: { state: box([4], -1000, 1000) },
  actionSpace: box([2], -1, 1),
  maxEpisodeSteps: 10,
  controlHz: 10,
};

export const quietLog = Object.assign(() => undefined, { info: () => undefined, warn: () => undefined, error: () => undefined }) as Log;

/** Transition `i`: its id is in the state, every 10th ends an episode with reward 1. */
export function tinyTransition(i: number, intervened = false): Transition {
  return {
    observations: { state: Float32Array.of(i, 0, 0, 0) },
    actions: Float32Array.of(0.5, -0.5),
    nextObservations: { state: Float32Array.of(i + 1, 0, 0, 0) },
    rewards: i % 10 === 9 ? 1 : 0,
    masks: 1,
    dones: i % 10 === 9,
    intervened,
  };
}

/** A TCP port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * `steps` transitions of the embedded sim `envName` (rendered camera frames for
 * pick-cube-vision) under `actionAt(t)`, from a reset with `seed`, and the env's spec.
 */
export async function recordSimTransitions(
  envName: string,
  steps: number,
  seed: number,
  actionAt: (t: number) => Float32Array,
  doneAt: (t: number, terminated: boolean, truncated: boolean) => boolean = (_, terminated, truncated) => terminated || truncated,
): Promise<{ spec: EnvSpec; transitions: Transition[] }> {
  const env = await createEnv(envName, { seed });
  const transitions: Transition[] = [];
  try {
    let { observation } = await env.reset({ seed });
    for (let t = 0; t < steps; t++) {
      const actions = actionAt(t);
      const result = await env.step(actions);
      transitions.push({
        observations: observation,
        actions,
        nextObservations: result.observation,
        rewards: result.reward,
        masks: result.terminated ? 0 : 1,
        dones: doneAt(t, result.terminated, result.truncated),
        intervened: false,
      });
      observation = result.observation;
    }
    return { spec: env.spec, transitions };
  } finally {
    await env.close();
  }
}
