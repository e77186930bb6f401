import { box, type EnvSpec } from '@rlpd/spaces';
import { PICK_CUBE_VISION_STATE_SIZE } from '../pick-cube-vision-state-layout.js';
import type { PickCubeVisionConfig } from '../pick-cube-vision-config.js';
import { pickCubeSpec } from './pick-cube-spec.js';

/** pick-cube-vision's EnvSpec: pick-cube's first 7 state bounds, then one uint8 image per camera. */
export function pickCubeVisionSpec(config: PickCubeVisionConfig, timestep: number): EnvSpec {
  const base = pickCubeSpec(config, timestep);
  const state = base.observationSpace.state;
  return {
    ...base,
    name: 'pick-cube-vision',
    observationSpace: {
      state: {
        shape: [PICK_CUBE_VISION_STATE_SIZE],
        dtype: 'float32',
        low: state.low.slice(0, PICK_CUBE_VISION_STATE_SIZE),
        high: state.high.slice(0, PICK_CUBE_VISION_STATE_SIZE),
      },
      front: box([config.frontHeight, config.frontWidth, 3], 0, 255, 'uint8'),
      wrist: box([config.wristHeight, config.wristWidth, 3], 0, 255, 'uint8'),
    },
  };
}
