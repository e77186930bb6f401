import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type RunLock = { readonly kind: 'held'; release(): void } | { readonly kind: 'busy'; readonly owner: number };

function ownerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<run dir>.lock` (a directory holding the owner's pid; mkdir is atomic), so two
 * experiment processes never run the same run at once. A lock whose owner is gone (a crash, a
 * killed experiment) is taken over.
 */
export function acquireRunLock(path: string): RunLock {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return { kind: 'held', release: () => rmSync(path, { recursive: true, force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(path, 'pid'), 'utf8'));
    } catch {
      // Created but no pid yet: its owner is writing it, unless that was long ago.
      let age: number;
      try {
        age = Date.now() - statSync(path).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age < 10_000) return { kind: 'busy', owner: -1 };
    }
    if (Number.isInteger(owner) && owner !== process.pid && ownerAlive(owner)) return { kind: 'busy', owner };
    rmSync(path, { recursive: true, force: true });
  }
  throw new Error(`could not take the run lock ${path}`);
}
