import { mulberry32 } from '@rlpd/spaces';
import { DEFAULT_PICK_CUBE_CONFIG } from '../../pick-cube-config.js';
import { ImpedanceController, type ArmSnapshot } from '../../internal/impedance-controller.js';
import { getMujoco, loadModelFromXml, requireId, type MainModule, type MjData, type MjModel } from '../../internal/mujoco-module.js';
import { PANDA_DOF } from '../../internal/panda-kinematics.js';
import { PANDA_PICK_CUBE_MJCF } from '../../internal/panda-mjcf.js';
import { CUBE_HALF_SIZE, FINGER_TRAVEL } from '../../internal/pick-cube-mjcf.js';
import { pickCubeReward } from '../../internal/pick-cube-reward.js';
import { matToQuat } from '../../internal/rotation.js';
import { solveHomePosture } from './home-posture.js';
import { contactWrenchOnBodies } from './contact-wrench.js';

const N = PANDA_DOF;
/** Joint-space PD gains while the impedance controller is stopped or a joint reset runs. */
const JOINT_KP = [600, 600, 600, 600, 250, 150, 50];
const JOINT_KD = [50, 50, 50, 40, 20, 20, 10];
/** A joint reset glides to the home posture over this many seconds, then holds it. */
const JOINT_RESET_GLIDE_S = 1.5;
/** Finger speed (m/s of each finger) for normal and slow gripper commands. */
const FINGER_SPEED = 0.4;
const FINGER_SPEED_SLOW = 0.02;
const GRAVITY = 9.81;
/** The TCP pointing straight down, x along world x: [x, y, z, w]. */
export const DOWN_QUAT: readonly number[] = [1, 0, 0, 0];

/** How the arm is driven: Cartesian impedance, a joint hold (impedance stopped) or a joint reset. */
export type ArmMode = 'impedance' | 'stopped' | 'joint-reset';

/** A snapshot of the robot state in the Franka server's units. Arrays are fresh per call. */
export interface PandaState {
  /** [x, y, z, qx, qy, qz, qw]. */
  pose: number[];
  /** TCP twist [vx, vy, vz, wx, wy, wz] = J dq. */
  vel: number[];
  /** External force on the hand in the TCP frame (N). */
  force: number[];
  /** External torque on the hand about the TCP, in the TCP frame (N m). */
  torque: number[];
  q: number[];
  dq: number[];
  /** 6 x 7, rows 0-2 translational, 3-5 rotational, world frame. */
  jacobian: number[][];
  /** 0 closed .. 1 open. */
  gripperPos: number;
}

/** The cube's pose and pick-cube's reward and success for the current state. */
export interface TaskState {
  cubePos: number[];
  /** [x, y, z, w]. */
  cubeQuat: number[];
  reward: number;
  success: boolean;
}

interface Addresses {
  tcpSite: number;
  cubeQpos: number;
  cubeDof: number;
  leftFingerQpos: number;
  leftFingerDof: number;
  rightFingerDof: number;
  rightFingerQpos: number;
  leftActuator: number;
  rightActuator: number;
  handBodies: ReadonlySet<number>;
}

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
  private readonly jacp: InstanceType<MainModule['DoubleBuffer']>;
  private readonly jacr: InstanceType<MainModule['DoubleBuffer']>;
  private readonly fullM: InstanceType<MainModule['DoubleBuffer']>;
  private readonly snapshot: ArmSnapshot = {
    position: new Float64Array(3),
    quat: new Float64Array(4),
    jacobian: new Float64Array(6 * N),
    massMatrix: new Float64Array(N * N),
    bias: new Float64Array(N),
    q: new Float64Array(N),
    dq: new Float64Array(N),
  };
  private readonly tau = new Float64Array(N);
  private readonly holdQ = new Float64Array(N);
  private readonly resetStartQ = new Float64Array(N);
  private resetStartS = 0;
  private fingerTarget = FINGER_TRAVEL;
  private fingerSpeed = FINGER_SPEED;
  private fingerCtrl = FINGER_TRAVEL;
  /** Payload mass from `/set_load`, whose weight the controller compensates at the TCP. */
  private payloadKg = 0;
  private closed = false;

  private constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    private readonly data: MjData,
    private readonly at: Addresses,
    homeQ: Float64Array,
    seed: number,
  ) {
    this.timestep = model.opt.timestep;
    this.homeQ = homeQ;
    this.rng = mulberry32(seed);
    this.jacp = new mujoco.DoubleBuffer(3 * model.nv);
    this.jacr = new mujoco.DoubleBuffer(3 * model.nv);
    this.fullM = new mujoco.DoubleBuffer(model.nv * model.nv);
  }

  /** Compiles the scene, solves the home posture (TCP at pick-cube's home, pointing down) and resets. */
  static async create(seed = 0): Promise<SimPanda> {
    const mujoco = await getMujoco();
    const model = loadModelFromXml(mujoco, PANDA_PICK_CUBE_MJCF, 'panda-pick-cube');
    let data: MjData | undefined;
    try {
      const jntQposAdr: Int32Array = model.jnt_qposadr;
      const jntDofAdr: Int32Array = model.jnt_dofadr;
      for (let i = 0; i < N; i++) {
        const joint = requireId(mujoco, model, 'joint', `joint${i + 1}`);
        if (jntQposAdr[joint] !== i || jntDofAdr[joint] !== i) throw new Error(`panda MJCF: joint${i + 1} is not at qpos/dof address ${i}`);
        requireId(mujoco, model, 'actuator', `joint${i + 1}`);
      }
      const body = (name: string): number => requireId(mujoco, model, 'body', name);
      const at: Addresses = {
        tcpSite: requireId(mujoco, model, 'site', 'tcp'),
        cubeQpos: jntQposAdr[requireId(mujoco, model, 'joint', 'cube_free')],
        cubeDof: jntDofAdr[requireId(mujoco, model, 'joint', 'cube_free')],
        leftFingerQpos: jntQposAdr[requireId(mujoco, model, 'joint', 'left_finger')],
        leftFingerDof: jntDofAdr[requireId(mujoco, model, 'joint', 'left_finger')],
        rightFingerDof: jntDofAdr[requireId(mujoco, model, 'joint', 'right_finger')],
        rightFingerQpos: jntQposAdr[requireId(mujoco, model, 'joint', 'right_finger')],
        leftActuator: requireId(mujoco, model, 'actuator', 'left_finger'),
        rightActuator: requireId(mujoco, model, 'actuator', 'right_finger'),
        handBodies: new Set([body('hand'), body('left_finger'), body('right_finger')]),
      };
      data = new mujoco.MjData(model);
      const homeQ = solveHomePosture(mujoco, model, data, at.tcpSite, DEFAULT_PICK_CUBE_CONFIG.homePosition, DOWN_QUAT);
      const panda = new SimPanda(mujoco, model, data, at, homeQ, seed);
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
    this.fingerTarget = FINGER_TRAVEL;
    this.fingerCtrl = FINGER_TRAVEL;
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
    this.fingerTarget = Math.min(Math.max(opening, 0), 1) * FINGER_TRAVEL;
    this.fingerSpeed = slow ? FINGER_SPEED_SLOW : FINGER_SPEED;
  }

  /** True when the finger command has reached its target and the fingers have stopped. */
  gripperSettled(): boolean {
    const qvel: Float64Array = this.data.qvel;
    return this.fingerCtrl === this.fingerTarget && Math.abs(qvel[this.at.leftFingerDof]) < 1e-3 && Math.abs(qvel[this.at.rightFingerDof]) < 1e-3;
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
      const maxMove = this.fingerSpeed * this.timestep;
      this.fingerCtrl += Math.min(Math.max(this.fingerTarget - this.fingerCtrl, -maxMove), maxMove);
      if (Math.abs(this.fingerTarget - this.fingerCtrl) < 1e-9) this.fingerCtrl = this.fingerTarget;
      ctrl[at.leftActuator] = this.fingerCtrl;
      ctrl[at.rightActuator] = this.fingerCtrl;
      mujoco.mj_step2(model, data);
      this.simTimeS += this.timestep;
    }
  }

  /** Declares a payload held by the hand; its weight is compensated as if it sat at the TCP. */
  setLoad(massKg: number): void {
    this.payloadKg = massKg;
  }

  private computeTorques(tau: Float64Array): void {
    this.fillSnapshot();
    const s = this.snapshot;
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

  /** Reads position, orientation, Jacobian, mass matrix, bias and joint state for the controller. */
  private fillSnapshot(): void {
    const { mujoco, model, data, at, snapshot: s } = this;
    const nv: number = model.nv;
    const siteXpos: Float64Array = data.site_xpos;
    const siteXmat: Float64Array = data.site_xmat;
    s.position.set(siteXpos.subarray(3 * at.tcpSite, 3 * at.tcpSite + 3));
    matToQuat(siteXmat, s.quat, 0, 9 * at.tcpSite);
    mujoco.mj_jacSite(model, data, this.jacp, this.jacr, at.tcpSite);
    const jacp: Float64Array = this.jacp.GetView();
    const jacr: Float64Array = this.jacr.GetView();
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < N; c++) {
        s.jacobian[r * N + c] = jacp[r * nv + c];
        s.jacobian[(r + 3) * N + c] = jacr[r * nv + c];
      }
    }
    mujoco.mj_fullM(model, this.fullM, data.qM);
    const full: Float64Array = this.fullM.GetView();
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) s.massMatrix[r * N + c] = full[r * nv + c];
    const bias: Float64Array = data.qfrc_bias;
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    s.bias.set(bias.subarray(0, N));
    s.q.set(qpos.subarray(0, N));
    s.dq.set(qvel.subarray(0, N));
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
    this.fillSnapshot();
    const s = this.snapshot;
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

  /** Sets the joints directly (tests: finite-difference checks); runs a forward pass. */
  setJointPositions(q: ArrayLike<number>): void {
    const qpos: Float64Array = this.data.qpos;
    for (let i = 0; i < N; i++) qpos[i] = q[i];
    this.mujoco.mj_forward(this.model, this.data);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.jacp.delete();
    this.jacr.delete();
    this.fullM.delete();
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
