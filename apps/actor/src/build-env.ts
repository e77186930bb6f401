import { createEnv, type Env } from '@rlpd/robot-env';
import { createNoIntervener, createOracleIntervener, InterventionWrapper } from '@rlpd/intervention';
import type { ActorConfig } from './config.js';

/** The configured env wrapped so that an intervener's actions replace the policy's. */
export async function buildEnv(config: ActorConfig): Promise<{ env: Env; inner: Env }> {
  const inner = await createEnv(config.env, {});
  const intervener =
    config.intervener === 'oracle'
      ? createOracleIntervener({ mode: 'stall', stallSteps: config.stallSteps, takeoverSteps: config.takeoverSteps })
      : createNoIntervener();
  return { env: new InterventionWrapper(inner, intervener), inner };
}
