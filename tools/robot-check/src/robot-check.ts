import {
  FrankaHttpClient,
  FrankaHttpEnv,
  eulerXyzFromQuat,
  frankaReadReplySchemas,
  isPoseInBox,
  safetyBoxSchema,
  type FrankaReadRoute,
  type SafetyBox,
} from '@rlpd/robot-env';
import { mulberry32 } from '@rlpd/spaces';
import { parseXyzBox, type RobotCheckConfig } from './config.js';

/** What `robot-check` prints. */
export interface RobotCheckReport {
  readonly robotUrl: string;
  readonly ok: boolean;
  /** Each read route and whether it answered with the expected JSON. */
  readonly reads: Record<string, 'ok' | string>;
  /** The box used, or null when the check stopped before choosing one. */
  readonly safetyBox: SafetyBox | null;
  readonly policy: string;
  readonly steps: number;
  readonly controlHz: { readonly target: number; readonly achieved: number | null };
  /** Measured TCP xyz range over the whole check. */
  readonly poseRange: { readonly min: number[]; readonly max: number[] };
  readonly posesCommanded: number;
  readonly posesClipped: number;
  /** True when every commanded pose lay inside the safety box (checked independently of the env). */
  readonly allCommandedInBox: boolean;
  readonly gripperToggles: number;
  /** Seconds of blocking gripper waits (GRIPPER_SLEEP per toggle): a random policy toggles often, which lowers the achieved rate. */
  readonly gripperWaitSeconds: number;
  readonly gripperOpening: { readonly afterClose: number | null; readonly afterOpen: number | null };
  readonly errors: string[];
}

const MARGIN_XYZ = 0.05;
const HALF_PI_INSIDE = Math.PI / 2 - 0.05;

/** The safety box: `--safety-box` (or the current position +/- 5 cm) and the current orientation +/- margin. */
function boxFor(config: RobotCheckConfig, pose: readonly number[]): SafetyBox {
  const xyz =
    config.safetyBox === undefined
      ? { low: pose.slice(0, 3).map((v) => v - MARGIN_XYZ), high: pose.slice(0, 3).map((v) => v + MARGIN_XYZ) }
      : parseXyzBox(config.safetyBox);
  const e = eulerXyzFromQuat(pose.slice(3));
  const m = config.rotationMargin;
  const low = [...xyz.low, e[0] - m, Math.max(-HALF_PI_INSIDE, e[1] - m), e[2] - m];
  const high = [...xyz.high, e[0] + m, Math.min(HALF_PI_INSIDE, e[1] + m), e[2] + m];
  return safetyBoxSchema.parse({ low, high });
}

/**
 * The first thing to run on a new robot: reads every read route, clears errors, makes small
 * moves (+-x, +-y, +-z) inside the safety box, closes and opens the gripper, runs `steps`
 * steps of the policy, and reports. Never throws for robot faults: they land in `errors`.
 */
export async function runRobotCheck(config: RobotCheckConfig): Promise<RobotCheckReport> {
  const errors: string[] = [];
  const reads: Record<string, string> = {};
  const client = new FrankaHttpClient({ url: config.robotUrl, timeoutMs: config.timeoutMs });
  const note = (phase: string, error: unknown): void => {
    errors.push(`${phase}: ${error instanceof Error ? error.message : String(error)}`);
  };
  let pose: number[] | null = null;
  try {
    pose = (await client.getState()).pose;
    reads.getstate = 'ok';
  } catch (error) {
    reads.getstate = error instanceof Error ? error.message : String(error);
    note('read', error);
  }
  for (const route of Object.keys(frankaReadReplySchemas) as FrankaReadRoute[]) {
    try {
      await client.read(route);
      reads[route] = 'ok';
    } catch (error) {
      reads[route] = error instanceof Error ? error.message : String(error);
    }
  }
  const report = (extra: Partial<RobotCheckReport>): RobotCheckReport => ({
    robotUrl: client.baseUrl,
    ok: false,
    reads,
    safetyBox: null,
    policy: config.policy,
    steps: 0,
    controlHz: { target: config.controlHz, achieved: null },
    poseRange: { min: [], max: [], ...extra.poseRange },
    posesCommanded: 0,
    posesClipped: 0,
    allCommandedInBox: true,
    gripperToggles: 0,
    gripperWaitSeconds: 0,
    gripperOpening: { afterClose: null, afterOpen: null },
    errors,
    ...extra,
  });
  if (pose === null) return report({});
  let box: SafetyBox;
  try {
    box = boxFor(config, pose);
  } catch (error) {
    note('safety box', error);
    return report({});
  }
  if (!isPoseInBox(pose, box, 1e-9)) {
    errors.push(
      `safety box: the TCP at [${pose
        .slice(0, 3)
        .map((v) => v.toFixed(3))
        .join(', ')}] is outside the box; move it inside (or widen --safety-box) first, so that the first command is not a jump`,
    );
    return report({ safetyBox: box });
  }
  const min = pose.slice(0, 3);
  const max = pose.slice(0, 3);
  const seen = (p: ArrayLike<number>): void => {
    for (let i = 0; i < 3; i++) {
      min[i] = Math.min(min[i], p[i]);
      max[i] = Math.max(max[i], p[i]);
    }
  };
  let commanded = 0;
  let outside = 0;
  const afterGripper: { afterClose: number | null; afterOpen: number | null } = { afterClose: null, afterOpen: null };
  let env: FrankaHttpEnv | null = null;
  let steps = 0;
  let achieved: number | null = null;
  try {
    env = await FrankaHttpEnv.create({
      robotUrl: config.robotUrl,
      controlHz: config.controlHz,
      maxEpisodeSteps: 1_000_000,
      actionScale: [config.actionScale, config.actionScale * 6, 1],
      safetyBox: box,
      resetPose: [...pose.slice(0, 3), ...eulerXyzFromQuat(pose.slice(3))], // "reset" holds the pose it found
      resetMoveSeconds: 1 / config.controlHz,
      gripperSleepSeconds: config.gripperSleep,
      requestTimeoutMs: config.timeoutMs,
      onRobotError: 'throw',
    });
    const step = async (action: Float32Array): Promise<void> => {
      if (env === null) return;
      const result = await env.step(action);
      const sent = result.info.commandedPose;
      if (Array.isArray(sent)) {
        commanded += 1;
        if (!isPoseInBox(sent as number[], box, 1e-6)) outside += 1;
      }
      seen(result.observation.tcp_pose);
    };
    await env.reset();
    await client.command('clearerr');
    // Small moves: half a step each way on every axis, two steps each.
    for (let axis = 0; axis < 3; axis++) {
      for (const sign of [1, -1]) {
        for (let k = 0; k < 2; k++) {
          const action = new Float32Array(7);
          action[axis] = 0.5 * sign;
          await step(action);
        }
      }
    }
    // Hold still long enough that the gripper may move (hil-serl's GRIPPER_SLEEP spacing).
    const hold = async (): Promise<void> => {
      for (let k = 0; k < Math.ceil(config.gripperSleep * config.controlHz) + 1; k++) await step(new Float32Array(7));
    };
    await hold();
    const close = new Float32Array(7);
    close[6] = -1;
    await step(close);
    afterGripper.afterClose = (await client.getState()).gripper_pos;
    await hold();
    const open = new Float32Array(7);
    open[6] = 1;
    await step(open);
    afterGripper.afterOpen = (await client.getState()).gripper_pos;
    await env.reset(); // restarts the rate measurement for the policy phase
    const random = mulberry32(config.seed);
    const action = new Float32Array(7);
    for (; steps < config.steps; steps++) {
      for (let i = 0; i < 7; i++) action[i] = config.policy === 'random' ? random() * 2 - 1 : 0;
      await step(action);
    }
    achieved = Number.isFinite(env.stats.achievedHz) ? env.stats.achievedHz : null;
  } catch (error) {
    note(`step ${steps}`, error);
  }
  const stats = env?.stats;
  await env?.close();
  if (outside > 0) errors.push(`${outside} commanded poses were outside the safety box`);
  return report({
    ok: errors.length === 0,
    safetyBox: box,
    steps,
    controlHz: { target: config.controlHz, achieved },
    poseRange: { min, max },
    posesCommanded: commanded,
    posesClipped: stats?.posesClipped ?? 0,
    allCommandedInBox: outside === 0,
    gripperToggles: stats?.gripperToggles ?? 0,
    gripperWaitSeconds: stats?.gripperWaitSeconds ?? 0,
    gripperOpening: afterGripper,
  });
}
