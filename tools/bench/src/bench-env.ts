import { pickCubeOracleAction } from '@rlpd/intervention';
import { createEnv } from '@rlpd/robot-env';

/** Control steps per second of the embedded pick-cube sim, driven by the oracle. */
export async function benchEnv(): Promise<Record<string, unknown>> {
  const env = await createEnv('pick-cube');
  let { observation } = await env.reset({ seed: 0 });
  const steps = 3000;
  const started = performance.now();
  for (let i = 0; i < steps; i++) {
    const result = await env.step(pickCubeOracleAction(observation));
    observation = result.observation;
    if (result.terminated || result.truncated) ({ observation } = await env.reset());
  }
  const seconds = (performance.now() - started) / 1000;
  await env.close();
  return { benchmark: 'env', task: 'pick-cube', controlStepsPerSecond: steps / seconds, physicsStepsPerSecond: (steps * 50) / seconds };
}
