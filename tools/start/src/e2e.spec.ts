import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(join(tmpdir(), 'rlpd-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Summary {
  envSteps: number;
  learnerSteps: number;
  episodes: number;
  successRate: number;
  interventionRate: number;
  checkpoint: string;
  backend: string;
  runDir: string;
}

describe('npm start, end to end (learner + actor as two processes)', () => {
  it('records demos, pre-trains on them, streams transitions, delivers parameters and writes a checkpoint', async () => {
    const demoPath = join(work, 'demos', 'pick-cube-3.pkl');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        join(root, 'tools/start/dist/main.js'),
        '--max-steps',
        '400',
        '--demo-path',
        demoPath,
        '--demo-episodes',
        '3',
        '--runs-dir',
        join(work, 'runs'),
        '--intervener',
        'oracle',
        '--pretrain-steps',
        '30',
        '--oracle-stop-step',
        '100000',
        '--intervention-buffers',
        'online',
      ],
      { cwd: work, timeout: 240_000, maxBuffer: 1 << 24 },
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]) as Summary;
    expect(existsSync(demoPath)).toBe(true);
    // Transitions flowed: every env step reached the learner.
    expect(summary.envSteps).toBe(400);
    expect(summary.episodes).toBe(4);
    expect(summary.learnerSteps).toBeGreaterThan(0);
    expect(summary.interventionRate).toBeGreaterThan(0);
    expect(['tensorflow', 'wasm', 'cpu']).toContain(summary.backend);
    // A checkpoint holds the tensors and the state.
    expect(readdirSync(summary.checkpoint).sort()).toEqual(['model.safetensors', 'state.json']);
    const state = JSON.parse(readFileSync(join(summary.checkpoint, 'state.json'), 'utf8')) as { step: number };
    expect(state.step).toBe(summary.learnerSteps);
    // Parameters reached the actor, and the learner logged hil-serl's metric keys.
    expect(readFileSync(join(summary.runDir, 'actor.log'), 'utf8')).toMatch(/first parameters received \(version \d+\)/);
    // The flags npm start passes on reached the children (each logs its config).
    expect(readFileSync(join(summary.runDir, 'actor.log'), 'utf8')).toMatch(/"oracleStopStep":100000/);
    expect(readFileSync(join(summary.runDir, 'learner.log'), 'utf8')).toMatch(/"interventionBuffers":"online"/);
    const metrics = readFileSync(join(summary.runDir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(metrics.some((m) => typeof m['critic/critic_loss'] === 'number')).toBe(true);
    expect(metrics.filter((m) => 'environment/episode/r' in m)).toHaveLength(4);
    expect(metrics.filter((m) => m.event === 'phase').map((m) => m.phase)).toEqual([
      'loading-demos',
      'pretraining',
      'waiting-for-data',
      'training',
      'stopping',
      'stopped',
    ]);
    // The demo-only warm-up ran its 30 learner steps (logged every 10) before online training.
    expect(metrics.filter((m) => m.phase === 'pretraining' && 'pretrainStep' in m).map((m) => m.pretrainStep)).toEqual([10, 20, 30]);
  }, 300_000);

  it('--print-config prints the resolved configuration and runs nothing', async () => {
    const empty = mkdtempSync(join(work, 'print-'));
    const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'tools/start/dist/main.js'), '--pretrain-steps', '7', '--print-config'], {
      cwd: empty,
    });
    const config = JSON.parse(stdout) as Record<string, unknown>;
    expect(config).toMatchObject({
      pretrainSteps: 7,
      env: 'pick-cube',
      intervener: 'none',
      oracleStopStep: 0,
      interventionBuffers: 'demo-and-online',
      printConfig: true,
    });
    expect(readdirSync(empty)).toEqual([]); // no demos recorded, no run folder
  });
});
