export type { Env, ResetResult, StepInfo, StepResult } from './env.js';
export { PickCubeEnv, createPickCubeEnv } from './pick-cube-env.js';
export { DEFAULT_PICK_CUBE_CONFIG, pickCubeConfigSchema, resolvePickCubeConfig } from './pick-cube-config.js';
export type { PickCubeConfig } from './pick-cube-config.js';
export { PICK_CUBE_STATE_LAYOUT, PICK_CUBE_STATE_SIZE } from './pick-cube-state-layout.js';
export { ENV_NAMES, createEnv } from './create-env.js';
export type { EnvOptions } from './create-env.js';
export { PickCubeVisionEnv, createPickCubeVisionEnv } from './pick-cube-vision-env.js';
export type { PickCubeVisionInfo, PickCubeVisionObservation } from './pick-cube-vision-env.js';
export {
  DEFAULT_PICK_CUBE_VISION_CONFIG,
  pickCubeVisionConfigSchema,
  resolvePickCubeVisionConfig,
} from './pick-cube-vision-config.js';
export type { PickCubeVisionConfig } from './pick-cube-vision-config.js';
export {
  PICK_CUBE_VISION_CAMERAS,
  PICK_CUBE_VISION_STATE_LAYOUT,
  PICK_CUBE_VISION_STATE_SIZE,
} from './pick-cube-vision-state-layout.js';
export type { PickCubeVisionCamera } from './pick-cube-vision-state-layout.js';
export { projectPoint, focalLengthPixels } from './render/camera-projection.js';
export { encodePng } from './render/png-encoder.js';
export { checkObservation, describeObservationMismatch } from './check-observation.js';
