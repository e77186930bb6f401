import { existsSync } from 'node:fs';
import { ReplayBuffer, SymmetricSampler } from '@rlpd/replay-buffer';
import { box, type Transition } from '@rlpd/spaces';
import { DEFAULT_ENCODER_WEIGHTS, featureKey, frameFeatureCrops, loadEncoder, observationFeatures, SacAgent } from '@rlpd/sac-agent';
import { timeIt } from './time-it.js';

const SIDE = 128;
const FRAME = SIDE * SIDE * 3;
const CAMERAS = ['front', 'wrist'] as const;
const STATE = 7;
const ACTION = 4;

/**
 * The vision learner's step with the cached frozen encoder at hil-serl's sizes (two 128x128
 * cameras, batch 256, cta_ratio 2, 2 critics): features come from the buffers' cache (one
 * uniformly drawn crop of K = 4 per frame), so a step is two batch draws and one critic plus one
 * full update on [front features, wrist features, state]. Also: the insert cost (encoding a new
 * frame's 4 crops for both cameras), stored bytes per transition, and the actor's batch-1
 * encoding of both cameras.
 */
export async function benchVisionSac(): Promise<Record<string, unknown>> {
  if (!existsSync(DEFAULT_ENCODER_WEIGHTS))
    throw new Error(`bench sac (vision): the default encoder weights are missing (${DEFAULT_ENCODER_WEIGHTS}); run npm run -s pretrain-encoder`);
  const encoder = await loadEncoder('default');
  const space = { state: box([STATE], -10, 10), front: box([SIDE, SIDE, 3], 0, 255, 'uint8'), wrist: box([SIDE, SIDE, 3], 0, 255, 'uint8') };
  const crops = frameFeatureCrops(encoder, { crops: 4, seed: 0 });
  const online = new ReplayBuffer({ observationSpace: space, actionDim: ACTION, capacity: 2000, frameFeatures: crops });
  const demo = new ReplayBuffer({ observationSpace: space, actionDim: ACTION, capacity: 2000, frameFeatures: crops });
  let seed = 7;
  const byte = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const frame = () => Uint8Array.from({ length: FRAME }, byte);
  let previous = { front: frame(), wrist: frame() };
  const insertMs: number[] = [];
  for (let i = 0; i < 300; i++) {
    const next = { front: frame(), wrist: frame() };
    const t: Transition = {
      observations: { state: new Float32Array(STATE).fill(i / 300), ...previous },
      nextObservations: { state: new Float32Array(STATE).fill((i + 1) / 300), ...next },
      actions: new Float32Array(ACTION).fill(0.1),
      rewards: i % 7 === 0 ? 1 : 0,
      masks: 1,
      dones: i % 50 === 49,
      intervened: false,
    };
    const started = performance.now();
    (i < 150 ? online : demo).insert(t); // consecutive steps in one buffer share frames
    insertMs.push(performance.now() - started);
    previous = next;
  }
  insertMs.sort((a, b) => a - b);
  const sampler = new SymmetricSampler({ online, demo, batchSize: 256, seed: 1 });
  const keys = [...CAMERAS.map(featureKey), 'state'];
  const agent = SacAgent.create({ observationDim: 2 * encoder.featureDim + STATE, observationKeys: keys, actionDim: ACTION, seed: 1 });
  const samplingMs = timeIt(() => sampler.next(), 5, 30);
  const stepMs = timeIt(
    () => {
      agent.updateCritic(sampler.next());
      agent.updateFull(sampler.next());
    },
    3,
    20,
  );
  const observation = { state: new Float32Array(STATE), front: frame(), wrist: frame() };
  const actorEncodeMs = timeIt(() => observationFeatures(encoder, observation), 5, 30);
  const actorStepMs = timeIt(
    () => {
      const f = observationFeatures(encoder, observation);
      agent.sampleActions(Float32Array.from([...f.front_features, ...f.wrist_features, ...observation.state]));
    },
    3,
    20,
  );
  const result = {
    visionLearnerStepsPerSecond: 1000 / stepMs,
    vision: {
      encoder: encoder.name,
      featuresPerCamera: encoder.featureDim,
      agentInput: agent.observationDim,
      cropsPerFrame: crops.crops,
      batchSamplingMs: samplingMs,
      insertMsMedian: insertMs[Math.floor(insertMs.length / 2)],
      bytesPerTransition: (online.storedBytes + demo.storedBytes) / (online.size + demo.size),
      actorEncodeMsBothCameras: actorEncodeMs,
      actorStepMsWithEncoding: actorStepMs,
    },
  };
  encoder.dispose();
  return result;
}
