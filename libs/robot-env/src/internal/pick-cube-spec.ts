import type { EnvSpec } from '@rlpd/spaces';
import { box } from '@rlpd/spaces';
import type { PickCubeConfig } from '../pick-cube-config.js';
import { PICK_CUBE_STATE_SIZE } from '../pick-cube-state-layout.js';

/** Coarse, finite bounds: positions within 2 m of the origin, speeds below 5 m/s. */
const POSITION_BOUND = 2;
const VELOCITY_BOUND = 5;

/** pick-cube's EnvSpec for a resolved config. */
export function pickCubeSpec(config: PickCubeConfig, timestep: number): EnvSpec {
  const P = POSITION_BOUND;
  const V = VELOCITY_BOUND;
  const low = [-P, -P, -P, -V, -V, -V, 0, -P, -P, -P];
  const high = [P, P, P, V, V, V, 1, P, P, P];
  if (low.length !== PICK_CUBE_STATE_SIZE) throw new Error('pick-cube state bounds do not match the layout');
  return {
    name: 'pick-cube',
    observationSpace: { state: { shape: [PICK_CUBE_STATE_SIZE], dtype: 'float32', low, high } },
    actionSpace: box([4], -1, 1),
    maxEpisodeSteps: config.maxEpisodeSteps,
    controlHz: 1 / (timestep * config.physicsStepsPerControl),
  };
}
