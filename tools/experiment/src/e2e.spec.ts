import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from './csv.js';

// Real runs: npm start (learner + actor on the embedded sim) and actor evaluations, through the
// built tool (build tools/experiment and its dependencies first). About 2 minutes on 2 cores.
const main = join(import.meta.dirname, '../dist/main.js');
const dir = mkdtempSync(join(tmpdir(), 'rlpd-experiment-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stderr: string;
}
function experiment(args: string[], onStderr?: (all: string, child: ReturnType<typeof spawn>) => void): Promise<Finished> {
  const child = spawn(process.execPath, [main, ...args, '--out', join(dir, 'out')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}
const grid = (seeds: number[]) => {
  const path = join(dir, `tiny-${seeds.join('-')}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      study: 'tiny',
      envSteps: 200,
      seeds,
      evalEvery: 50,
      evalEpisodes: 2,
      arms: [{ name: 'p0' }, { name: 'p20', flags: { 'pretrain-steps': 20 } }],
    }),
  );
  return path;
};
const runFolders = () => readdirSync(join(dir, 'out', 'runs')).sort();

describe('npm run experiment, end to end', () => {
  it('runs a two-run grid to result.json, results.csv, PNG plots and report.md; a second call runs nothing; `report` rewrites the outputs', async () => {
    const first = await experiment([grid([1]), '--parallel', '2']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/recording 20 oracle demos of pick-cube once/);
    expect(first.stderr).toMatch(/tiny: 2 of 2 runs finished \(2 now\), 0 failed, 0 not run/);
    expect(runFolders()).toEqual([expect.stringMatching(/^p0-s1-[0-9a-f]{8}$/), expect.stringMatching(/^p20-s1-[0-9a-f]{8}$/)]);
    for (const folder of runFolders()) {
      const result = JSON.parse(readFileSync(join(dir, 'out', 'runs', folder, 'result.json'), 'utf8')) as {
        evals: { learnerStep: number; evalSuccess: number }[];
        exitCode: number;
      };
      expect(result.exitCode).toBe(0);
      expect(result.evals.length).toBeGreaterThan(0);
      expect(result.evals.map((e) => e.learnerStep)).toContain(50);
    }
    const studyDir = join(dir, 'out', 'tiny');
    const csv = readFileSync(join(studyDir, 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(['study', 'arm', 'pretrain-steps', ...CSV_COLUMNS].join(','));
    expect(csv.slice(1).every((row) => /^tiny,p(0,0|20,20),1,/.test(row))).toBe(true);
    for (const png of ['eval-success-vs-env-steps.png', 'train-success-vs-wall.png', 'intervention-rate-vs-env-steps.png']) {
      expect(readFileSync(join(studyDir, png)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    const report = readFileSync(join(studyDir, 'report.md'), 'utf8');
    expect(report).toMatch(/^# Study: tiny/);
    expect(report).toMatch(/\| p20 \| --pretrain-steps 20 \| 1\/1 \|/);
    expect(report).toMatch(/\| p0 \| \(npm start defaults\) \| 1\/1 \|/);

    const again = await experiment([grid([1])]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/2 finished already/);
    expect(again.stderr).toMatch(/2 of 2 runs finished \(0 now\)/);

    const before = readFileSync(join(studyDir, 'results.csv'), 'utf8');
    rmSync(join(studyDir, 'results.csv'));
    rmSync(join(studyDir, 'report.md'));
    const rewritten = await experiment(['report', grid([1])]);
    expect(rewritten.code, rewritten.stderr).toBe(0);
    expect(rewritten.stderr).not.toMatch(/running/);
    expect(readFileSync(join(studyDir, 'results.csv'), 'utf8')).toBe(before);
    expect(readFileSync(join(studyDir, 'report.md'), 'utf8')).toBe(report);
  }, 240_000);

  it('Ctrl-C stops the running runs; the next call starts them afresh and never repeats a finished run', async () => {
    const path = grid([1, 2]);
    let sent = false;
    const interrupted = await experiment([path, '--parallel', '1'], (_all, child) => {
      // Seed 1 is finished (previous test): interrupt once seed 2's first run has started training.
      const started = runFolders().find((f) => f.startsWith('p0-s2-'));
      if (!sent && started !== undefined && existsSync(join(dir, 'out', 'runs', started, 'start.log'))) {
        sent = true;
        setTimeout(() => child.kill('SIGINT'), 3000);
      }
    });
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stderr).toMatch(/2 finished already/);
    expect(interrupted.stderr).toMatch(/SIGINT: stopping the running runs/);
    expect(interrupted.stderr).toMatch(/tiny: 2 of 4 runs finished \(0 now\), 0 failed, 2 not run \(interrupted/);
    const partial = runFolders().find((f) => f.startsWith('p0-s2-')) as string;
    expect(existsSync(join(dir, 'out', 'runs', partial, 'result.json'))).toBe(false);

    const resumed = await experiment([path, '--parallel', '2']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/tiny: 4 of 4 runs finished \(2 now\), 0 failed, 0 not run/);
    expect(runFolders()).toHaveLength(4);
    for (const folder of runFolders()) expect(existsSync(join(dir, 'out', 'runs', folder, 'result.json'))).toBe(true);
  }, 240_000);
});
