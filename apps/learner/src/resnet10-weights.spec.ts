import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeArrayTreePickle, readArrayTreePickle, type TreeArray } from '@rlpd/replay-buffer';
import { initBackend, loadEncoder, resnet10Shapes } from '@rlpd/sac-agent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'rlpd-resnet10-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pickle with resnet10_params.pkl's nested structure and shapes, random values (He-scaled kernels, unit scales). */
function generatedParams(skip = '', reshape = ''): Record<string, TreeArray> {
  let s = 12345;
  const uniform = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const out: Record<string, TreeArray> = {};
  for (const [path, shape] of Object.entries(resnet10Shapes())) {
    if (path === skip) continue;
    const actual = path === reshape ? [...shape.slice(0, -1), shape[shape.length - 1] + 1] : shape;
    const n = actual.reduce((a, b) => a * b, 1);
    const fanIn = actual.slice(0, -1).reduce((a, b) => a * b, 1);
    const data = path.endsWith('/scale')
      ? new Float32Array(n).fill(1)
      : path.endsWith('/bias')
        ? Float32Array.from({ length: n }, () => 0.1 * uniform())
        : Float32Array.from({ length: n }, () => uniform() * Math.sqrt(3 / fanIn));
    out[path] = { shape: actual, data };
  }
  return out;
}

function write(name: string, arrays: Record<string, TreeArray>): string {
  const path = join(dir, name);
  writeFileSync(path, encodeArrayTreePickle(arrays));
  return path;
}

describe('--encoder resnet10 --encoder-weights resnet10_params.pkl', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('loads a generated pickle of the same nested structure and shapes and encodes frames to 512 features', async () => {
    const path = write('resnet10_params.pkl', generatedParams());
    const encoder = await loadEncoder('resnet10', path, { readArrayTree: readArrayTreePickle });
    expect(encoder.featureDim).toBe(512);
    let s = 7;
    const frames = Uint8Array.from({ length: 2 * 128 * 128 * 3 }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
    const both = encoder.encode('front', frames, 2);
    expect(both.length).toBe(1024);
    expect(both.every(Number.isFinite)).toBe(true);
    expect(both.some((v) => v > 0)).toBe(true); // after ReLU, average-pooled: non-negative, not all zero
    expect(both.every((v) => v >= 0)).toBe(true);
    const second = encoder.encode('wrist', frames.subarray(128 * 128 * 3), 1);
    expect(second.reduce((m, v, i) => Math.max(m, Math.abs(v - both[512 + i])), 0)).toBeLessThan(1e-4);
    expect(encoder.weightsDigest).toMatch(/^[0-9a-f]{64}$/);
    encoder.dispose();
  }, 60_000);

  it('names a missing parameter and a parameter of the wrong shape', async () => {
    const missing = write('missing.pkl', generatedParams('ResNetBlock_2/conv_proj/kernel'));
    await expect(loadEncoder('resnet10', missing, { readArrayTree: readArrayTreePickle })).rejects.toThrow(
      /'ResNetBlock_2\/conv_proj\/kernel' \(shape \[1,1,128,256\]\) is missing/,
    );
    const wrong = write('wrong.pkl', generatedParams('', 'norm_init/scale'));
    await expect(loadEncoder('resnet10', wrong, { readArrayTree: readArrayTreePickle })).rejects.toThrow(
      /'norm_init\/scale' has shape \[65\], expected \[64\]/,
    );
    await expect(loadEncoder('resnet10', '')).rejects.toThrow(/needs --encoder-weights/);
  }, 60_000);
});
