import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '@rlpd/cli';

/** What a learner run writes into --checkpoint-path (npm start's logs beside them are not its own). */
const RUN_ENTRY = /^(checkpoint_\d+|metrics\.jsonl|buffer|demo_buffer|journal)$/;

/** The entries of an earlier learner run in `dir`, sorted (none when the folder is missing or empty). */
export function earlierRunEntries(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => RUN_ENTRY.test(name))
    .sort();
}

/**
 * A checkpoint path that already holds a run is refused (exit 2) unless the run is continued
 * (--resume) or deliberately replaced (--force): its checkpoints and metrics would otherwise be
 * mixed with the new run's.
 */
export function checkCheckpointPath(config: { readonly checkpointPath: string; readonly resume: boolean; readonly force: boolean }): void {
  if (config.resume || config.force) return;
  const entries = earlierRunEntries(config.checkpointPath);
  if (entries.length === 0) return;
  const shown = entries.length > 4 ? [...entries.slice(0, 3), `${entries.length - 3} more`] : entries;
  throw new CliError(
    `--checkpoint-path: ${resolve(config.checkpointPath)} already holds a run (${shown.join(', ')}); pass --resume to continue it, choose a new --checkpoint-path, or pass --force to start over there`,
  );
}

/** With --force: removes the earlier run's checkpoints, buffer dumps and metrics (nothing else). */
export function clearEarlierRun(dir: string): string[] {
  const entries = earlierRunEntries(dir);
  for (const name of entries) rmSync(join(dir, name), { recursive: true, force: true });
  return entries;
}
