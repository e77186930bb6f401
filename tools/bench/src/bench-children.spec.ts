import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTransitionsPickle } from '@rlpd/replay-buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTransitions, HIL_SERL_SPACE, PIXELS } from './demo-transitions.js';
import { sacUpdateFlops } from './sac-flops.js';

// The pickle benchmark's child processes, run from the build as the benchmark runs them, on a
// small demo file: they must load every transition and read the file (timings are not checked).

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const dir = mkdtempSync(join(tmpdir(), 'rlpd-bench-spec-'));
const file = join(dir, 'demo.pkl');
const TRANSITIONS = 25;
/** Each test starts node processes: vitest's 5 s default is short on a loaded machine. */
const CHILD_TEST_MS = 60_000;
const node = (script: string, ...args: string[]) => spawnSync(process.execPath, [join(dist, script), ...args], { encoding: 'utf8' });

beforeAll(async () => {
  await writeTransitionsPickle(file, demoTransitions(TRANSITIONS, 10), { observationSpace: HIL_SERL_SPACE });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pickle benchmark children', () => {
  it(
    'pickle-load-child loads every transition and stores each shared frame once',
    () => {
      const r = node('pickle-load-child.js', file, String(TRANSITIONS));
      expect(r.status, r.stderr).toBe(0);
      const figures = JSON.parse(r.stdout) as { transitions: number; loadMs: number; loadCpuMs: number; storedBytes: number };
      expect(figures.transitions).toBe(TRANSITIONS);
      expect(figures.loadMs).toBeGreaterThan(0);
      expect(figures.loadCpuMs).toBeGreaterThan(0);
      // Episodes of 10 steps: 25 transitions in 3 episodes hold 25 + 3 distinct frames per camera.
      expect(figures.storedBytes).toBeGreaterThan(2 * 28 * PIXELS);
      expect(figures.storedBytes).toBeLessThan(2 * 29 * PIXELS);
    },
    CHILD_TEST_MS,
  );

  it(
    'read-floor-child reads the file in each mode and refuses to keep more bytes than the file has',
    () => {
      const size = statSync(file).size;
      for (const args of [['fresh'], ['window'], ['keep', String(size >> 1)]]) {
        const r = node('read-floor-child.js', file, ...args);
        expect(r.status, r.stderr).toBe(0);
        expect(Number(r.stdout)).toBeGreaterThan(0);
      }
      const r = node('read-floor-child.js', file, 'keep', String(size + 1));
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('keep BYTES must be in');
    },
    CHILD_TEST_MS,
  );
});

describe('sacUpdateFlops', () => {
  // observation 2, action 1, one hidden layer of 4, batch 1, one critic and one target critic.
  const shape = { batchSize: 1, observationDim: 2, actionDim: 1, hiddenDims: [4], criticEnsembleSize: 1, targetCritics: 1 };

  it('counts 2·K·N per matMul of a critic-only update', () => {
    // critic (3 -> 4 -> 1): forward 2·(3·4 + 4·1) = 32, parameter gradients 32, input gradient of the second layer 8.
    // policy forward: trunk 2·(2·4) = 16, mean and log-std heads 2·(2·4·1) = 16.
    // target critic forward 32; online critic forward + backward 32 + 32 + 8.
    expect(sacUpdateFlops(shape, false)).toBe(16 + 16 + 32 + 32 + 32 + 8);
  });

  it('grows linearly with the batch and adds the actor update in a full step', () => {
    expect(sacUpdateFlops({ ...shape, batchSize: 256 }, false)).toBe(256 * sacUpdateFlops(shape, false));
    expect(sacUpdateFlops(shape, true)).toBeGreaterThan(sacUpdateFlops(shape, false));
  });
});
