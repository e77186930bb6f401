import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Appends one JSON object per line to `<folder>/metrics.jsonl`, keys as in hil-serl
 * (`critic/critic_loss`, `environment/episode/r`, ...). Each line is written whole with one
 * append call, so a crash leaves at most one missing line and never a torn one.
 */
export class MetricsLog {
  readonly path: string;

  constructor(folder: string) {
    mkdirSync(folder, { recursive: true });
    this.path = join(folder, 'metrics.jsonl');
  }

  write(record: Readonly<Record<string, number | string | boolean | null>>): void {
    appendFileSync(this.path, `${JSON.stringify({ wallTime: Date.now() / 1000, ...record })}\n`);
  }
}
