import { mulberry32 } from '@rlpd/spaces';
import { DEFAULT_PICK_CUBE_CONFIG } from '../../pick-cube-config.js';
import { ImpedanceController } from '../../internal/impedance-controller.js';
import { getMujoco, loadModelFromXml, type MainModule, type MjData, type MjModel } from '../../internal/mujoco-module.js';
import { PANDA_DOF } from '../../internal/panda-kinematics.js';
import { PANDA_PICK_CUBE_MJCF } from '../../internal/panda-mjcf.js';
import { CUBE_HALF_SIZE, FINGER_TRAVEL } from '../../internal/pick-cube-mjcf.js';
import { pickCubeReward } from '../../internal/pick-cube-reward.js';
import { matToQuat } from '../../internal/rotation.js';
import { ArmSnapshotReader } from './arm-snapshot-reader.js';
import { FingerDrive } from './finger-drive.js';
import { SimCameras, type CameraImage } from './sim-cameras.js';
import { resolvePandaAddresses, type PandaAddresses } from './panda-addresses.js';
import { DOWN_QUAT, type ArmMode, type PandaState, type TaskState } from './panda-state.js';
import { solveHomePosture } from './home-posture.js';
import { contactWrenchOnBodies } from './contact-wrench.js';

const N = PANDA_DOF;
/** Joint-space PD gains while the impedance controller is stopped or a joint reset runs. */
const JOINT_KP = [600, 600, 600, 600, 250, 150, 50];
const JOINT_KD = [50, 50, 50, 40, 20, 20, 10];
/** A joint reset glides to the home posture over this many seconds, then holds it. */
const JOINT_RESET_GLIDE_S = 1.5;
const GRAVITY = 9.81;

/**
 * The Panda-like arm in the pick-cube scene, driven by `ImpedanceController` through the
 * joint motors. Owns its MuJoCo model and data; one physics step is `timestep` seconds.
 */
export class SimPanda {
  readonly timestep: number;
  readonly controller = new ImpedanceController();
  readonly homeQ: Float64Array;
  mode: ArmMode = 'impedance';
  private simTimeS = 0;
  private rng: () => number;
  private readonly reader: ArmSnapshotReader;
  private readonly tau = new Float64Array(N);
  private readonly holdQ = new Float64Array(N);
  private readonly resetStartQ = new Float64Array(N);
  private resetStartS = 0;
  private readonly fingers = new FingerDrive();
  /** Payload mass from `/set_load`, whose weight the controller compensates at the TCP. */
  private payloadKg = 0;
  private closed = false;

  private constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    private readonly data: MjData,
    private readonly at: PandaAddresses,
    homeQ: Float64Array,
    seed: number,
    private readonly cameras: SimCameras | undefined,
  ) {
    this.timestep = model.opt.timestep;
    this.homeQ = homeQ;
    this.rng = mulberry32(seed);
    this.reader = new ArmSnapshotReader(mujoco, model, at.tcpSite);
  }

  /** Compiles the scene, solves the home posture (TCP at pick-cube's home, pointing down) and resets. */
  static async create(seed = 0, cameraSize?: { width: number; height: number }): Promise<SimPanda> {
    const mujoco = await getMujoco();
    const model = loadModelFromXml(mujoco, PANDA_PICK_CUBE_MJCF, 'panda-pick-cube');
    let data: MjData | undefined;
    try {
      const at = resolvePandaAddresses(mujoco, model);
      data = new mujoco.MjData(model);
      const homeQ = solveHomePosture(mujoco, model, data, at.tcpSite, DEFAULT_PICK_CUBE_CONFIG.homePosition, DOWN_QUAT);
      const cameras = cameraSize === undefined ? undefined : new SimCameras(mujoco, model, cameraSize.width, cameraSize.height);
      const panda = new SimPanda(mujoco, model, data, at, homeQ, seed, cameras);
      panda.resetAll();
      return panda;
    } catch (error) {
      data?.delete();
      model.delete();
      throw error;
    }
  }

  /** Seconds of simulated time since creation. */
  get simTime(): number {
    return this.simTimeS;
  }

  /** Arm at the home posture, gripper open, impedance on with the target at the home pose, cube re-randomised. */
  resetAll(): void {
    const { mujoco, model, data } = this;
    mujoco.mj_resetData(model, data);
    const qpos: Float64Array = data.qpos;
    qpos.set(this.homeQ, 0);
    qpos[this.at.leftFingerQpos] = FINGER_TRAVEL;
    qpos[this.at.rightFingerQpos] = FINGER_TRAVEL;
    this.fingers.reset();
    this.placeCube();
    mujoco.mj_forward(model, data);
    this.controller.posture.set(this.homeQ);
    this.startImpedance();
  }

  /** Puts the cube at a random spot of pick-cube's start region (the arm is left alone). */
  resetScene(seed?: number): void {
    if (seed !== undefined) this.rng = mulberry32(seed);
    this.placeCube();
    this.mujoco.mj_forward(this.model, this.data);
  }

  private placeCube(): void {
    const { cubeXyLow: lo, cubeXyHigh: hi } = DEFAULT_PICK_CUBE_CONFIG;
    const x = lo[0] + this.rng() * (hi[0] - lo[0]);
    const y = lo[1] + this.rng() * (hi[1] - lo[1]);
    const qpos: Float64Array = this.data.qpos;
    qpos.set([x, y, CUBE_HALF_SIZE, 1, 0, 0, 0], this.at.cubeQpos);
    const qvel: Float64Array = this.data.qvel;
    qvel.fill(0, this.at.cubeDof, this.at.cubeDof + 6);
  }

  /** Impedance on, its target set to the current TCP pose (as the real controller starts). */
  startImpedance(): void {
    const pose = this.readPose();
    this.controller.targetPosition.set(pose.subarray(0, 3));
    this.controller.targetQuat.set(pose.subarray(3, 7));
    this.controller.resetIntegral();
    this.mode = 'impedance';
  }

  /** Impedance off: the joints hold where they are (the brakes of a stopped Franka). */
  stopImpedance(): void {
    const qpos: Float64Array = this.data.qpos;
    this.holdQ.set(qpos.subarray(0, N));
    this.mode = 'stopped';
  }

  /** Starts gliding the joints to the home posture; `jointResetDone` says when it has arrived. */
  beginJointReset(): void {
    const qpos: Float64Array = this.data.qpos;
    this.resetStartQ.set(qpos.subarray(0, N));
    this.resetStartS = this.simTimeS;
    this.mode = 'joint-reset';
  }

  /** True once a joint reset has glided and every joint is within 0.01 rad of home and at rest. */
  jointResetDone(): boolean {
    if (this.simTimeS - this.resetStartS < JOINT_RESET_GLIDE_S) return false;
    const qpos: Float64Array = this.data.qpos;
    const qvel: Float64Array = this.data.qvel;
    for (let i = 0; i < N; i++) if (Math.abs(qpos[i] - this.homeQ[i]) > 0.01 || Math.abs(qvel[i]) > 0.05) return false;
    return true;
  }

  /** Sets the impedance target: position and a quaternion [x, y, z, w] (normalised here). */
  setTarget(pose: ArrayLike<number>): void {
    const norm = Math.hypot(pose[3], pose[4], pose[5], pose[6]);
    if (!(norm > 1e-6)) throw new Error(`pose quaternion has norm ${norm}; expected a unit quaternion [qx, qy, qz, qw]`);
    for (let i = 0; i < 3; i++) this.controller.targetPosition[i] = pose[i];
    for (let i = 0; i < 4; i++) this.controller.targetQuat[i] = pose[3 + i] / norm;
  }

  /** Commands the finger opening: 1 open .. 0 closed; `slow` moves at a twentieth of the speed. */
  setGripper(opening: number, slow = false): void {
    this.fingers.command(opening, slow);
  }

  /** True when the finger command has reached its target and the fingers have stopped. */
  gripperSettled(): boolean {
    const qvel: Float64Array = this.data.qvel;
    return this.fingers.arrived() && Math.abs(qvel[this.at.leftFingerDof]) < 1e-3 && Math.abs(qvel[this.at.rightFingerDof]) < 1e-3;
  }

  /** Runs `steps` physics steps with the active controller. */
  step(steps: number): void {
    this.assertOpen();
    const { mujoco, model, data, at, tau } = this;
    for (let k = 0; k < steps; k++) {
      mujoco.mj_step1(model, data);
      this.computeTorques(tau);
      const ctrl: Float64Array = data.ctrl;
      ctrl.set(tau, 0);
      const finger = this.fingers.advance(this.timestep);
      ctrl[at.leftActuator] = finger;
      ctrl[at.rightActuator] = finger;
      mujoco.mj_step2(model, data);
      this.simTimeS += this.timestep;
    }
  }

  /** Declares a payload held by the hand; its weight is compensated as if it sat at the TCP. */
  setLoad(massKg: number): void {
    this.payloadKg = massKg;
  }

  private computeTorques(tau: Float64Array): void {
    const s = this.reader.read(this.data);
    if (this.mode === 'impedance') {
      this.controller.compute(s, this.timestep, tau);
    } else {
      const resetting = this.mode === 'joint-reset';
      const f = resetting ? smoothstep((this.simTimeS - this.resetStartS) / JOINT_RESET_GLIDE_S) : 1;
      for (let i = 0; i < N; i++) {
        const target = resetting ? this.resetStartQ[i] + (this.homeQ[i] - this.resetStartQ[i]) * f : this.holdQ[i];
        tau[i] = JOINT_KP[i] * (target - s.q[i]) - JOINT_KD[i] * s.dq[i] + s.bias[i];
      }
    }
    // Payload weight m g (world -z) at the TCP maps to joint torques -Jp^T (0, 0, -m g).
    const lift = this.payloadKg * GRAVITY;
    if (lift !== 0) for (let i = 0; i < N; i++) tau[i] += s.jacobian[2 * N + i] * lift;
  }

  /** [x, y, z, qx, qy, qz, qw] of the TCP from the last forward pass. */
  readPose(): Float64Array {
    const siteXpos: Float64Array = this.data.site_xpos;
    const siteXmat: Float64Array = this.data.site_xmat;
    const pose = new Float64Array(7);
    pose.set(siteXpos.subarray(3 * this.at.tcpSite, 3 * this.at.tcpSite + 3));
    matToQuat(siteXmat, pose, 3, 9 * this.at.tcpSite);
    return pose;
  }

  /** The full robot state, computed from a fresh forward pass of the current qpos/qvel. */
  readState(): PandaState {
    this.assertOpen();
    const { mujoco, model, data, at } = this;
    mujoco.mj_forward(model, data);
    const s = this.reader.read(data);
    const vel = new Array<number>(6);
    for (let i = 0; i < 6; i++) {
      let sum = 0;
      for (let j = 0; j < N; j++) sum += s.jacobian[i * N + j] * s.dq[j];
      vel[i] = sum;
    }
    const jacobian: number[][] = [];
    for (let r = 0; r < 6; r++) jacobian.push(Array.from(s.jacobian.subarray(r * N, r * N + N)));
    const siteXmat: Float64Array = data.site_xmat;
    const wrench = contactWrenchOnBodies(mujoco, model, data, at.handBodies, s.position, siteXmat.subarray(9 * at.tcpSite, 9 * at.tcpSite + 9));
    return {
      pose: [...s.position, ...s.quat],
      vel,
      force: wrench.slice(0, 3),
      torque: wrench.slice(3, 6),
      q: Array.from(s.q),
      dq: Array.from(s.dq),
      jacobian,
      gripperPos: this.gripperOpening(),
    };
  }

  /** Finger opening, 0 closed .. 1 open. */
  gripperOpening(): number {
    const qpos: Float64Array = this.data.qpos;
    const opening = (qpos[this.at.leftFingerQpos] + qpos[this.at.rightFingerQpos]) / (2 * FINGER_TRAVEL);
    return Math.min(Math.max(opening, 0), 1);
  }

  /** Cube pose and pick-cube's reward and success (privileged: a real robot has no such read). */
  readTask(): TaskState {
    const qpos: Float64Array = this.data.qpos;
    const c = this.at.cubeQpos;
    const cubePos = [qpos[c], qpos[c + 1], qpos[c + 2]];
    const tcp = this.readPose();
    const config = DEFAULT_PICK_CUBE_CONFIG;
    return {
      cubePos,
      cubeQuat: [qpos[c + 4], qpos[c + 5], qpos[c + 6], qpos[c + 3]],
      reward: pickCubeReward(tcp, cubePos, CUBE_HALF_SIZE, config.fullRewardLift),
      success: cubePos[2] - CUBE_HALF_SIZE >= config.successLift,
    };
  }

  /** Names of the cameras this scene renders ([] when created without a camera size). */
  cameraNames(): readonly string[] {
    return this.cameras?.names ?? [];
  }

  /** Renders a camera from the current state; throws naming the cameras when `camera` is not one. */
  renderCamera(camera: string): CameraImage {
    this.assertOpen();
    if (this.cameras === undefined || !this.cameras.has(camera)) {
      throw new Error(`no camera '${camera}'; cameras: ${this.cameraNames().join(', ') || 'none (start the server with task pick-cube-vision)'}`);
    }
    return this.cameras.render(this.data, camera);
  }

  /** Sets the joints directly (tests: finite-difference checks); runs a forward pass. */
  setJointPositions(q: ArrayLike<number>): void {
    const qpos: Float64Array = this.data.qpos;
    for (let i = 0; i < N; i++) qpos[i] = q[i];
    this.mujoco.mj_forward(this.model, this.data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.delete();
    this.data.delete();
    this.model.delete();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('sim panda is closed');
  }
}

function smoothstep(t: number): number {
  const x = Math.min(Math.max(t, 0), 1);
  return x * x * (3 - 2 * x);
}
