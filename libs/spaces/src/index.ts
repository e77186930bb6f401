export { box, boxSize, boxSpaceSchema, spaceDtypeSchema } from './box-space.js';
export type { BoxSpace, SpaceDtype } from './box-space.js';
export { describeSpecMismatch, envSpecSchema, observationSpaceSchema } from './env-spec.js';
export type { EnvSpec, ObservationSpace } from './env-spec.js';
export type { Batch, Observation, Transition } from './transition.js';
export { episodeStatsSchema } from './episode-stats.js';
export type { EpisodeStats } from './episode-stats.js';
export { mulberry32 } from './mulberry32.js';
