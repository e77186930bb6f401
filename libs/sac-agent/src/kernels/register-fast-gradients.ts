import * as tf from '@tensorflow/tfjs-core';
import { batchMatMulGradConfig } from './batch-mat-mul-grad.js';
import { matMulGradConfigs } from './mat-mul.js';
import { binaryGradConfigs } from './gradients/binary-grads.js';
import { reductionGradConfigs } from './gradients/reduction-grads.js';
import { structureGradConfigs } from './gradients/structure-grads.js';
import { unaryGradConfigs } from './gradients/unary-grads.js';

/** Every gradient this library registers, by kernel. */
export const GRADIENT_CONFIGS: readonly tf.GradConfig[] = [
  batchMatMulGradConfig,
  ...matMulGradConfigs,
  ...binaryGradConfigs,
  ...unaryGradConfigs,
  ...reductionGradConfigs,
  ...structureGradConfigs,
];

/**
 * Registers the gradients the agent's losses need. `@tensorflow/tfjs-core` on its own
 * registers none (the `@tensorflow/tfjs` union package does, on import), and its
 * `BatchMatMul` gradient uses transposed matMuls, 10-17x slower on wasm; ours are plain
 * matMuls after explicit transposes. Last registration wins, so this runs after any tfjs
 * package is imported (`initBackend` calls it after choosing the backend). Safe to repeat.
 * The ops in this folder (`dense`, `layerNorm`, `fastTanh`) carry their own gradients.
 */
export function registerFastGradients(): void {
  for (const config of GRADIENT_CONFIGS) tf.registerGradient(config);
}
