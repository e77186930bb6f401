import { describe, expect, it } from 'vitest';
import { box, boxSize, describeSpecMismatch, envSpecSchema, type EnvSpec } from './index.js';

const spec: EnvSpec = {
  name: 'pick-cube',
  observationSpace: { state: box([10], -Infinity, Infinity) },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};

describe('spaces', () => {
  it('computes box sizes', () => {
    expect(boxSize({ shape: [1, 128, 128, 3] })).toBe(49152);
    expect(boxSize({ shape: [] })).toBe(1);
  });
  it('validates an env spec', () => {
    expect(envSpecSchema.parse(spec).name).toBe('pick-cube');
    expect(() => envSpecSchema.parse({ ...spec, maxEpisodeSteps: 0 })).toThrow();
  });
  it('names the first difference between specs', () => {
    expect(describeSpecMismatch(spec, spec)).toBeNull();
    expect(describeSpecMismatch(spec, { ...spec, actionSpace: box([7], -1, 1) })).toBe('action space differs: expected float32[4], got float32[7]');
    expect(describeSpecMismatch(spec, { ...spec, observationSpace: { state: box([19], -1, 1) } })).toContain("observation 'state' differs");
  });
});
