export type { Env, ResetResult, StepInfo, StepResult } from './env.js';
export { PickCubeEnv, createPickCubeEnv } from './pick-cube-env.js';
export { DEFAULT_PICK_CUBE_CONFIG, pickCubeConfigSchema, resolvePickCubeConfig } from './pick-cube-config.js';
export type { PickCubeConfig } from './pick-cube-config.js';
export { PICK_CUBE_STATE_LAYOUT, PICK_CUBE_STATE_SIZE } from './pick-cube-state-layout.js';
export { ENV_NAMES, createEnv } from './create-env.js';
export type { EnvOptions } from './create-env.js';
export { simRobotServerOptionsSchema, startSimRobotServer } from './franka/sim-server/sim-robot-server.js';
export type { SimRobotServerHandle, SimRobotServerOptions } from './franka/sim-server/sim-robot-server.js';
export { FrankaHttpEnv, FRANKA_ACTION_DIM, FRANKA_PROPRIO_SIZES } from './franka/franka-http-env.js';
export type { FrankaControlStats, FrankaHttpEnvDeps } from './franka/franka-http-env.js';
export { createFrankaEnv, frankaEnvSpec, frankaGripperTarget } from './franka/create-franka-env.js';
export { frankaEnvConfigSchema, loadFrankaEnvConfigFile } from './franka/franka-env-config.js';
export type { FrankaEnvConfig, FrankaEnvConfigInput } from './franka/franka-env-config.js';
export { FrankaHttpClient } from './franka/franka-http-client.js';
export type { FrankaHttpClientOptions } from './franka/franka-http-client.js';
export { FrankaHttpError } from './franka/franka-http-error.js';
export { FRANKA_PLAIN_COMMANDS, frankaReadReplySchemas, frankaStateSchema } from './franka/franka-replies.js';
export type { FrankaPlainCommand, FrankaReadRoute, FrankaState } from './franka/franka-replies.js';
export { clipPoseToBox, isPoseInBox, safetyBoxAround, safetyBoxSchema } from './franka/safety-box.js';
export type { SafetyBox } from './franka/safety-box.js';
export { eulerXyzFromQuat, quatAngle, quatFromEulerXyz, quatMultiply, quatSlerp, serlEulerToQuat } from './franka/rotation.js';
export type { Quat } from './franka/rotation.js';
export { ControlClock } from './franka/control-clock.js';
export type { CameraSource, CameraSpec } from './franka/camera-source.js';
export { RecordedCameraSource } from './franka/recorded-camera-source.js';
export { HttpCameraSource } from './franka/http-camera-source.js';
export { FakeFrankaServer } from './franka/fake-franka-server.js';
export type { FakeFault, FakeRequest } from './franka/fake-franka-server.js';
export { EnvWrapper } from './wrappers/env-wrapper.js';
export { RelativeFrame, adjointOfPose } from './wrappers/relative-frame.js';
export type { RelativeFrameAdjoint } from './wrappers/relative-frame.js';
export { QuatToEuler } from './wrappers/quat-to-euler.js';
export { GripperClose } from './wrappers/gripper-close.js';
export { FlattenState } from './wrappers/flatten-state.js';
export type { StateLayout } from './wrappers/flatten-state.js';
export { ObservationHistory } from './wrappers/observation-history.js';
export { TimeLimit } from './wrappers/time-limit.js';
export { GripperPenalty } from './wrappers/gripper-penalty.js';
export type { GripperPenaltyOptions } from './wrappers/gripper-penalty.js';
export { RewardClassifierWrapper } from './wrappers/reward-classifier.js';
export type { RewardClassifier } from './wrappers/reward-classifier.js';
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
