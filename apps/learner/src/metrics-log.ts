import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TfEventsWriter } from './tensorboard/tfevents-writer.js';

type MetricsRecord = Readonly<Record<string, number | string | boolean | null>>;

/** Keys that say where a record sits (its x), not what was measured. */
const POSITION_KEYS = new Set(['wallTime', 'step', 'pretrainStep', 'learnerStep', 'elapsedSeconds']);

/**
 * Appends one JSON object per line to `<folder>/metrics.jsonl`, keys as in hil-serl
 * (`critic/critic_loss`, `environment/episode/r`, ...). Each line is written whole with one
 * append call, so a crash leaves at most one missing line and never a torn one. With
 * `tensorboard`, the numeric values also go to a TensorBoard events file in `<folder>/tensorboard`.
 */
export class MetricsLog {
  readonly path: string;
  private readonly tensorboard: TfEventsWriter | null;

  constructor(folder: string, options: { tensorboard?: boolean } = {}) {
    mkdirSync(folder, { recursive: true });
    this.path = join(folder, 'metrics.jsonl');
    this.tensorboard = options.tensorboard ? new TfEventsWriter(join(folder, 'tensorboard')) : null;
  }

  /** The TensorBoard events file, when one is written. */
  get tensorboardPath(): string | null {
    return this.tensorboard?.path ?? null;
  }

  write(record: MetricsRecord): void {
    const wallTime = Date.now() / 1000;
    appendFileSync(this.path, `${JSON.stringify({ wallTime, ...record })}\n`);
    if (this.tensorboard !== null) this.writeScalars(wallTime, record, this.tensorboard);
  }

  close(): void {
    this.tensorboard?.close();
  }

  /**
   * Update and episode lines become scalars at their learner `step`; pretraining lines at their
   * `pretrainStep`, tagged `pretrain/...` so the two step counts never share a curve. Phase
   * events (strings) are not scalars and stay in metrics.jsonl only.
   */
  private writeScalars(wallTime: number, record: MetricsRecord, writer: TfEventsWriter): void {
    if ('event' in record) return;
    const pretraining = typeof record.pretrainStep === 'number';
    const step = pretraining ? record.pretrainStep : record.step;
    if (typeof step !== 'number') return;
    const scalars = new Map<string, number>();
    for (const [key, value] of Object.entries(record)) {
      if (POSITION_KEYS.has(key) || (typeof value !== 'number' && typeof value !== 'boolean')) continue;
      scalars.set(pretraining ? `pretrain/${key}` : key, Number(value));
    }
    writer.scalars(wallTime, step, scalars);
  }
}
