import type { Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { EpisodeOutcomes, type EpisodeOutcome } from './index.js';

const step = (rewards: number, dones: boolean, success?: boolean, intervened = false): Transition => ({
  observations: { state: Float32Array.of(0) },
  nextObservations: { state: Float32Array.of(0) },
  actions: Float32Array.of(0),
  rewards,
  masks: 1,
  dones,
  intervened,
  ...(success === undefined ? {} : { success }),
});

const outcomes = (steps: readonly Transition[]): EpisodeOutcome[] => {
  const rule = new EpisodeOutcomes();
  return steps.map((t) => rule.add(t)).filter((o): o is EpisodeOutcome => o !== null);
};

describe('EpisodeOutcomes (the one success rule)', () => {
  it('uses infos.succeed when the episode records it: any step succeeding counts, a dense reward does not', () => {
    expect(outcomes([step(0.4, false, true), step(0.3, true, false)])[0]).toEqual({ length: 2, return: 0.7, success: true, interventionSteps: 0 });
    expect(outcomes([step(0.4, false, false), step(0.3, true, false)])[0].success).toBe(false);
  });
  it('falls back to a last reward > 0 when no step records succeed (hil-serl classifier rewards)', () => {
    expect(outcomes([step(0, false), step(1, true), step(0, false, undefined, true), step(0, true)])).toEqual([
      { length: 2, return: 1, success: true, interventionSteps: 0 },
      { length: 2, return: 0, success: false, interventionSteps: 1 },
    ]);
  });
  it('reports no outcome for a trailing unfinished episode', () => {
    expect(outcomes([step(1, true, true), step(1, false, true)])).toHaveLength(1);
  });
});
