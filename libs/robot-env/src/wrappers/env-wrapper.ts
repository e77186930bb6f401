import type { EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '../env.js';

/** Base of the wrappers: forwards everything to the wrapped env; subclasses override parts. */
export abstract class EnvWrapper implements Env {
  constructor(readonly inner: Env) {}

  get spec(): EnvSpec {
    return this.inner.spec;
  }

  reset(options?: { seed?: number }): Promise<ResetResult> {
    return this.inner.reset(options);
  }

  step(action: Float32Array): Promise<StepResult> {
    return this.inner.step(action);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The observation key `key` as a float32 vector of `size`, or a clear error. */
export function requireVector(observation: Readonly<Record<string, Float32Array | Uint8Array>>, key: string, size: number, wrapper: string): Float32Array {
  const value = observation[key];
  if (!(value instanceof Float32Array) || value.length !== size) {
    throw new Error(
      `${wrapper}: observation '${key}' must be float32[${size}], got ${value === undefined ? 'nothing' : `${value.constructor.name}[${value.length}]`}`,
    );
  }
  return value;
}

/** Throws unless the env's observation space has `key` of shape [size]. */
export function requireSpaceKey(spec: EnvSpec, key: string, size: number, wrapper: string): void {
  const space = spec.observationSpace[key];
  if (space === undefined || space.shape.length !== 1 || space.shape[0] !== size) {
    throw new Error(`${wrapper}: needs observation '${key}' of shape [${size}], the env has ${space === undefined ? 'none' : `[${space.shape.join(', ')}]`}`);
  }
}
