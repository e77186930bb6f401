import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from './init-backend.js';

describe('initBackend', () => {
  it("'auto' falls back from tfjs-node (not installed here) to wasm, logs one line, and is idempotent", async () => {
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const name = await initBackend('auto', log);
    // On machines where @tensorflow/tfjs-node installs, 'tensorflow' is the right answer.
    expect(['tensorflow', 'wasm']).toContain(name);
    expect(tf.getBackend()).toBe(name);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`tfjs backend: using ${name}`);
    // Reads as information: the optional native package is not installed, not "module not found".
    if (name === 'wasm')
      expect(lines[0]).toBe('[sac-agent] tfjs backend: using wasm (@tensorflow/tfjs-node is not installed; install it for the native backend)');
    expect(await initBackend('auto', log)).toBe(name);
    expect(lines).toHaveLength(1);
    expect(await initBackend('cpu', log)).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(lines).toHaveLength(2);
  });

  it('registers gradients usable right away (tfjs-core alone has none)', async () => {
    await initBackend('wasm', () => {});
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, x))))(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
    );
    // d/dX Σ (XX)² = 2(XX)Xᵀ + 2Xᵀ(XX)
    const x = [
      [1, 2],
      [3, 4],
    ];
    const xx = [
      [7, 10],
      [15, 22],
    ];
    const expected = [0, 1].flatMap((i) =>
      [0, 1].map((j) => {
        let v = 0;
        for (let k = 0; k < 2; k++) v += 2 * xx[i][k] * x[j][k] + 2 * x[k][i] * xx[k][j];
        return v;
      }),
    );
    expect(Array.from(g.dataSync())).toEqual(expected);
  });
});
