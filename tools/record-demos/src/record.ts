import { createProgressBar } from '@rlpd/cli';
import {
  createIntervenerFromFlags,
  intervenerFlagsSchema,
  InterventionWrapper,
  pickCubeGripperTarget,
  pickCubeOracleAction,
  privilegedStateOf,
  RealTimeEnv,
  type IntervenerDeps,
} from '@rlpd/intervention';
import { createEnv, type Env } from '@rlpd/robot-env';
import { boxSize, mulberry32 } from '@rlpd/spaces';
import type { Observation, ObservationSpace, Transition } from '@rlpd/spaces';
import type { RecordDemosConfig } from './config.js';

export interface RecordResult {
  readonly transitions: Transition[];
  readonly observationSpace: ObservationSpace;
  readonly episodes: number;
  readonly attempts: number;
  /** With --success-out / --failure-out: every step of every attempt, split by the sim's success in its next state. */
  readonly successes: Transition[];
  readonly failures: Transition[];
}

const copy = (o: Observation): Observation => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.slice()]));

/**
 * The env a person demonstrates on: paced to real time, every step the person's action (idle
 * steps hold still with the gripper kept), Esc ending the episode.
 */
async function teleopEnv(
  config: RecordDemosConfig,
  sim: Env,
  deps: Pick<IntervenerDeps, 'hidBackend' | 'keyboardInput' | 'log' | 'now'>,
): Promise<InterventionWrapper> {
  const kind = config.intervener === 'keyboard' ? 'keyboard' : 'spacemouse';
  const flags = { ...intervenerFlagsSchema.parse({}), ...config };
  const intervener = await createIntervenerFromFlags(kind, flags, {
    ...deps,
    actionDim: boxSize(sim.spec.actionSpace),
    initialGripper: pickCubeGripperTarget,
    alwaysIntervene: true,
  });
  return new InterventionWrapper(config.realTime ? new RealTimeEnv(sim) : sim, intervener);
}

/**
 * Runs the demonstrator (the oracle, or a person through a SpaceMouse or the keyboard) until
 * `episodes` successful episodes are recorded; failed or abandoned episodes are dropped. A
 * person's steps are stored as interventions (infos.intervene_action), the oracle's are not.
 */
export async function recordDemos(
  config: RecordDemosConfig,
  deps: Pick<IntervenerDeps, 'hidBackend' | 'keyboardInput' | 'log' | 'now'> = {},
): Promise<RecordResult> {
  const sim = await createEnv(config.task, {});
  const human = config.intervener !== 'oracle';
  const env: Env = human
    ? await teleopEnv(config, sim, deps).catch(async (error: unknown) => {
        await sim.close();
        throw error;
      })
    : sim;
  const idle = new Float32Array(boxSize(sim.spec.actionSpace));
  const maxAttempts = config.maxAttempts || 3 * config.episodes;
  const transitions: Transition[] = [];
  const labelled = config.successOut !== '' || config.failureOut !== '';
  const successes: Transition[] = [];
  const failures: Transition[] = [];
  const bar = createProgressBar('recording demos', config.episodes);
  let recorded = 0;
  let attempts = 0;
  const uniform = mulberry32(config.seed);
  while (recorded < config.episodes && attempts < maxAttempts) {
    const episode: Transition[] = [];
    let { observation, info } = await env.reset({ seed: config.seed + attempts });
    observation = copy(observation);
    attempts += 1;
    let succeeded = false;
    for (;;) {
      // pick-cube-vision observes no cube position: the oracle reads the sim's privileged state.
      const commanded = human ? idle : pickCubeOracleAction(observation, uniform, config.noise, privilegedStateOf(info));
      const result = await env.step(commanded);
      const action = result.info.interveneAction ?? commanded; // a person's steps all carry interveneAction
      const next = copy(result.observation);
      succeeded ||= result.info.success;
      const done = result.terminated || result.truncated;
      // A person's steps carry interveneAction (they are interventions in hil-serl's sense); the
      // oracle demonstrates on the plain sim, so its steps are stored without intervene_action.
      const intervened = result.info.interveneAction !== undefined;
      episode.push({
        observations: observation,
        actions: action,
        nextObservations: next,
        rewards: result.reward,
        masks: result.terminated ? 0 : 1,
        dones: done,
        intervened,
        success: result.info.success,
      });
      observation = next;
      info = result.info;
      if (done) break;
    }
    if (labelled) for (const t of episode) (t.success ? successes : failures).push(t);
    if (succeeded) {
      transitions.push(...episode);
      recorded += 1;
    }
    // A person needs to know how each attempt went; the oracle's attempts only move the bar.
    if (human) process.stderr.write(`\nattempt ${attempts}: ${succeeded ? 'success, kept' : 'no success, dropped'} (${episode.length} steps)\n`);
    bar.update(recorded, `(${attempts} attempts)`);
  }
  bar.finish(`(${attempts} attempts)`, recorded);
  await env.close();
  if (recorded < config.episodes) {
    const hint = human ? 'raise --max-attempts to keep trying' : 'lower --noise or raise --max-attempts';
    throw new Error(`only ${recorded} of ${config.episodes} episodes succeeded in ${attempts} attempts; ${hint}`);
  }
  return { transitions, observationSpace: env.spec.observationSpace, episodes: recorded, attempts, successes, failures };
}
