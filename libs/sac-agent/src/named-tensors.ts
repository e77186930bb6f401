/** Plain float32 tensors by name: what checkpoints and policy broadcasts carry. */
export interface NamedTensor {
  readonly shape: number[];
  readonly data: Float32Array;
}
export type NamedTensors = Record<string, NamedTensor>;
