import { box, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { summarizeTransitions } from './index.js';

function step(dones: boolean, extra: Partial<Transition> = {}): Transition {
  const obs = { state: new Float32Array(3), wrist: new Uint8Array(12) };
  return { observations: obs, nextObservations: obs, actions: new Float32Array(2), rewards: 0, masks: 1, dones, intervened: false, ...extra };
}

describe('summarizeTransitions', () => {
  it('counts episodes, successful episodes and interventions, and lists fields', () => {
    const ts = [
      step(false, { intervened: true }),
      step(false, { success: true, intervened: true }),
      step(true, { success: true }),
      step(true),
      step(false, { success: true }),
    ];
    const summary = summarizeTransitions(ts, { state: box([1, 3], -1, 1) });
    expect(summary).toMatchObject({ transitions: 5, episodes: 2, successes: 2, interventions: 2 });
    expect(summary.fields['observations.state']).toEqual({ shape: [1, 3], dtype: 'float32', varying: false });
    expect(summary.fields['next_observations.wrist']).toEqual({ shape: [12], dtype: 'uint8', varying: false });
    expect(summary.fields.actions).toEqual({ shape: [2], dtype: 'float32', varying: false });
    expect(summary.fields.dones).toEqual({ shape: [], dtype: 'bool', varying: false });
  });

  it('flags fields whose size varies', () => {
    const odd = step(false, { actions: new Float32Array(3) });
    expect(summarizeTransitions([step(false), odd]).fields.actions.varying).toBe(true);
    expect(summarizeTransitions([])).toEqual({ transitions: 0, episodes: 0, successes: 0, interventions: 0, fields: {} });
  });
});
