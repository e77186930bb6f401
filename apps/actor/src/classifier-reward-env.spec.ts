import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pickCubeOracleAction } from '@rlpd/intervention';
import { createEnv, PICK_CUBE_STATE_LAYOUT, type Env } from '@rlpd/robot-env';
import { classifierFeatures, encodeSafetensors, initBackend, loadEncoder, REWARD_CLASSIFIER_METADATA, RewardClassifier } from '@rlpd/sac-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierRewardEnv } from './classifier-reward-env.js';

const dir = mkdtempSync(join(tmpdir(), 'rlpd-classifier-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function oracleStep(env: Env, observation: Record<string, unknown>, info: Record<string, unknown>) {
  return env.step(pickCubeOracleAction(observation as never, Math.random, 0, info['privilegedState'] as Float32Array));
}

describe('actor --reward-classifier', () => {
  let path = '';
  beforeAll(async () => {
    await initBackend('wasm', () => {});
    // A classifier trained on resting (every step with the cube on the table) vs lifted (sim success) frames of 20 oracle episodes.
    const encoder = await loadEncoder('default');
    const env = await createEnv('pick-cube-vision', { seed: 0 });
    const rows: number[] = [];
    const labels: number[] = [];
    for (let e = 0; e < 20; e++) {
      let { observation, info } = await env.reset({ seed: e });
      let lifted = 0;
      for (let t = 0; t < 100 && lifted < 3; t++) {
        const result = await oracleStep(env, observation, info);
        ({ observation, info } = result);
        const cubeZ = (info['privilegedState'] as Float32Array)[PICK_CUBE_STATE_LAYOUT.cubePos.offset + 2];
        if (result.info.success) lifted++;
        if (result.info.success || cubeZ < 0.025) {
          rows.push(...classifierFeatures(encoder, observation));
          labels.push(result.info.success ? 1 : 0);
        }
      }
    }
    await env.close();
    const classifier = RewardClassifier.train(Float32Array.from(rows), Uint8Array.from(labels), 128);
    path = join(dir, 'classifier.safetensors');
    writeFileSync(
      path,
      encodeSafetensors(classifier.toNamed(), { [REWARD_CLASSIFIER_METADATA.encoder]: 'default', [REWARD_CLASSIFIER_METADATA.digest]: encoder.weightsDigest }),
    );
    encoder.dispose();
  }, 120_000);

  it('gives reward 0 until the classifier sees success, then 1 and ends the episode', async () => {
    const env = await ClassifierRewardEnv.load(await createEnv('pick-cube-vision', { seed: 1 }), path, 'default', '');
    let { observation, info } = await env.reset({ seed: 777 });
    const rewards: number[] = [];
    let ended = false;
    for (let t = 0; t < 100 && !ended; t++) {
      const result = await oracleStep(env, observation, info);
      ({ observation, info } = result);
      rewards.push(result.reward);
      expect(typeof result.info['classifierProbability']).toBe('number');
      ended = result.terminated;
      if (ended) expect(result.info['classifierProbability']).toBeGreaterThan(0.5);
    }
    expect(ended).toBe(true);
    expect(rewards.at(-1)).toBe(1);
    expect(rewards.slice(0, -1).every((r) => r === 0)).toBe(true);
    expect(rewards.length).toBeGreaterThan(5); // not at the start: the cube had to be lifted
    await env.close();
  }, 60_000);

  it('refuses a classifier trained on other encoder weights', async () => {
    const other = join(dir, 'other.safetensors');
    writeFileSync(
      other,
      encodeSafetensors(RewardClassifier.train(Float32Array.of(0, 1, 1, 0), Uint8Array.of(0, 1), 2).toNamed(), { [REWARD_CLASSIFIER_METADATA.digest]: 'abc' }),
    );
    const inner = await createEnv('pick-cube-vision', { seed: 1 });
    await expect(ClassifierRewardEnv.load(inner, other, 'default', '')).rejects.toThrow(/trained on encoder weights sha256 abc/);
    await inner.close();
  });
});
