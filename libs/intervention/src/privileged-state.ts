import type { StepInfo } from '@rlpd/robot-env';

/**
 * The sim's full state from an env's reset/step info (`info.privilegedState`, e.g.
 * pick-cube-vision's 10-number pick-cube state with the cube position its observation lacks),
 * for scripted oracles; undefined when the env reports none (real robots, state-only tasks).
 */
export function privilegedStateOf(info: StepInfo): Float32Array | undefined {
  const state = info.privilegedState;
  return state instanceof Float32Array ? state : undefined;
}
