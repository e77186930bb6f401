import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readTransitionsPickle } from '@rlpd/replay-buffer';
import { createEnv } from '@rlpd/robot-env';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(join(tmpdir(), 'rlpd-e2e-vision-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Env steps of the run: one full episode (100) and part of a second, so training starts (at 100) and an episode boundary is crossed. */
const STEPS = 120;
/** npm start's default seed is 42; the actor runs with seed + 1. */
const ACTOR_SEED = 43;

const sameBytes = (a: Float32Array | Uint8Array, b: Float32Array | Uint8Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('npm start --env pick-cube-vision, end to end', () => {
  it('streams camera frames to the learner, whose online buffer holds exactly the frames the actor saw (oracle interventions included)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(root, 'tools/start/dist/main.js'),
        '--env',
        'pick-cube-vision',
        '--max-steps',
        String(STEPS),
        '--demo-path',
        join(work, 'demos', 'vision-1.pkl'),
        '--demo-episodes',
        '1',
        '--runs-dir',
        join(work, 'runs'),
        '--intervener',
        'oracle',
      ],
      { cwd: work, timeout: 240_000, maxBuffer: 1 << 24 },
    );
    const summary = JSON.parse(stdout.trim()) as { envSteps: number; learnerSteps: number; episodes: number; runDir: string };
    expect(summary.envSteps).toBe(STEPS);
    expect(summary.episodes).toBe(1);
    // The final checkpoint dumps the online buffer (hil-serl's buffer/transitions_<step>.pkl).
    const dumps = readdirSync(join(summary.runDir, 'buffer'));
    expect(dumps).toHaveLength(1);
    const stored = await readTransitionsPickle(join(summary.runDir, 'buffer', dumps[0]));
    expect(stored).toHaveLength(STEPS);
    // The oracle took over at times: it reads the cube position from the sim's privileged state.
    expect(stored.some((t) => t.intervened)).toBe(true);
    // Replay what the actor did on a fresh env (the sim is deterministic for a seed and actions;
    // stored actions are the executed ones, the oracle's when it intervened) and compare every frame of every stored transition with the frame rendered then.
    const env = await createEnv('pick-cube-vision');
    let observation = (await env.reset({ seed: ACTOR_SEED })).observation;
    const mismatches: string[] = [];
    for (let i = 0; i < stored.length; i++) {
      const t = stored[i];
      for (const key of ['front', 'wrist']) {
        expect(t.observations[key]).toBeInstanceOf(Uint8Array);
        if (!sameBytes(t.observations[key], observation[key])) mismatches.push(`transition ${i}: observations.${key}`);
      }
      const result = await env.step(t.actions);
      for (const key of ['front', 'wrist', 'state']) {
        if (!sameBytes(t.nextObservations[key], result.observation[key])) mismatches.push(`transition ${i}: nextObservations.${key}`);
      }
      observation = result.terminated || result.truncated ? (await env.reset()).observation : result.observation;
    }
    await env.close();
    expect(mismatches).toEqual([]);
    // Frames are real images that change as the arm moves, not constant buffers.
    expect(sameBytes(stored[0].observations.wrist, stored[60].observations.wrist)).toBe(false);
  }, 300_000);
});
