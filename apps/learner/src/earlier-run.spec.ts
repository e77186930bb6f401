import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '@rlpd/cli';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCheckpointPath, clearEarlierRun } from './earlier-run.js';

const work = mkdtempSync(join(tmpdir(), 'rlpd-earlier-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a checkpoint path that already holds a run', () => {
  const dir = join(work, 'mine');
  mkdirSync(join(dir, 'checkpoint_10'), { recursive: true });
  mkdirSync(join(dir, 'buffer'));
  writeFileSync(join(dir, 'metrics.jsonl'), '{}\n');
  writeFileSync(join(dir, 'learner.log'), 'npm start writes its logs here\n');

  it('is refused with the way out, unless resumed or forced; an empty or log-only folder is fine', () => {
    const fresh = { checkpointPath: dir, resume: false, force: false };
    expect(() => checkCheckpointPath(fresh)).toThrow(CliError);
    expect(() => checkCheckpointPath(fresh)).toThrow(`--checkpoint-path: ${dir} already holds a run (buffer, checkpoint_10, metrics.jsonl); pass --resume`);
    expect(() => checkCheckpointPath({ ...fresh, resume: true })).not.toThrow();
    expect(() => checkCheckpointPath({ ...fresh, force: true })).not.toThrow();
    expect(() => checkCheckpointPath({ ...fresh, checkpointPath: join(work, 'new') })).not.toThrow();
    // A learner killed before its first checkpoint left only its journal: a run all the same.
    const killed = join(work, 'killed');
    mkdirSync(join(killed, 'journal'), { recursive: true });
    expect(() => checkCheckpointPath({ ...fresh, checkpointPath: killed })).toThrow(`${killed} already holds a run (journal); pass --resume`);
  });

  it('--force removes only the earlier run: checkpoints, buffer dumps, metrics', () => {
    expect(clearEarlierRun(dir)).toEqual(['buffer', 'checkpoint_10', 'metrics.jsonl']);
    expect(existsSync(join(dir, 'checkpoint_10'))).toBe(false);
    expect(existsSync(join(dir, 'learner.log'))).toBe(true);
    expect(() => checkCheckpointPath({ checkpointPath: dir, resume: false, force: false })).not.toThrow();
  });
});
