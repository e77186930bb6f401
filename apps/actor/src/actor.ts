import { createHash } from 'node:crypto';
import { checkObservation } from '@rlpd/robot-env';
import { boxSize, mulberry32, type EnvSpec, type Observation, type Transition } from '@rlpd/spaces';
import { ActorClient } from '@rlpd/transport';
import { buildEnv } from './build-env.js';
import { listenForEndEpisodeKey } from './end-episode-key.js';
import type { ActorConfig } from './config.js';
import { EpisodeRecorder } from './episode-recorder.js';
import type { Log } from '@rlpd/cli';
import { fetchLearnerStatus } from './learner-status.js';
import { policyOptions } from './policy-options.js';
import { Pacer } from './pacer.js';
import { PolicyInput } from './policy-input.js';
import { frozenEncoderLoader, openEncoder } from './open-encoder.js';

/** The actor's last stdout line. */
export interface ActorSummary {
  /** Env steps of this actor id, a restarted actor's earlier ones (held by the learner) included. */
  readonly envSteps: number;
  /** Transitions this process handed to the link, and those the learner acked as durable. */
  readonly transitionsSent: number;
  readonly transitionsAcked: number;
  /** Times the link to the learner was re-established. */
  readonly reconnects: number;
  readonly paramsVersion: number;
  readonly episodes: number;
  readonly successes: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or undefined once `stop` is aborted (the promise's later rejection is ignored: close() ends it). */
function unlessStopped<T>(promise: Promise<T>, stop: AbortSignal): Promise<T | undefined> {
  promise.catch(() => undefined);
  if (stop.aborted) return Promise.resolve(undefined);
  let onAbort = (): void => undefined;
  const stopped = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    stop.addEventListener('abort', onAbort, { once: true });
  });
  // One listener per call would pile up on the signal: remove it once the race is decided.
  return Promise.race([promise, stopped]).finally(() => stop.removeEventListener('abort', onAbort));
}

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
export async function runActor(config: ActorConfig, log: Log, stop: AbortSignal): Promise<ActorSummary> {
  const shouldStop = (): boolean => stop.aborted;
  // On a robot, ESC ends the episode (hil-serl's FrankaEnv); the keyboard intervener owns the keys otherwise.
  const endKey = config.env === 'franka-http' && config.intervener !== 'keyboard' && process.stdin.isTTY ? listenForEndEpisodeKey() : undefined;
  if (endKey !== undefined) log('press ESC to end the current episode');
  const { env, intervention } = await buildEnv(config, { endEpisode: endKey?.requested });
  const actionDim = boxSize(env.spec.actionSpace);
  const encoder = await openEncoder(config);
  const policy = new PolicyInput(env.spec, { ...policyOptions(config, env.spec), loadEncoder: frozenEncoderLoader(encoder) });
  let paramsVersion = 0;
  const configHash = createHash('sha256')
    .update(JSON.stringify({ spec: env.spec, hiddenDims: config.hiddenDims, setupMode: config.setupMode }))
    .digest('hex')
    .slice(0, 16);
  const client = new ActorClient({
    url: config.learnerUrl,
    token: config.token,
    actorId: config.actorId,
    envSpec: env.spec,
    configHash,
    logger: log,
    connectTimeoutMs: config.connectTimeout * 1000,
    maxUnackedBatches: config.maxUnackedBatches,
    maxUnackedBytesInMemory: config.maxUnackedMb * 1024 * 1024,
    spillDir: config.maxSpillMb === 0 ? null : config.spillPath || undefined,
    maxSpillBytes: config.maxSpillMb * 1024 * 1024,
  });
  client.onParams(({ version, bytes }) => {
    policy.loadBytes(bytes);
    if (paramsVersion === 0) log(`first parameters received (version ${version}); the policy reads [${policy.observationKeys.join(', ')}]`);
    paramsVersion = version;
  });
  log(`connecting to the learner at ${config.learnerUrl}; waiting up to ${config.connectTimeout} s (--connect-timeout) for it to accept this actor`);
  await client.connect().catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `${reason}; is the learner running (npm run -s learner -- ...) at that --learner-url with the same --token? --connect-timeout waits longer`,
    );
  });
  while (paramsVersion === 0 && !shouldStop()) await sleep(20);
  const learner = await fetchLearnerStatus(config.learnerUrl);
  const pacer = new Pacer(config.learnerStepsPerEnvStep, Math.max(config.pacingSlack, config.sendEvery), learner.trainingStarts);
  let learnerStep = learner.learnerStep;
  let learnerTransitions = learner.totalTransitions;
  let statusFailures = 0;
  const recorder = new EpisodeRecorder();
  const pending: Transition[] = [];
  let { observation } = await env.reset({ seed: config.seed });
  observation = copyObservation(observation, env.spec, `${config.env} reset`);
  let episodes = 0;
  let successes = 0;
  // A restarted actor goes on counting where its earlier run stopped (the learner holds those steps).
  let step = client.resumedTransitions;
  if (step > 0) log(`resuming at env step ${step}: the learner holds ${step} transitions from '${config.actorId}'`);
  const random = mulberry32(config.seed);
  // Every actor's transitions count for pacing: the learner's total plus what this one holds back.
  const onlineTransitions = (): number =>
    Math.max(learnerTransitions, client.learnerTransitions) + (client.transitionsSent - client.transitionsAcked) + pending.length;
  for (; step < config.maxSteps && !shouldStop(); step++) {
    learnerStep = Math.max(learnerStep, client.learnerStep);
    intervention.setLearnerStep(learnerStep); // oracle modes depend on training progress
    while (!pacer.mayStep(onlineTransitions(), learnerStep) && !shouldStop()) {
      // Acks and parameters carry the learner's step, but none arrive while we wait: ask.
      await sleep(50);
      try {
        const now = await fetchLearnerStatus(config.learnerUrl);
        learnerStep = Math.max(learnerStep, client.learnerStep, now.learnerStep);
        learnerTransitions = Math.max(learnerTransitions, now.totalTransitions);
        statusFailures = 0;
      } catch (error) {
        // The learner is away (restarting): keep waiting; the link reconnects by itself.
        if (statusFailures++ % 100 === 0)
          log.warn(`pacing: cannot read the learner's status (${error instanceof Error ? error.message : String(error)}); waiting`);
      }
    }
    if (shouldStop()) break;
    // The sim step resolves without the event loop turning: let acks, params and signals in.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const policyAction = step < config.randomSteps ? Float32Array.from({ length: actionDim }, () => random() * 2 - 1) : policy.act(observation);
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
      // Waits while --max-unacked-batches are unacked (the learner is away): the actor pauses.
      await unlessStopped(client.sendTransitions(pending.splice(0)), stop);
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
  await flushBounded(client, pending.splice(0), config.flushTimeout * 1000, log);
  await client.close();
  await env.close();
  endKey?.close();
  return {
    envSteps: step,
    transitionsSent: client.transitionsSent,
    transitionsAcked: client.transitionsAcked,
    reconnects: client.reconnects,
    paramsVersion,
    episodes,
    successes,
  };
}

/** Sends what is left and waits up to `timeoutMs` for the acks; past it, says what stays unacked. */
async function flushBounded(client: ActorClient, rest: Transition[], timeoutMs: number, log: Log): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  try {
    if (rest.length > 0) {
      const queued = client.sendTransitions(rest);
      const timer = new AbortController();
      setTimeout(() => timer.abort(), timeoutMs).unref();
      if ((await unlessStopped(queued, timer.signal)) === undefined) throw new Error(`the last ${rest.length} transitions could not even be queued`);
    }
    await client.flush(Math.max(1, deadline - Date.now()));
  } catch (error) {
    log.warn(
      `flush: ${error instanceof Error ? error.message : String(error)}; ${client.transitionsSent - client.transitionsAcked} sent transitions are not acked (--flush-timeout ${timeoutMs / 1000} s)`,
    );
  }
}
