import { createEnv, type Env } from '@rlpd/robot-env';
import { createIntervenerFromFlags, InterventionWrapper, pickCubeGripperTarget, RealTimeEnv, type IntervenerDeps } from '@rlpd/intervention';
import { boxSize } from '@rlpd/spaces';
import type { ActorConfig } from './config.js';
import { ClassifierRewardEnv } from './classifier-reward-env.js';

/** What buildEnv may be handed instead of the real devices (tests: a virtual SpaceMouse). */
export type BuildEnvDeps = Pick<IntervenerDeps, 'hidBackend' | 'keyboardInput' | 'log' | 'now'>;

/**
 * The configured env wrapped so that an intervener's actions replace the policy's. A person
 * (spacemouse, keyboard) gets the sim paced to real time unless --no-real-time. `intervention`
 * is the wrapper, to tell the oracle the learner step.
 */
export async function buildEnv(config: ActorConfig, deps: BuildEnvDeps = {}): Promise<{ env: Env; inner: Env; intervention: InterventionWrapper }> {
  const inner = await createEnv(config.env, {});
  const human = config.intervener === 'spacemouse' || config.intervener === 'keyboard';
  let rewarded: Env = inner;
  try {
    if (config.rewardClassifier !== '') rewarded = await ClassifierRewardEnv.load(inner, config.rewardClassifier, config.encoder, config.encoderWeights);
  } catch (error) {
    await inner.close();
    throw error;
  }
  const paced = (config.realTime ?? human) ? new RealTimeEnv(rewarded) : rewarded;
  try {
    const intervener = await createIntervenerFromFlags(config.intervener, config, {
      ...deps,
      actionDim: boxSize(inner.spec.actionSpace),
      initialGripper: config.env === 'pick-cube' || config.env === 'pick-cube-vision' ? pickCubeGripperTarget : undefined,
    });
    const intervention = new InterventionWrapper(paced, intervener);
    return { env: intervention, inner, intervention };
  } catch (error) {
    await rewarded.close();
    throw error;
  }
}
