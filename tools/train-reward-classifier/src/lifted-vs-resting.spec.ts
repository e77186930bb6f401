import { pickCubeOracleAction } from '@rlpd/intervention';
import { createEnv, PICK_CUBE_STATE_LAYOUT } from '@rlpd/robot-env';
import { classifierFeatures, initBackend, loadEncoder, RewardClassifier, type LoadedEncoder } from '@rlpd/sac-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitRows } from './split-rows.js';

/**
 * Frames of `episodes` episodes from `seed` on: the start of each (cube resting on the table,
 * gripper open above it) and frames after the scripted oracle lifted the cube (info.success).
 */
async function render(encoder: LoadedEncoder, seed: number, episodes: number): Promise<{ lifted: Float32Array[]; resting: Float32Array[] }> {
  const env = await createEnv('pick-cube-vision', { seed });
  const lifted: Float32Array[] = [];
  const resting: Float32Array[] = [];
  try {
    for (let e = 0; e < episodes; e++) {
      let { observation, info } = await env.reset({ seed: seed + e });
      let liftedHere = 0;
      resting.push(classifierFeatures(encoder, observation));
      for (let t = 0; t < 100; t++) {
        const privileged = info['privilegedState'] as Float32Array;
        const result = await env.step(pickCubeOracleAction(observation, Math.random, 0, privileged));
        observation = result.observation;
        info = result.info;
        const cubeZ = (info['privilegedState'] as Float32Array)[PICK_CUBE_STATE_LAYOUT.cubePos.offset + 2];
        if (t === 3) resting.push(classifierFeatures(encoder, observation)); // approaching, cube still down
        if (result.info.success && cubeZ > 0.08) {
          lifted.push(classifierFeatures(encoder, observation));
          if (++liftedHere === 3) break;
        }
      }
    }
  } finally {
    await env.close();
  }
  return { lifted, resting };
}

describe('reward classifier on the default encoder', () => {
  let encoder: LoadedEncoder;
  beforeAll(async () => {
    await initBackend('wasm', () => {});
    encoder = await loadEncoder('default');
  });
  afterAll(() => encoder.dispose());

  it('separates lifted from resting cubes on fresh renders (episodes it never saw)', async () => {
    const train = await render(encoder, 0, 30);
    const fresh = await render(encoder, 5000, 12);
    expect(train.lifted.length).toBeGreaterThanOrEqual(12);
    const { train: rows } = splitRows(train.lifted, train.resting, 0.05, 1);
    const classifier = RewardClassifier.train(rows.features, rows.labels, rows.dim, { seed: 0 });
    const rowsOf = (frames: Float32Array[]) => frames.flatMap((f) => Array.from(f));
    const features = Float32Array.from([...rowsOf(fresh.lifted), ...rowsOf(fresh.resting)]);
    const labels = Uint8Array.from([...fresh.lifted.map(() => 1), ...fresh.resting.map(() => 0)]);
    const scores = classifier.score(features, labels);
    expect(scores.count).toBe(fresh.lifted.length + fresh.resting.length);
    console.log(`fresh renders: ${JSON.stringify(scores)}`);
    expect(scores.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(scores.precision).toBeGreaterThanOrEqual(0.85);
    expect(scores.recall).toBeGreaterThanOrEqual(0.85);
    // Saved and loaded, it predicts the same.
    const loaded = RewardClassifier.fromNamed(classifier.toNamed());
    expect(loaded.probability(features)).toBeCloseTo(classifier.probability(features), 6);
  }, 120_000);
});
