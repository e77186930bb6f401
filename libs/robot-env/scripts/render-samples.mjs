#!/usr/bin/env node
// Renders both cameras of pick-cube-vision at three moments of a scripted pick and writes
// PNGs: `node libs/robot-env/scripts/render-samples.mjs [out-dir]` (default docs/images),
// after `npx nx run robot-env:build`. The pick is our own minimal script on the privileged
// state (robot-env cannot use @rlpd/intervention's oracle, which depends on it).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PICK_CUBE_VISION_CAMERAS, createPickCubeVisionEnv, encodePng } from '../dist/index.js';
import { scriptedPickAction } from '../dist/internal/scripted-pick-action.js';

const outDir = process.argv[2] ?? 'docs/images';
const SEED = 4;
mkdirSync(outDir, { recursive: true });
const env = await createPickCubeVisionEnv();
const moments = [];
let { observation, info } = await env.reset({ seed: SEED });
moments.push(['start', observation]);
let grasped = false;
for (let t = 0; t < 100; t++) {
  const action = scriptedPickAction(info.privilegedState, grasped);
  const closing = action[3] < 0 && !grasped;
  grasped ||= action[3] < 0;
  ({ observation, info } = await env.step(action));
  if (closing) moments.push(['grasp', observation]);
  if (info.success) {
    moments.push(['lifted', observation]);
    break;
  }
}
await env.close();
if (moments.length !== 3) throw new Error(`the scripted pick of seed ${SEED} did not reach start, grasp and lift (got ${moments.map((m) => m[0]).join(', ')})`);
for (const [moment, obs] of moments) {
  for (const camera of PICK_CUBE_VISION_CAMERAS) {
    const [height, width] = env.spec.observationSpace[camera].shape;
    const file = join(outDir, `pick-cube-vision-${camera}-${moment}.png`);
    writeFileSync(`${file}.tmp`, encodePng(obs[camera], width, height));
    renameSync(`${file}.tmp`, file);
    console.log(file);
  }
}
