import type { BoxSpace, EnvSpec } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { EnvWrapper } from './env-wrapper.js';

/** Where each flattened key sits in `state`. */
export type StateLayout = Readonly<Record<string, { readonly offset: number; readonly size: number }>>;

/**
 * hil-serl's SERLObsWrapper: the float32 vector keys (by default every 1-D float32 key) are
 * concatenated in alphabetical key order into one `state` vector; other keys (images) pass
 * through. For FrankaHttpEnv: gripper_pose 1, tcp_force 3, tcp_pose 7 (6 after QuatToEuler),
 * tcp_torque 3, tcp_vel 6.
 */
export class FlattenState extends EnvWrapper {
  readonly #spec: EnvSpec;
  readonly layout: StateLayout;
  private readonly keys: readonly string[];
  private readonly size: number;

  constructor(inner: ConstructorParameters<typeof EnvWrapper>[0], keys?: readonly string[]) {
    super(inner);
    const spaces = inner.spec.observationSpace;
    const chosen = keys ?? Object.keys(spaces).filter((k) => spaces[k].dtype === 'float32' && spaces[k].shape.length === 1);
    this.keys = [...chosen].sort();
    if (this.keys.length === 0) throw new Error('FlattenState: no float32 vector keys to flatten');
    if (this.keys.includes('state') && this.keys.length > 1) throw new Error("FlattenState: the env already has a 'state' key");
    const layout: Record<string, { offset: number; size: number }> = {};
    const low: number[] = [];
    const high: number[] = [];
    let offset = 0;
    for (const key of this.keys) {
      const space: BoxSpace | undefined = spaces[key];
      if (space === undefined || space.dtype !== 'float32') throw new Error(`FlattenState: observation '${key}' is not a float32 space of this env`);
      const size = space.shape.reduce((a, b) => a * b, 1);
      layout[key] = { offset, size };
      low.push(...space.low);
      high.push(...space.high);
      offset += size;
    }
    this.size = offset;
    this.layout = layout;
    const observationSpace: Record<string, BoxSpace> = {};
    for (const [key, space] of Object.entries(spaces)) if (!this.keys.includes(key)) observationSpace[key] = space;
    observationSpace.state = { shape: [offset], dtype: 'float32', low, high };
    this.#spec = { ...inner.spec, observationSpace };
  }

  override get spec(): EnvSpec {
    return this.#spec;
  }

  private flatten<R extends ResetResult | StepResult>(result: R): R {
    const state = new Float32Array(this.size);
    const observation: Record<string, Float32Array | Uint8Array> = {};
    for (const [key, value] of Object.entries(result.observation)) {
      const slot = this.layout[key];
      if (slot === undefined) observation[key] = value;
      else if (value.length !== slot.size) throw new Error(`FlattenState: observation '${key}' has ${value.length} values, expected ${slot.size}`);
      else state.set(value, slot.offset);
    }
    for (const key of this.keys) if (!(key in result.observation)) throw new Error(`FlattenState: observation '${key}' missing`);
    observation.state = state;
    return { ...result, observation };
  }

  override async reset(options?: { seed?: number }): Promise<ResetResult> {
    return this.flatten(await this.inner.reset(options));
  }

  override async step(action: Float32Array): Promise<StepResult> {
    return this.flatten(await this.inner.step(action));
  }
}
