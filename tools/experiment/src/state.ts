import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** A run that ended badly: kept so the grid goes on, and retried only with --retry-failed. */
const failureSchema = z.object({
  id: z.string(),
  arm: z.string(),
  seed: z.number().int(),
  exitCode: z.number().int().nullable(),
  /** What failed: training (npm start) or the evaluation of a checkpoint. */
  stage: z.string(),
  stderrTail: z.string(),
  at: z.string(),
});
export type RunFailure = z.infer<typeof failureSchema>;

const stateSchema = z.object({
  /** Failed runs by hash. Finished runs are not listed here: their result.json is the record. */
  failed: z.record(failureSchema).default({}),
});
export type StudyStateData = z.infer<typeof stateSchema>;

/** `<out>/<study>/state.json`: the study's failed runs, written atomically after each change. */
export class StudyState {
  private data: StudyStateData;

  constructor(private readonly path: string) {
    this.data = existsSync(path) ? StudyState.read(path) : { failed: {} };
  }

  private static read(path: string): StudyStateData {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)}); delete it to forget the failed runs`, {
        cause: error,
      });
    }
    const parsed = stateSchema.safeParse(value);
    if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
    return parsed.data;
  }

  failure(hash: string): RunFailure | undefined {
    return this.data.failed[hash];
  }

  get failures(): readonly RunFailure[] {
    return Object.values(this.data.failed);
  }

  markFailed(hash: string, failure: RunFailure): void {
    this.data.failed[hash] = failure;
    this.save();
  }

  clearFailure(hash: string): void {
    if (!(hash in this.data.failed)) return;
    delete this.data.failed[hash];
    this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const temp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    renameSync(temp, this.path);
  }
}
