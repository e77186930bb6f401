import { describe, expect, it } from 'vitest';
import { EpisodeRecorder } from './episode-recorder.js';
import { Pacer } from './pacer.js';

describe('Pacer', () => {
  it('runs freely until the learner can train, then keeps learner steps near ratio x online transitions', () => {
    const pacer = new Pacer(1, 10, 100);
    expect(pacer.mayStep(0, 0)).toBe(true);
    expect(pacer.mayStep(110, 0)).toBe(true); // 100 to start training + 10 slack
    expect(pacer.mayStep(111, 0)).toBe(false);
    expect(pacer.mayStep(111, 1)).toBe(true);
    expect(pacer.mayStep(500, 389)).toBe(false);
    expect(pacer.mayStep(500, 390)).toBe(true);
  });
  it('counts every actor: two actors of 150 transitions each owe the learner twice the steps', () => {
    const pacer = new Pacer(2, 0, 100);
    expect(pacer.mayStep(150, 100)).toBe(true);
    expect(pacer.mayStep(300, 100)).toBe(false);
    expect(pacer.mayStep(300, 400)).toBe(true);
  });
  it('never waits with ratio 0 (a robot paces itself)', () => {
    expect(new Pacer(0, 0, 100).mayStep(1e6, 0)).toBe(true);
  });
});

describe('EpisodeRecorder', () => {
  it('counts intervention steps and rising edges, and resets per episode', () => {
    const recorder = new EpisodeRecorder();
    const pattern = [false, true, true, false, true, false, false];
    pattern.forEach((intervened, i) => recorder.record(0.5, intervened, i === 5));
    const stats = recorder.finish();
    expect(stats).toMatchObject({ return: 3.5, length: 7, success: true, interventionCount: 2, interventionSteps: 3 });
    recorder.record(1, true, false);
    expect(recorder.finish()).toMatchObject({ return: 1, length: 1, success: false, interventionCount: 1, interventionSteps: 1 });
  });
});
