import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlannedRun } from './plan.js';
import type { ExecuteRun, RunOutcome } from './run-one.js';
import { runGrid, type GridSnapshot } from './scheduler.js';
import { StudyState } from './state.js';

const run = (id: string, hash = id.padEnd(64, '0')): PlannedRun => ({
  study: 's',
  arm: id,
  seed: 1,
  envSteps: 10,
  evalEvery: 5,
  evalEpisodes: 1,
  evalSeed: 0,
  flags: {},
  resolved: {},
  hash,
  id,
});
const doneOutcome = (r: PlannedRun): RunOutcome => ({ kind: 'done', result: { hash: r.hash } as never });

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const freshState = (): StudyState => {
  dir = mkdtempSync(join(tmpdir(), 'rlpd-experiment-scheduler-'));
  return new StudyState(join(dir, 'state.json'));
};

/** A fake run command: records which runs started, finishes each when told. */
function fakeRuns(behaviour: (r: PlannedRun) => 'done' | 'fail' | 'throw' | 'hang') {
  const started: string[] = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const execute: ExecuteRun = async (r, { signal, onProgress }) => {
    started.push(r.id);
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    onProgress({ envSteps: 3, stage: 'training' });
    try {
      const what = behaviour(r);
      if (what === 'hang') {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        return { kind: 'interrupted' };
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (what === 'throw') throw new Error(`boom in ${r.id}`);
      if (what === 'fail')
        return {
          kind: 'failed',
          failure: { id: r.id, arm: r.arm, seed: r.seed, exitCode: 1, stage: 'training (npm start)', stderrTail: 'learner died', at: 'now' },
        };
      return doneOutcome(r);
    } finally {
      concurrent--;
    }
  };
  return { execute, started, maxConcurrent: () => maxConcurrent };
}

const options = (runs: PlannedRun[], execute: ExecuteRun, state: StudyState, extra: Partial<Parameters<typeof runGrid>[0]> = {}) => ({
  runs,
  parallel: 2,
  execute,
  finished: new Set<string>(),
  state,
  retryFailed: false,
  runDir: (r: PlannedRun) => join(dir, r.id),
  signal: new AbortController().signal,
  onChange: () => undefined,
  ...extra,
});

describe('runGrid', () => {
  it('runs every run once, at most `parallel` at once, and runs a hash shared by two arms once', async () => {
    const state = freshState();
    const fake = fakeRuns(() => 'done');
    const snapshots: GridSnapshot[] = [];
    const runs = [run('a'), run('b'), run('c'), run('d'), { ...run('e'), hash: run('a').hash }];
    const outcome = await runGrid(options(runs, fake.execute, state, { onChange: (s) => snapshots.push(s) }));
    expect(fake.started.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(fake.maxConcurrent()).toBe(2);
    expect(outcome).toEqual({ done: 4, ranNow: 4, failed: 0, elsewhere: 0, interrupted: false, remaining: 0 });
    expect(snapshots.at(-1)).toMatchObject({ total: 4, done: 4, running: [], remaining: 0 });
    expect(snapshots.some((s) => s.running.some((r) => r.progress?.envSteps === 3))).toBe(true);
  });

  it('records a failed (or crashing) run and goes on; skips it next time unless retryFailed', async () => {
    const state = freshState();
    const fake = fakeRuns((r) => (r.id === 'b' ? 'fail' : r.id === 'c' ? 'throw' : 'done'));
    const runs = [run('a'), run('b'), run('c'), run('d')];
    const outcome = await runGrid(options(runs, fake.execute, state));
    expect(outcome).toMatchObject({ done: 2, failed: 2 });
    const reread = new StudyState(join(dir, 'state.json'));
    expect(reread.failure(run('b').hash)).toMatchObject({ id: 'b', exitCode: 1, stderrTail: 'learner died' });
    expect(reread.failure(run('c').hash)).toMatchObject({ id: 'c', stage: 'experiment', stderrTail: 'boom in c' });

    const again = fakeRuns(() => 'done');
    const finished = new Set([run('a').hash, run('d').hash]);
    expect(await runGrid(options(runs, again.execute, reread, { finished }))).toMatchObject({ done: 2, ranNow: 0, failed: 2 });
    expect(again.started).toEqual([]);
    expect(await runGrid(options(runs, again.execute, reread, { finished, retryFailed: true }))).toMatchObject({ done: 4, ranNow: 2, failed: 0 });
    expect(again.started.sort()).toEqual(['b', 'c']);
    expect(new StudyState(join(dir, 'state.json')).failures).toEqual([]);
  });

  it('after an interruption, continues with the unfinished runs and never repeats a finished one', async () => {
    const state = freshState();
    const stop = new AbortController();
    const finished = new Set<string>();
    // a and b finish; c and d hang until the abort.
    const fake = fakeRuns((r) => (r.id === 'a' || r.id === 'b' ? 'done' : 'hang'));
    const runs = [run('a'), run('b'), run('c'), run('d'), run('e')];
    const execute: ExecuteRun = async (r, context) => {
      const outcome = await fake.execute(r, context);
      if (outcome.kind === 'done') finished.add(r.hash); // what result.json records
      if (finished.size === 2 && !stop.signal.aborted) setTimeout(() => stop.abort(), 10);
      return outcome;
    };
    const first = await runGrid(options(runs, execute, state, { signal: stop.signal }));
    expect(first).toMatchObject({ done: 2, interrupted: true, remaining: 3 });
    expect(fake.started).toEqual(['a', 'b', 'c', 'd']); // e never started

    const resumed = fakeRuns(() => 'done');
    const second = await runGrid(options(runs, resumed.execute, state, { finished }));
    expect(resumed.started.sort()).toEqual(['c', 'd', 'e']);
    expect(second).toMatchObject({ done: 5, ranNow: 3, interrupted: false, remaining: 0 });
  });

  it('leaves a run another experiment process is running to it, without failing it', async () => {
    const state = freshState();
    const execute: ExecuteRun = async (r) => (r.id === 'b' ? { kind: 'busy', owner: 123 } : doneOutcome(r));
    const outcome = await runGrid(options([run('a'), run('b'), run('c')], execute, state));
    expect(outcome).toMatchObject({ done: 2, failed: 0, elsewhere: 1, remaining: 0 });
    expect(state.failures).toEqual([]);
  });
});
