import type { EnvSpec } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { eulerXyzFromQuat } from '../franka/rotation.js';
import { EnvWrapper, requireSpaceKey, requireVector } from './env-wrapper.js';

/** hil-serl's Quat2EulerWrapper: `tcp_pose` xyz + quaternion (7) -> xyz + scipy 'xyz' euler (6). */
export class QuatToEuler extends EnvWrapper {
  readonly #spec: EnvSpec;

  constructor(inner: ConstructorParameters<typeof EnvWrapper>[0]) {
    super(inner);
    requireSpaceKey(inner.spec, 'tcp_pose', 7, 'QuatToEuler');
    const space = { shape: [6], dtype: 'float32' as const, low: new Array<number>(6).fill(-1e6), high: new Array<number>(6).fill(1e6) };
    this.#spec = { ...inner.spec, observationSpace: { ...inner.spec.observationSpace, tcp_pose: space } };
  }

  override get spec(): EnvSpec {
    return this.#spec;
  }

  private convert<R extends ResetResult | StepResult>(result: R): R {
    const pose = requireVector(result.observation, 'tcp_pose', 7, 'QuatToEuler');
    const tcpPose = Float32Array.from([pose[0], pose[1], pose[2], ...eulerXyzFromQuat([pose[3], pose[4], pose[5], pose[6]])]);
    return { ...result, observation: { ...result.observation, tcp_pose: tcpPose } };
  }

  override async reset(options?: { seed?: number }): Promise<ResetResult> {
    return this.convert(await this.inner.reset(options));
  }

  override async step(action: Float32Array): Promise<StepResult> {
    return this.convert(await this.inner.step(action));
  }
}
