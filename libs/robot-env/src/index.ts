export type { Env, ResetResult, StepInfo, StepResult } from './env.js';
export { PickCubeEnv, createPickCubeEnv } from './pick-cube-env.js';
export { DEFAULT_PICK_CUBE_CONFIG, pickCubeConfigSchema, resolvePickCubeConfig } from './pick-cube-config.js';
export type { PickCubeConfig } from './pick-cube-config.js';
export { PICK_CUBE_STATE_LAYOUT, PICK_CUBE_STATE_SIZE } from './pick-cube-state-layout.js';
export { ENV_NAMES, createEnv } from './create-env.js';
export type { EnvOptions } from './create-env.js';
export { simRobotServerOptionsSchema, startSimRobotServer } from './franka/sim-server/sim-robot-server.js';
export type { SimRobotServerHandle, SimRobotServerOptions } from './franka/sim-server/sim-robot-server.js';
