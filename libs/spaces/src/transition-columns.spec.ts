import { describe, expect, it } from 'vitest';
import type { Transition } from './transition.js';
import { SUCCESS_UNKNOWN, successFromCode, writeTransitionRow, type TransitionColumns } from './transition-columns.js';

function columns(rows: number): TransitionColumns {
  return {
    observations: { state: new Float32Array(rows * 2), pixels: new Uint8Array(rows * 3) },
    nextObservations: { state: new Float32Array(rows * 2), pixels: new Uint8Array(rows * 3) },
    actions: new Float32Array(rows * 3),
    rewards: new Float32Array(rows),
    masks: new Float32Array(rows),
    dones: new Uint8Array(rows),
    intervened: new Uint8Array(rows),
    success: new Uint8Array(rows),
  };
}

const transition = (success?: boolean): Transition => ({
  observations: { state: Float32Array.of(1, 2), pixels: Uint8Array.of(9, 9, 9) },
  nextObservations: { state: Float32Array.of(3, 4), pixels: Uint8Array.of(8, 8, 8) },
  actions: Float32Array.of(0.5, -0.5, 1),
  rewards: 1.5,
  masks: 0,
  dones: true,
  intervened: true,
  ...(success === undefined ? {} : { success }),
});

describe('writeTransitionRow', () => {
  it('writes the listed keys, actions, scalars and flags into the given row only', () => {
    const cols = columns(3);
    writeTransitionRow(cols, 1, transition(true), [{ key: 'state', size: 2 }], 3);
    expect([...cols.observations.state]).toEqual([0, 0, 1, 2, 0, 0]);
    expect([...cols.nextObservations.state]).toEqual([0, 0, 3, 4, 0, 0]);
    expect([...cols.observations.pixels]).toEqual(new Array(9).fill(0)); // not listed: left to the caller
    expect([...cols.actions]).toEqual([0, 0, 0, 0.5, -0.5, 1, 0, 0, 0]);
    expect([...cols.rewards]).toEqual([0, 1.5, 0]);
    expect([...cols.masks]).toEqual([0, 0, 0]);
    expect([...cols.dones]).toEqual([0, 1, 0]);
    expect([...cols.intervened]).toEqual([0, 1, 0]);
    expect([...cols.success]).toEqual([0, 1, 0]);
  });

  it('round-trips success as true, false and unknown', () => {
    const cols = columns(3);
    [true, false, undefined].forEach((s, row) => writeTransitionRow(cols, row, transition(s), [], 3));
    expect([...cols.success]).toEqual([1, 0, SUCCESS_UNKNOWN]);
    expect([...cols.success].map(successFromCode)).toEqual([{ success: true }, { success: false }, {}]);
  });
});
