import { join } from 'node:path';
import { loadCheckpoint } from '@rlpd/sac-agent';
import { buildEnv } from './build-env.js';
import type { ActorConfig } from './config.js';
import { PolicyInput } from './policy-input.js';
import { frozenEncoderLoader, openEncoder } from './open-encoder.js';
import type { Log } from '@rlpd/cli';
import { policyOptions } from './policy-options.js';

export interface EvalSummary {
  readonly checkpoint: string;
  readonly episodes: number;
  readonly successRate: number;
  readonly meanSuccessSeconds: number | null;
  readonly meanReturn: number;
}

/**
 * Restores checkpoint_<step> and runs the deterministic policy for evalNTrajs episodes, as
 * hil-serl's `--eval_checkpoint_step`: success rate and mean time of successful episodes.
 */
export async function evaluate(config: ActorConfig, step: number, log: Log): Promise<EvalSummary> {
  const dir = join(config.checkpointPath, `checkpoint_${step}`);
  const { tensors, metadata } = await loadCheckpoint(dir);
  const { env } = await buildEnv(config);
  const encoder = await openEncoder(config);
  const policy = new PolicyInput(env.spec, { ...policyOptions(config, env.spec), loadEncoder: frozenEncoderLoader(encoder) });
  policy.load(tensors, metadata); // the checkpoint names the observation keys its agent read
  let successes = 0;
  let successSeconds = 0;
  let totalReturn = 0;
  for (let episode = 0; episode < config.evalNTrajs; episode++) {
    let { observation } = await env.reset({ seed: config.seed + episode });
    let steps = 0;
    let episodeReturn = 0;
    let succeeded = false;
    for (;;) {
      const result = await env.step(policy.act(observation, true));
      steps += 1;
      episodeReturn += result.reward;
      succeeded ||= result.info.success;
      observation = result.observation;
      if (result.terminated || result.truncated) break;
    }
    if (succeeded) {
      successes += 1;
      successSeconds += steps / env.spec.controlHz;
    }
    totalReturn += episodeReturn;
    log(`eval episode ${episode + 1}/${config.evalNTrajs}: return ${episodeReturn.toFixed(2)}, ${succeeded ? 'success' : 'failure'}`);
  }
  await env.close();
  return {
    checkpoint: dir,
    episodes: config.evalNTrajs,
    successRate: successes / config.evalNTrajs,
    meanSuccessSeconds: successes > 0 ? successSeconds / successes : null,
    meanReturn: totalReturn / config.evalNTrajs,
  };
}
