import { createEnv, createFrankaEnv, frankaGripperTarget, loadFrankaEnvConfigFile, type Env, type EnvOptions } from '@rlpd/robot-env';
import { createIntervenerFromFlags, InterventionWrapper, pickCubeGripperTarget, RealTimeEnv, type IntervenerDeps } from '@rlpd/intervention';
import { boxSize } from '@rlpd/spaces';
import type { ActorConfig } from './config.js';
import { ClassifierRewardEnv } from './classifier-reward-env.js';

/** What buildEnv may be handed instead of the real devices (tests: a virtual SpaceMouse). */
export type BuildEnvDeps = Pick<IntervenerDeps, 'hidBackend' | 'keyboardInput' | 'log' | 'now'> & {
  /** franka-http: polled after each step; true ends the episode (the ESC key). */
  readonly endEpisode?: () => boolean;
};

/** createEnv options of the configured env: franka-http reads --robot-config (zod-checked) and --robot-url. */
function envOptions(config: ActorConfig): EnvOptions {
  if (config.env !== 'franka-http') return {};
  const fromFile = config.robotConfig === undefined ? {} : loadFrankaEnvConfigFile(config.robotConfig);
  return { ...fromFile, robotUrl: config.robotUrl };
}

/**
 * The configured env wrapped so that an intervener's actions replace the policy's. A person
 * (spacemouse, keyboard) gets the sim paced to real time unless --no-real-time. `intervention`
 * is the wrapper, to tell the oracle the learner step.
 */
export async function buildEnv(config: ActorConfig, deps: BuildEnvDeps = {}): Promise<{ env: Env; inner: Env; intervention: InterventionWrapper }> {
  const inner =
    config.env === 'franka-http'
      ? (await createFrankaEnv(envOptions(config), { endEpisode: deps.endEpisode })).env
      : await createEnv(config.env, envOptions(config));
  const human = config.intervener === 'spacemouse' || config.intervener === 'keyboard';
  let rewarded: Env = inner;
  try {
    // A classifier reads a frozen encoder's features; with --encoder small (trained by the learner) that is the default encoder.
    const classifierEncoder = config.encoder === 'small' ? { name: 'default' as const, weights: '' } : { name: config.encoder, weights: config.encoderWeights };
    if (config.rewardClassifier !== '')
      rewarded = await ClassifierRewardEnv.load(inner, config.rewardClassifier, classifierEncoder.name, classifierEncoder.weights);
  } catch (error) {
    await inner.close();
    throw error;
  }
  // A robot paces itself (FrankaHttpEnv runs its own 10 Hz clock).
  const paced = config.env !== 'franka-http' && (config.realTime ?? human) ? new RealTimeEnv(rewarded) : rewarded;
  try {
    const intervener = await createIntervenerFromFlags(config.intervener, config, {
      ...deps,
      actionDim: boxSize(inner.spec.actionSpace),
      initialGripper: config.env === 'pick-cube' || config.env === 'pick-cube-vision' ? pickCubeGripperTarget : frankaGripperTarget,
    });
    const intervention = new InterventionWrapper(paced, intervener);
    return { env: intervention, inner, intervention };
  } catch (error) {
    await rewarded.close();
    throw error;
  }
}
