import type { Env } from '../env.js';
import { FlattenState } from '../wrappers/flatten-state.js';
import { GripperClose } from '../wrappers/gripper-close.js';
import { GripperPenalty } from '../wrappers/gripper-penalty.js';
import { ObservationHistory } from '../wrappers/observation-history.js';
import { QuatToEuler } from '../wrappers/quat-to-euler.js';
import { RelativeFrame } from '../wrappers/relative-frame.js';
import type { FrankaEnvConfigInput } from './franka-env-config.js';
import { FrankaHttpEnv, type FrankaHttpEnvDeps } from './franka-http-env.js';

/**
 * FrankaHttpEnv in hil-serl's usual wrapper order: [GripperPenalty] -> RelativeFrame ->
 * QuatToEuler -> FlattenState (`state`, alphabetical keys) -> [GripperClose] ->
 * [ObservationHistory], each as the config asks. `robot` is the unwrapped env (stats, client).
 */
export async function createFrankaEnv(config: FrankaEnvConfigInput = {}, deps: FrankaHttpEnvDeps = {}): Promise<{ env: Env; robot: FrankaHttpEnv }> {
  const robot = await FrankaHttpEnv.create(config, deps);
  const c = robot.config;
  let env: Env = robot;
  // GripperPenalty reads gripper_pose and the 7-D action, so it sits inside the others.
  if (c.gripperPenalty > 0) env = new GripperPenalty(env, { penalty: c.gripperPenalty });
  if (c.relativeFrame) env = new RelativeFrame(env);
  if (c.quatToEuler) env = new QuatToEuler(env);
  env = new FlattenState(env);
  if (c.gripperClosed) env = new GripperClose(env);
  if (c.historyHorizon > 0) env = new ObservationHistory(env, c.historyHorizon);
  return { env, robot };
}
