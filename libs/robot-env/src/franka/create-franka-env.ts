import type { EnvSpec, Observation } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '../env.js';
import { FlattenState } from '../wrappers/flatten-state.js';
import { GripperClose } from '../wrappers/gripper-close.js';
import { GripperPenalty } from '../wrappers/gripper-penalty.js';
import { ObservationHistory } from '../wrappers/observation-history.js';
import { QuatToEuler } from '../wrappers/quat-to-euler.js';
import { RelativeFrame } from '../wrappers/relative-frame.js';
import { frankaEnvConfigSchema, type FrankaEnvConfig, type FrankaEnvConfigInput } from './franka-env-config.js';
import { FRANKA_GRIPPER_OPEN_ABOVE, FrankaHttpEnv, type FrankaHttpEnvDeps } from './franka-http-env.js';

/**
 * FrankaHttpEnv in hil-serl's usual wrapper order: [GripperPenalty] -> RelativeFrame ->
 * QuatToEuler -> FlattenState (`state`, alphabetical keys) -> [GripperClose] ->
 * [ObservationHistory], each as the config asks. `robot` is the unwrapped env (stats, client).
 */
export async function createFrankaEnv(config: FrankaEnvConfigInput = {}, deps: FrankaHttpEnvDeps = {}): Promise<{ env: Env; robot: FrankaHttpEnv }> {
  const robot = await FrankaHttpEnv.create(config, deps);
  return { env: wrapFrankaEnv(robot, robot.config), robot };
}

function wrapFrankaEnv(robot: Env, c: FrankaEnvConfig): Env {
  let env = robot;
  // GripperPenalty reads gripper_pose and the 7-D action, so it sits inside the others.
  if (c.gripperPenalty > 0) env = new GripperPenalty(env, { penalty: c.gripperPenalty });
  if (c.relativeFrame) env = new RelativeFrame(env, true, c.relativeFrameAdjoint);
  if (c.quatToEuler) env = new QuatToEuler(env);
  env = new FlattenState(env);
  if (c.gripperClosed) env = new GripperClose(env);
  if (c.historyHorizon > 0) env = new ObservationHistory(env, c.historyHorizon);
  return env;
}

/** Stands in for the robot when only the spec is wanted. */
class SpecOnlyEnv implements Env {
  constructor(readonly spec: EnvSpec) {}
  reset(): Promise<ResetResult> {
    return Promise.reject(new Error('frankaEnvSpec: this env has no robot'));
  }
  step(): Promise<StepResult> {
    return Promise.reject(new Error('frankaEnvSpec: this env has no robot'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The spec createFrankaEnv would produce for `config`, without a robot (for the learner, which
 * only needs the spec). Cameras are taken as `imageSize`.
 */
export function frankaEnvSpec(configInput: FrankaEnvConfigInput = {}): EnvSpec {
  const config = frankaEnvConfigSchema.parse(configInput);
  const cameras = config.cameras.map((name) => ({ name, height: config.imageSize[0], width: config.imageSize[1] }));
  return wrapFrankaEnv(new SpecOnlyEnv(FrankaHttpEnv.specFor(config, cameras)), config).spec;
}

/**
 * The gripper command (-1 close, +1 open) that keeps the gripper as observed, for an
 * intervener taking over a createFrankaEnv env: gripper_pose sorts first in `state`.
 */
export function frankaGripperTarget(observation: Observation): number {
  const opening = observation.state?.[0];
  if (opening === undefined) throw new Error("frankaGripperTarget expects a flattened 'state' observation");
  return opening > FRANKA_GRIPPER_OPEN_ABOVE ? 1 : -1;
}
