import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { box, type Transition } from '@rlpd/spaces';
import { readTransitionsPickle, writeTransitionsPickle } from '@rlpd/replay-buffer';
import { afterAll, describe, expect, it } from 'vitest';

const main = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
const work = mkdtempSync(join(tmpdir(), 'rlpd-inspect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Episodes of `length` steps; the last reward is 1 when the episode succeeds. */
function episodes(specs: readonly { length: number; success: boolean; intervened: number }[]): Transition[] {
  const out: Transition[] = [];
  for (const { length, success, intervened } of specs) {
    for (let i = 0; i < length; i++) {
      const last = i === length - 1;
      out.push({
        observations: { state: Float32Array.of(i, 0, 0) },
        nextObservations: { state: Float32Array.of(i + 1, 0, 0) },
        actions: Float32Array.of(0.5, -0.5),
        rewards: last && success ? 1 : 0,
        masks: last && success ? 0 : 1,
        dones: last,
        intervened: i < intervened,
        success: last && success,
      });
    }
  }
  return out;
}

describe('inspect CLI', () => {
  const options = { observationSpace: { state: box([3], -10, 10) } };

  it('summarises a pickle as one JSON object', async () => {
    const file = join(work, 'demo.pkl');
    await writeTransitionsPickle(
      file,
      episodes([
        { length: 3, success: true, intervened: 2 },
        { length: 2, success: false, intervened: 0 },
      ]),
      options,
    );
    const summary = JSON.parse(execFileSync(process.execPath, [main, 'summary', file, '--json'], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(summary).toMatchObject({ file, transitions: 5, episodes: 2, successes: 1, interventions: 2 });
    expect(summary.fields).toMatchObject({
      'observations.state': { shape: [3], dtype: 'float32' },
      actions: { shape: [2], dtype: 'float32' },
      // Python floats stay floats even when whole (masks 1.0), as stored in the file.
      masks: { shape: [], dtype: 'float' },
      rewards: { shape: [], dtype: 'float' },
      dones: { shape: [], dtype: 'bool' },
    });
  });

  it('merges files, optionally keeping successful episodes only', async () => {
    const a = join(work, 'a.pkl');
    const b = join(work, 'b.pkl');
    await writeTransitionsPickle(a, episodes([{ length: 3, success: true, intervened: 0 }]), options);
    await writeTransitionsPickle(
      b,
      episodes([
        { length: 4, success: false, intervened: 0 },
        { length: 2, success: true, intervened: 0 },
      ]),
      options,
    );
    const out = join(work, 'merged.pkl');
    execFileSync(process.execPath, [main, 'merge', a, b, '--out', out, '--successful-only'], { encoding: 'utf8' });
    expect((await readTransitionsPickle(out)).map((t) => t.observations.state[0])).toEqual([0, 1, 2, 0, 1]);
  });

  it('refuses `serve` with nothing to show, in one line', () => {
    const result = spawnSync(process.execPath, [main, 'serve'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('inspect serve: nothing to show: pass at least one FILE.pkl or --run RUN_DIR');
  });

  it('fails with a one-line error and a non-zero exit on a file that is not a pickle', () => {
    const result = spawnSync(process.execPath, [main, 'summary', main, '--json'], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(main);
  });
});
