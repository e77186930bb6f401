import { createEnv, PICK_CUBE_STATE_LAYOUT, PICK_CUBE_VISION_CAMERAS } from '@rlpd/robot-env';
import { pickCubeOracleAction } from '@rlpd/intervention';
import { POOLED_SIZE, poolFrame, type StateRegressionData } from '@rlpd/sac-agent';
import { mulberry32 } from '@rlpd/spaces';

/** What the encoder learns to see: cube position (3), TCP position (3), gripper opening (1). */
export const TARGET_NAMES = ['cube_x', 'cube_y', 'cube_z', 'tcp_x', 'tcp_y', 'tcp_z', 'gripper_opening'] as const;

/**
 * Renders `count` samples of pick-cube-vision from episodes seeded `seed`, `seed + 1`, …: the
 * scripted oracle with per-episode action noise (0.1-0.5) and, in 20% of the steps, a uniformly
 * random action instead, so the frames cover approaches, grasps, misses, lifts and drops. Takes
 * `framesPerEpisode` steps per episode, spread evenly; keeps both cameras 2x2-pooled to 64x64.
 */
export async function renderDataset(count: number, framesPerEpisode: number, seed: number, onSample: (done: number) => void): Promise<StateRegressionData> {
  const cameras = [...PICK_CUBE_VISION_CAMERAS];
  const env = await createEnv('pick-cube-vision', { seed });
  const frameBytes = POOLED_SIZE * POOLED_SIZE * 3;
  const frames: Record<string, Uint8Array> = Object.fromEntries(cameras.map((c) => [c, new Uint8Array(count * frameBytes)]));
  const targetDim = TARGET_NAMES.length;
  const targets = new Float32Array(count * targetDim);
  const { cubePos, tcpPos, gripperOpening } = PICK_CUBE_STATE_LAYOUT;
  const steps = env.spec.maxEpisodeSteps;
  const stride = Math.max(1, Math.floor(steps / framesPerEpisode));
  const rng = mulberry32(seed ^ 0x5eed);
  let n = 0;
  try {
    for (let episode = 0; n < count; episode++) {
      let { observation, info } = await env.reset({ seed: seed + episode });
      const noise = 0.1 + 0.4 * rng();
      const phase = Math.floor(rng() * stride);
      for (let t = 0; t < steps && n < count; t++) {
        const privileged = info['privilegedState'] as Float32Array;
        if (t % stride === phase) {
          cameras.forEach((c) => poolFrame(observation[c] as Uint8Array, 2 * POOLED_SIZE, frames[c], n * frameBytes));
          const row = targets.subarray(n * targetDim, (n + 1) * targetDim);
          row.set(privileged.subarray(cubePos.offset, cubePos.offset + 3), 0);
          row.set(privileged.subarray(tcpPos.offset, tcpPos.offset + 3), 3);
          row[6] = privileged[gripperOpening.offset];
          onSample(++n);
        }
        const action = rng() < 0.2 ? Float32Array.from({ length: 4 }, () => 2 * rng() - 1) : pickCubeOracleAction(observation, rng, noise, privileged);
        const result = await env.step(action);
        observation = result.observation;
        info = result.info;
        if (result.terminated || result.truncated) break;
      }
    }
  } finally {
    await env.close();
  }
  return { cameras, frames, targets, count, targetDim };
}
