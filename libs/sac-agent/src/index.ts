export { initBackend, type BackendName, type BackendPreference, type BackendLog } from './init-backend.js';
export { registerFastGradients } from './kernels/register-fast-gradients.js';
export { dense } from './kernels/dense.js';
export { layerNorm, LAYER_NORM_EPSILON } from './kernels/layer-norm.js';
export { fastTanh } from './kernels/fast-tanh.js';
export { batchMatMulGradConfig } from './kernels/batch-mat-mul-grad.js';
export { DEFAULT_SAC_CONFIG, resolveSacConfig, SETUP_MODES, type SacConfig, type SetupMode } from './sac-config.js';
export { GRASP_METRIC_KEYS, SAC_METRIC_KEYS, type SacMetricKey, type SacMetrics } from './sac-metrics.js';
export { SacAgent, type SacAgentOptions } from './sac-agent.js';
export { Policy, type PolicyOptions } from './policy.js';
export type { NamedTensor, NamedTensors } from './named-tensors.js';
export { encodeSafetensors, decodeSafetensors } from './safetensors.js';
export { saveCheckpoint, loadCheckpoint, latestCheckpoint, type Checkpointable } from './checkpoint.js';
export {
  agentObservation,
  agentObservationDim,
  DEFAULT_AGENT_OBSERVATION_KEYS,
  OBSERVATION_KEYS_METADATA,
  observationKeysFromMetadata,
  observationKeysMetadata,
} from './agent-observation.js';
export { registerEncoderKernels, conv2dFilterGradient, conv2dInputGradient } from './encoders/conv-gradients.js';
export { featureKey, type FrameEncoder } from './encoders/frame-encoder.js';
export { SHIFT_PAD, shiftCrop } from './encoders/shift-crop.js';
export { initSmallConvNet, SMALL_CONV_NET, smallConvNetShapes } from './encoders/small-conv-net.js';
export { DEFAULT_ENCODER_WEIGHTS, ENCODER_METADATA, SmallConvEncoder } from './encoders/small-conv-encoder.js';
export {
  POOLED_SIZE,
  poolFrame,
  predictStates,
  pretrainStateRegressor,
  type PretrainOptions,
  type StateRegressionData,
} from './encoders/pretrain-state-regressor.js';
export {
  DEFAULT_FEATURE_CROPS,
  frameFeatureCrops,
  observationFeatures,
  type FrameFeatureCrops,
  type FrameFeatureCropsOptions,
} from './encoders/frame-feature-crops.js';
export {
  checkEncoderMetadata,
  ENCODER_NAMES,
  ENCODER_POLICY_METADATA,
  encoderPolicyMetadata,
  loadEncoder,
  withFeatureColumns,
  type EncoderName,
  type LoadedEncoder,
} from './encoders/load-encoder.js';
export {
  classifierFeatures,
  classifierFeaturesBatch,
  REWARD_CLASSIFIER_METADATA,
  RewardClassifier,
  type ClassifierScores,
  type RewardClassifierTraining,
} from './encoders/reward-classifier.js';
export { groupNorm, Resnet10Encoder, resnet10Shapes } from './encoders/resnet10-encoder.js';
export type { LoadEncoderOptions, ReadArrayTree } from './encoders/load-encoder.js';
export { drawShiftOffsets, shiftedPooledInput } from './encoders/drq-batch-input.js';
export {
  smallConvNetBackward,
  smallConvNetBackwardFlops,
  smallConvNetForwardFlops,
  smallConvNetTrace,
  type SmallConvNetTrace,
} from './encoders/small-conv-net-backward.js';
export {
  SMALL_ENCODER,
  smallEncoderCameras,
  smallEncoderFromPolicy,
  smallEncoderPolicyMetadata,
  withSmallEncoderFeatures,
} from './encoders/small-encoder-policy.js';
export type { PixelEncoderOptions } from './internal/encoder-update.js';
export { liveTensorCount } from './live-tensors.js';
