import { loadavg } from 'node:os';
import { pickCubeOracleAction } from '@rlpd/intervention';
import { PICK_CUBE_VISION_CAMERAS, createEnv, createPickCubeVisionEnv, type Env, type StepInfo } from '@rlpd/robot-env';
import type { Observation } from '@rlpd/spaces';

const STATE_STEPS = 3000;
const VISION_STEPS = 1000;
const RENDER_FRAMES = 300;

/** The pick-cube state the oracle reads: the observation's, or the vision task's privileged one in info. */
type OracleInput = (observation: Observation, info: StepInfo) => Observation;

/** Runs `steps` oracle-driven control steps; returns wall and CPU (this process) rates. */
async function oracleSteps(env: Env, steps: number, oracleInput: OracleInput): Promise<{ perSecond: number; perCpuSecond: number }> {
  let { observation, info } = await env.reset({ seed: 0 });
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < steps; i++) {
    const result = await env.step(pickCubeOracleAction(oracleInput(observation, info)));
    ({ observation, info } = result);
    if (result.terminated || result.truncated) ({ observation, info } = await env.reset());
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: steps / seconds, perCpuSecond: steps / ((used.user + used.system) / 1e6) };
}

function privilegedState(_observation: Observation, info: StepInfo): Observation {
  const state = info.privilegedState;
  if (!(state instanceof Float32Array)) throw new Error('pick-cube-vision info.privilegedState is missing');
  return { state };
}

/**
 * The embedded sims, driven by the scripted oracle: control steps/s of pick-cube (state only)
 * and of pick-cube-vision (both 128x128 cameras rendered every step), and the renderer's cost
 * per frame, in one run. CPU-time rates are reported beside wall-clock ones because the
 * machine is often shared; `loadAverage1m` says how busy it was.
 */
export async function benchEnv(): Promise<Record<string, unknown>> {
  const loadBefore = loadavg()[0];
  const stateEnv = await createEnv('pick-cube');
  const state = await oracleSteps(stateEnv, STATE_STEPS, (observation) => observation);
  await stateEnv.close();

  const visionEnv = await createPickCubeVisionEnv();
  const vision = await oracleSteps(visionEnv, VISION_STEPS, privilegedState);
  await visionEnv.reset({ seed: 1 });
  const renderStarted = performance.now();
  for (let i = 0; i < RENDER_FRAMES; i++) for (const camera of PICK_CUBE_VISION_CAMERAS) visionEnv.renderCamera(camera);
  const renderMsPerFrame = (performance.now() - renderStarted) / (RENDER_FRAMES * PICK_CUBE_VISION_CAMERAS.length);
  await visionEnv.close();

  return {
    benchmark: 'env',
    stateStepsPerSecond: state.perSecond,
    stateStepsPerCpuSecond: state.perCpuSecond,
    physicsStepsPerSecond: state.perSecond * 50,
    visionStepsPerSecond: vision.perSecond,
    visionStepsPerCpuSecond: vision.perCpuSecond,
    renderMsPerFrame,
    cameras: '2 x 128x128',
    loadAverage1m: Math.max(loadBefore, loadavg()[0]),
  };
}
