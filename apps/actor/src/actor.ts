import { createHash } from 'node:crypto';
import { checkObservation } from '@rlpd/robot-env';
import { boxSize, mulberry32, type EnvSpec, type Observation, type Transition } from '@rlpd/spaces';
import { ActorClient } from '@rlpd/transport';
import { buildEnv } from './build-env.js';
import type { ActorConfig } from './config.js';
import { EpisodeRecorder } from './episode-recorder.js';
import type { Log } from '@rlpd/cli';
import { fetchLearnerStatus } from './learner-status.js';
import { Pacer } from './pacer.js';
import { PolicyInput } from './policy-input.js';
import { openEncoder } from './open-encoder.js';

export interface ActorSummary {
  readonly envSteps: number;
  readonly episodes: number;
  readonly successes: number;
  readonly paramsVersion: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A copy of an env's observation, checked against the env's spec first: an image of the wrong
 * shape or dtype fails here, naming the key, what was found and what was expected.
 */
function copyObservation(observation: Observation, spec: EnvSpec, source: string): Observation {
  checkObservation(spec.observationSpace, observation, source);
  const copy: Record<string, Float32Array | Uint8Array> = {};
  for (const [key, value] of Object.entries(observation)) copy[key] = value.slice();
  return copy;
}

/**
 * Runs the policy on the env and streams every transition to the learner: act -> step (an
 * intervention may replace the action) -> record the executed action -> send; at episode end
 * send the episode's stats. New parameters are swapped in between steps.
 */
export async function runActor(config: ActorConfig, log: Log, shouldStop: () => boolean): Promise<ActorSummary> {
  const { env, intervention } = await buildEnv(config);
  const actionDim = boxSize(env.spec.actionSpace);
  const encoder = await openEncoder(config);
  const policy = new PolicyInput(env.spec, { hiddenDims: config.hiddenDims, seed: config.seed, loadEncoder: () => encoder });
  let paramsVersion = 0;
  const configHash = createHash('sha256').update(JSON.stringify({ spec: env.spec, hiddenDims: config.hiddenDims })).digest('hex').slice(0, 16);
  const client = new ActorClient({ url: config.learnerUrl, token: config.token, actorId: config.actorId, envSpec: env.spec, configHash, logger: log, connectTimeoutMs: config.connectTimeout * 1000 });
  client.onParams(({ version, bytes }) => {
    policy.loadBytes(bytes);
    if (paramsVersion === 0) log(`first parameters received (version ${version}); the policy reads [${policy.observationKeys.join(', ')}]`);
    paramsVersion = version;
  });
  log(`connecting to ${config.learnerUrl}`);
  await client.connect();
  while (paramsVersion === 0 && !shouldStop()) await sleep(20);
  const learner = await fetchLearnerStatus(config.learnerUrl);
  const pacer = new Pacer(config.learnerStepsPerEnvStep, Math.max(config.pacingSlack, config.sendEvery), learner.trainingStarts, learner.learnerStep);
  let learnerStep = learner.learnerStep;
  const recorder = new EpisodeRecorder();
  const pending: Transition[] = [];
  let { observation } = await env.reset({ seed: config.seed });
  observation = copyObservation(observation, env.spec, `${config.env} reset`);
  let episodes = 0;
  let successes = 0;
  let step = 0;
  const random = mulberry32(config.seed);
  for (; step < config.maxSteps && !shouldStop(); step++) {
    learnerStep = Math.max(learnerStep, client.learnerStep);
    intervention.setLearnerStep(learnerStep); // oracle modes depend on training progress
    while (!pacer.mayStep(step, learnerStep) && !shouldStop()) {
      // Acks and parameters carry the learner's step, but none arrive while we wait: ask.
      await sleep(50);
      learnerStep = Math.max(learnerStep, client.learnerStep, (await fetchLearnerStatus(config.learnerUrl)).learnerStep);
    }
    const policyAction =
      step < config.randomSteps ? Float32Array.from({ length: actionDim }, () => random() * 2 - 1) : policy.act(observation);
    const result = await env.step(policyAction);
    const intervened = result.info.interveneAction !== undefined;
    const nextObservation = copyObservation(result.observation, env.spec, `${config.env} step ${step}`);
    const done = result.terminated || result.truncated;
    pending.push({
      observations: observation,
      actions: Float32Array.from(result.info.interveneAction ?? policyAction),
      nextObservations: nextObservation,
      rewards: result.reward,
      masks: result.terminated ? 0 : 1, // a time limit (truncation) still bootstraps
      dones: done,
      intervened,
      success: result.info.success,
    });
    recorder.record(result.reward, intervened, result.info.success);
    if (pending.length >= config.sendEvery || done) {
      await client.sendTransitions(pending.splice(0));
    }
    if (done) {
      const stats = recorder.finish();
      client.sendStats(stats);
      episodes += 1;
      if (stats.success) successes += 1;
      ({ observation } = await env.reset());
      observation = copyObservation(observation, env.spec, `${config.env} reset`);
    } else {
      observation = nextObservation;
    }
  }
  if (pending.length > 0) await client.sendTransitions(pending.splice(0));
  await client.flush(30_000);
  await client.close();
  await env.close();
  return { envSteps: step, episodes, successes, paramsVersion };
}
