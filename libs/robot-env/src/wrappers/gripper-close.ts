import type { EnvSpec } from '@rlpd/spaces';
import type { StepResult } from '../env.js';
import { EnvWrapper } from './env-wrapper.js';

/**
 * hil-serl's GripperCloseEnv: for tasks done with the gripper held closed. The policy sees a
 * 6-D action; the 7th (gripper) is always -1 (close). An intervention's action is reported
 * with its first 6 values.
 */
export class GripperClose extends EnvWrapper {
  readonly #spec: EnvSpec;
  private readonly full = new Float32Array(7);

  constructor(inner: ConstructorParameters<typeof EnvWrapper>[0]) {
    super(inner);
    const { actionSpace } = inner.spec;
    if (actionSpace.shape.length !== 1 || actionSpace.shape[0] !== 7)
      throw new Error(`GripperClose: needs a 7-D action, the env has [${actionSpace.shape.join(', ')}]`);
    this.#spec = { ...inner.spec, actionSpace: { ...actionSpace, shape: [6], low: actionSpace.low.slice(0, 6), high: actionSpace.high.slice(0, 6) } };
  }

  override get spec(): EnvSpec {
    return this.#spec;
  }

  override async step(action: Float32Array): Promise<StepResult> {
    if (action.length !== 6) throw new RangeError(`GripperClose: action must have 6 values, got ${action.length}`);
    this.full.set(action);
    this.full[6] = -1;
    const result = await this.inner.step(this.full.slice());
    const intervened = result.info.interveneAction;
    return intervened === undefined ? result : { ...result, info: { ...result.info, interveneAction: intervened.slice(0, 6) } };
  }
}
