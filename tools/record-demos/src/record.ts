import { createProgressBar } from '@rlpd/cli';
import { pickCubeOracleAction } from '@rlpd/intervention';
import { createEnv } from '@rlpd/robot-env';
import type { Observation, ObservationSpace, Transition } from '@rlpd/spaces';
import type { RecordDemosConfig } from './config.js';

export interface RecordResult {
  readonly transitions: Transition[];
  readonly observationSpace: ObservationSpace;
  readonly episodes: number;
  readonly attempts: number;
}

const copy = (o: Observation): Observation => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v.slice()]));

/**
 * Runs the oracle until `episodes` successful episodes are recorded; failed episodes are
 * dropped. Every step is a demonstrator action, so it is stored as intervened.
 */
export async function recordDemos(config: RecordDemosConfig): Promise<RecordResult> {
  const env = await createEnv(config.task, {});
  const maxAttempts = config.maxAttempts || 3 * config.episodes;
  const transitions: Transition[] = [];
  const bar = createProgressBar('recording demos', config.episodes);
  let recorded = 0;
  let attempts = 0;
  let rngState = (config.seed * 2654435761) >>> 0 || 1;
  const uniform = (): number => {
    rngState ^= rngState << 13;
    rngState ^= rngState >>> 17;
    rngState ^= rngState << 5;
    return (rngState >>> 0) / 4294967296;
  };
  while (recorded < config.episodes && attempts < maxAttempts) {
    const episode: Transition[] = [];
    let { observation } = await env.reset({ seed: config.seed + attempts });
    observation = copy(observation);
    attempts += 1;
    let succeeded = false;
    for (;;) {
      const action = pickCubeOracleAction(observation, uniform, config.noise);
      const result = await env.step(action);
      const next = copy(result.observation);
      succeeded ||= result.info.success;
      const done = result.terminated || result.truncated;
      episode.push({ observations: observation, actions: action, nextObservations: next, rewards: result.reward, masks: result.terminated ? 0 : 1, dones: done, intervened: true, success: result.info.success });
      observation = next;
      if (done) break;
    }
    if (succeeded) {
      transitions.push(...episode);
      recorded += 1;
    }
    bar.update(recorded, `(${attempts} attempts)`);
  }
  bar.finish(`(${attempts} attempts)`);
  await env.close();
  if (recorded < config.episodes) {
    throw new Error(`only ${recorded} of ${config.episodes} episodes succeeded in ${attempts} attempts; lower --noise or raise --max-attempts`);
  }
  return { transitions, observationSpace: env.spec.observationSpace, episodes: recorded, attempts };
}
