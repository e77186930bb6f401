import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError } from '@rlpd/cli';

/** With --eval-checkpoint-step N, checkpoint_N must exist in --checkpoint-path (exit 2 naming the ones that do). */
export function checkEvalCheckpoint(config: { readonly checkpointPath: string; readonly evalCheckpointStep?: number }): void {
  if (config.evalCheckpointStep === undefined) return;
  const folder = resolve(config.checkpointPath);
  const dir = join(folder, `checkpoint_${config.evalCheckpointStep}`);
  if (existsSync(dir)) return;
  const found = existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => /^checkpoint_\d+$/.test(name))
        .sort((a, b) => Number(a.slice(11)) - Number(b.slice(11)))
    : [];
  const there =
    found.length > 0
      ? `; --checkpoint-path holds ${found.join(', ')}`
      : existsSync(folder)
        ? '; --checkpoint-path holds no checkpoint_<step> folder'
        : '; --checkpoint-path does not exist';
  throw new CliError(`--eval-checkpoint-step ${config.evalCheckpointStep}: ${dir} not found${there}`);
}
