export type { Intervener, InterventionContext } from './intervener.js';
export { pickCubeOracleAction } from './pick-cube-oracle.js';
export { createOracleIntervener, oracleIntervenerConfigSchema } from './oracle-intervener.js';
export type { OracleAction, OracleIntervenerConfig } from './oracle-intervener.js';
export { createNoIntervener } from './no-intervener.js';
export { InterventionWrapper } from './intervention-wrapper.js';
