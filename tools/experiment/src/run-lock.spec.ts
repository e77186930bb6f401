import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireRunLock } from './run-lock.js';

const dir = mkdtempSync(join(tmpdir(), 'rlpd-experiment-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireRunLock', () => {
  it('is held by one process at a time and released', () => {
    const path = join(dir, 'runs', 'a.lock'); // the runs folder does not exist yet
    const lock = acquireRunLock(path);
    expect(lock.kind).toBe('held');
    // Another live process holding it: busy, naming the owner.
    writeFileSync(join(path, 'pid'), String(process.ppid));
    expect(acquireRunLock(path)).toEqual({ kind: 'busy', owner: process.ppid });
    if (lock.kind === 'held') lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('takes over a lock whose owner is gone', () => {
    const path = join(dir, 'b.lock');
    mkdirSync(path);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(path, 'pid'), String(gone));
    expect(acquireRunLock(path).kind).toBe('held');
  });
});
