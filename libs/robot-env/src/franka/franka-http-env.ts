import { mulberry32, type EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepInfo, StepResult } from '../env.js';
import type { CameraSource, CameraSpec } from './camera-source.js';
import { ControlClock, monotonicNow, sleepMs, type MonotonicNow, type Sleep } from './control-clock.js';
import { frankaEnvConfigSchema, type FrankaEnvConfig, type FrankaEnvConfigInput } from './franka-env-config.js';
import { FrankaHttpClient } from './franka-http-client.js';
import { FrankaHttpError } from './franka-http-error.js';
import type { FrankaState } from './franka-replies.js';
import { poseWithinThreshold } from './pose-reward.js';
import { quatFromEulerXyz, quatMultiply, quatNormalize, quatSlerp, serlEulerToQuat } from './rotation.js';
import { clipPoseToBox, isPoseInBox } from './safety-box.js';

/** Proprio keys of the raw observation and their sizes (hil-serl's `state` dict). */
export const FRANKA_PROPRIO_SIZES = { tcp_pose: 7, tcp_vel: 6, tcp_force: 3, tcp_torque: 3, gripper_pose: 1 } as const;
/** The action: dx, dy, dz, drx, dry, drz, gripper (close <= -0.5, open >= 0.5). */
export const FRANKA_ACTION_DIM = 7;
/** gripper_pos above this counts as open (hil-serl's 0.85). */
export const FRANKA_GRIPPER_OPEN_ABOVE = 0.85;

function proprioObservation(state: FrankaState): Record<string, Float32Array | Uint8Array> {
  return {
    tcp_pose: Float32Array.from(state.pose),
    tcp_vel: Float32Array.from(state.vel),
    tcp_force: Float32Array.from(state.force),
    tcp_torque: Float32Array.from(state.torque),
    gripper_pose: Float32Array.of(state.gripper_pos),
  };
}

export interface FrankaHttpEnvDeps {
  /** Images; `config.cameras` uses the robot server's /getimage when no source is given. */
  readonly cameraSource?: CameraSource;
  /** Polled after every step: true ends the episode (a person's "stop" key). */
  readonly endEpisode?: () => boolean;
  readonly now?: MonotonicNow;
  readonly sleep?: Sleep;
}

/** Counters of the control loop, for reports and tests. */
export interface FrankaControlStats {
  /** Steps per second achieved in the current episode (NaN before its second step). */
  readonly achievedHz: number;
  readonly steps: number;
  readonly posesSent: number;
  /** Poses whose target lay outside the safety box and were clipped. */
  readonly posesClipped: number;
  readonly gripperToggles: number;
  /** Seconds spent in the blocking gripper waits (they lower achievedHz by design, as in hil-serl). */
  readonly gripperWaitSeconds: number;
  /** The last pose sent to /pose (inside the box), or null. */
  readonly lastSentPose: readonly number[] | null;
}

/**
 * A Franka behind serl's HTTP robot server, as an Env (hil-serl's FrankaEnv semantics). Every
 * pose goes through one gate that clips it into the safety box and posts /clearerr first;
 * actions with NaN or infinities are refused before anything is sent. Observations are the raw
 * proprio keys (see FRANKA_PROPRIO_SIZES) plus one uint8 image per camera; wrap with
 * FlattenState to get hil-serl's `state`.
 */
export class FrankaHttpEnv implements Env {
  readonly spec: EnvSpec;
  readonly config: FrankaEnvConfig;
  readonly client: FrankaHttpClient;
  private readonly clock: ControlClock;
  private readonly now: MonotonicNow;
  private readonly sleep: Sleep;
  private random: () => number;
  private state: FrankaState | null = null;
  private episodeSteps = 0;
  private resets = 0;
  private lastGripperCommandAt = Number.NEGATIVE_INFINITY;
  private counters = { steps: 0, posesSent: 0, posesClipped: 0, gripperToggles: 0, gripperWaitSeconds: 0 };
  private lastSent: number[] | null = null;

  private constructor(
    config: FrankaEnvConfig,
    private readonly cameraSource: CameraSource | undefined,
    private readonly deps: FrankaHttpEnvDeps,
  ) {
    this.config = config;
    this.client = new FrankaHttpClient({ url: config.robotUrl, timeoutMs: config.requestTimeoutMs });
    this.now = deps.now ?? monotonicNow;
    this.sleep = deps.sleep ?? sleepMs;
    this.clock = new ControlClock(config.controlHz, this.now, this.sleep);
    this.random = mulberry32(1);
    this.spec = FrankaHttpEnv.specFor(config, cameraSource?.cameras ?? []);
  }

  /** The spec of an env with this config and these cameras (no robot needed). */
  static specFor(config: FrankaEnvConfig, cameras: readonly CameraSpec[]): EnvSpec {
    const observationSpace: EnvSpec['observationSpace'] = {};
    for (const [key, size] of Object.entries(FRANKA_PROPRIO_SIZES)) {
      observationSpace[key] = { shape: [size], dtype: 'float32', low: new Array<number>(size).fill(-1e6), high: new Array<number>(size).fill(1e6) };
    }
    for (const camera of cameras) {
      const n = camera.height * camera.width * 3;
      observationSpace[camera.name] = {
        shape: [camera.height, camera.width, 3],
        dtype: 'uint8',
        low: new Array<number>(n).fill(0),
        high: new Array<number>(n).fill(255),
      };
    }
    return {
      name: 'franka-http',
      observationSpace,
      actionSpace: { shape: [FRANKA_ACTION_DIM], dtype: 'float32', low: new Array<number>(7).fill(-1), high: new Array<number>(7).fill(1) },
      maxEpisodeSteps: config.maxEpisodeSteps,
      controlHz: config.controlHz,
    };
  }

  /** Validates the config, connects the cameras, and checks the robot answers /getstate. */
  static async create(configInput: FrankaEnvConfigInput = {}, deps: FrankaHttpEnvDeps = {}): Promise<FrankaHttpEnv> {
    const config = frankaEnvConfigSchema.parse(configInput);
    let cameraSource = deps.cameraSource;
    if (cameraSource === undefined && config.cameras.length > 0) {
      const { HttpCameraSource } = await import('./http-camera-source.js');
      cameraSource = await HttpCameraSource.connect(new FrankaHttpClient({ url: config.robotUrl, timeoutMs: config.requestTimeoutMs }), config.cameras);
      const [height, width] = config.imageSize;
      const wrong = cameraSource.cameras.find((c) => c.height !== height || c.width !== width);
      if (wrong !== undefined)
        throw new Error(
          `camera '${wrong.name}' at ${config.robotUrl} serves ${wrong.height}x${wrong.width} images, the config's imageSize is ${height}x${width}`,
        );
    }
    const env = new FrankaHttpEnv(config, cameraSource, deps);
    env.state = await env.client.getState();
    return env;
  }

  get stats(): FrankaControlStats {
    return { ...this.counters, achievedHz: this.clock.achievedHz, lastSentPose: this.lastSent === null ? null : [...this.lastSent] };
  }

  /** The reset pose as xyz + quaternion, per `eulerConvention` (hil-serl: euler_2_quat). */
  resetPoseQuat(euler: readonly number[] = this.config.resetPose.slice(3)): number[] {
    const q = this.config.eulerConvention === 'serl' ? serlEulerToQuat(euler) : quatFromEulerXyz(euler);
    return [...this.config.resetPose.slice(0, 3), ...q];
  }

  /**
   * The only way a pose reaches the robot: clipped into the safety box, checked again, then
   * /clearerr and /pose. Returns the pose sent.
   */
  private async sendPose(target: readonly number[]): Promise<{ pose: number[]; clipped: boolean }> {
    const pose = clipPoseToBox(target, this.config.safetyBox);
    if (!isPoseInBox(pose, this.config.safetyBox, 1e-6)) throw new Error(`internal: clipped pose [${pose.join(', ')}] is outside the safety box`);
    const clipped = !isPoseInBox(target, this.config.safetyBox, 1e-9);
    if (clipped) this.counters.posesClipped += 1;
    await this.client.command('clearerr');
    await this.client.sendPoseUnchecked(pose);
    this.lastSent = pose;
    this.counters.posesSent += 1;
    return { pose, clipped };
  }

  private async gripper(command: number): Promise<void> {
    const state = this.requireState();
    const open = state.gripper_pos > FRANKA_GRIPPER_OPEN_ABOVE;
    const ready = this.now() - this.lastGripperCommandAt > this.config.gripperSleepSeconds * 1000;
    let route: 'close_gripper' | 'open_gripper' | null = null;
    if (command <= -0.5 && open && ready) route = 'close_gripper';
    else if (command >= 0.5 && !open && ready) route = 'open_gripper';
    if (route === null) return;
    await this.client.command(route);
    this.lastGripperCommandAt = this.now();
    this.counters.gripperToggles += 1;
    this.counters.gripperWaitSeconds += this.config.gripperSleepSeconds;
    await this.sleep(this.config.gripperSleepSeconds * 1000); // the gripper moves open-loop
  }

  private requireState(): FrankaState {
    if (this.state === null) throw new Error('FrankaHttpEnv: no robot state yet (create() reads it)');
    return this.state;
  }

  private async observe(): Promise<Record<string, Float32Array | Uint8Array>> {
    const state = await this.client.getState();
    const bad = [...state.pose, ...state.vel, ...state.force, ...state.torque, state.gripper_pos].some((v) => !Number.isFinite(v));
    if (bad) throw new FrankaHttpError('getstate', 'reply', 'non-finite number in the robot state');
    this.state = state;
    const observation = proprioObservation(state);
    if (this.cameraSource !== undefined) Object.assign(observation, await this.cameraSource.capture());
    return observation;
  }

  async reset(options: { seed?: number } = {}): Promise<ResetResult> {
    if (options.seed !== undefined) this.random = mulberry32(options.seed);
    const { complianceParams, precisionParams } = this.config;
    if (complianceParams !== undefined) await this.client.updateParams(complianceParams);
    this.resets += 1;
    const jointReset = this.config.jointResetPeriod > 0 && this.resets % this.config.jointResetPeriod === 0;
    await this.client.command('clearerr');
    this.state = await this.client.getState();
    if (precisionParams !== undefined) await this.client.updateParams(precisionParams);
    if (jointReset) {
      await this.client.command('jointreset');
      this.state = await this.client.getState();
    }
    await this.interpolateMove(this.sampleResetPose());
    if (complianceParams !== undefined) await this.client.updateParams(complianceParams);
    await this.client.command('clearerr');
    this.episodeSteps = 0;
    this.lastGripperCommandAt = this.now();
    const observation = await this.observe();
    this.clock.restart();
    return { observation, info: { success: false, jointReset } };
  }

  /** The reset pose, randomised in x, y (+/- randomXyRange) and yaw (+/- randomRzRange). */
  private sampleResetPose(): number[] {
    if (!this.config.randomReset) return this.resetPoseQuat();
    const euler = this.config.resetPose.slice(3);
    euler[2] += (this.random() * 2 - 1) * this.config.randomRzRange;
    const pose = this.resetPoseQuat(euler);
    pose[0] += (this.random() * 2 - 1) * this.config.randomXyRange;
    pose[1] += (this.random() * 2 - 1) * this.config.randomXyRange;
    return pose;
  }

  /** Linear xyz + slerp from the current pose to `goal` over resetMoveSeconds at controlHz. */
  private async interpolateMove(goal: readonly number[]): Promise<void> {
    const start = this.requireState().pose;
    const steps = Math.max(1, Math.round(this.config.resetMoveSeconds * this.config.controlHz));
    for (let i = 1; i <= steps; i++) {
      const t = i / steps;
      const q = i === steps ? goal.slice(3) : quatSlerp(start.slice(3), goal.slice(3), t);
      await this.sendPose([0, 1, 2].map((k) => start[k] * (1 - t) + goal[k] * t).concat(q));
      await this.sleep(1000 / this.config.controlHz);
    }
    this.state = await this.client.getState();
  }

  async step(actionIn: Float32Array): Promise<StepResult> {
    if (actionIn.length !== FRANKA_ACTION_DIM) throw new RangeError(`FrankaHttpEnv: action must have ${FRANKA_ACTION_DIM} values, got ${actionIn.length}`);
    for (let i = 0; i < actionIn.length; i++) {
      if (!Number.isFinite(actionIn[i])) throw new RangeError(`FrankaHttpEnv: action[${i}] is ${actionIn[i]}; refusing to move the robot`);
    }
    const a = Array.from(actionIn, (v) => Math.min(1, Math.max(-1, v)));
    const [posScale, rotScale, gripperScale] = this.config.actionScale;
    const current = this.requireState().pose;
    const target = [current[0] + a[0] * posScale, current[1] + a[1] * posScale, current[2] + a[2] * posScale];
    target.push(...quatNormalize(quatMultiply(quatFromEulerXyz([a[3] * rotScale, a[4] * rotScale, a[5] * rotScale]), current.slice(3))));
    this.episodeSteps += 1;
    this.counters.steps += 1;
    let observation: Record<string, Float32Array | Uint8Array>;
    let sent: { pose: number[]; clipped: boolean };
    try {
      await this.gripper(a[6] * gripperScale);
      sent = await this.sendPose(target);
      await this.clock.tick();
      observation = await this.observe();
    } catch (error) {
      if (!(error instanceof FrankaHttpError) || this.config.onRobotError === 'throw') throw error;
      // Nothing more is sent: the robot's controller keeps holding the last (clipped) pose.
      return {
        observation: this.lastObservation(),
        reward: 0,
        terminated: false,
        truncated: true,
        info: { success: false, robotError: error.message, route: error.route },
      };
    }
    const { targetPose, rewardThreshold } = this.config;
    const success = targetPose !== undefined && rewardThreshold !== undefined && poseWithinThreshold(this.requireState().pose, targetPose, rewardThreshold);
    const userEnd = this.deps.endEpisode?.() ?? false;
    const info: StepInfo = { success, achievedHz: this.clock.achievedHz, commandedPose: sent.pose, clipped: sent.clipped };
    if (userEnd) info.userEnded = true;
    return {
      observation,
      reward: success ? 1 : 0,
      terminated: success,
      truncated: !success && (this.episodeSteps >= this.config.maxEpisodeSteps || userEnd),
      info,
    };
  }

  /** The observation of the last state read (images blank), for an episode cut by an error. */
  private lastObservation(): Record<string, Float32Array | Uint8Array> {
    const observation = proprioObservation(this.requireState());
    for (const camera of this.cameraSource?.cameras ?? []) observation[camera.name] = new Uint8Array(camera.height * camera.width * 3);
    return observation;
  }

  async close(): Promise<void> {
    await this.cameraSource?.close();
  }
}
