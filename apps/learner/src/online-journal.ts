import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '@rlpd/cli';
import type { EnvSpec, Transition } from '@rlpd/spaces';
import { decodeTransitions, JournalWriter, readJournal, type ActorCursor, type JournalFsync, type ReceivedBatch } from '@rlpd/transport';

/** What replaying the journal restored. */
export interface JournalReplay {
  readonly records: number;
  readonly transitions: number;
  /** Per actor id: the last durable seq of its latest session and the transitions held from it. */
  readonly cursors: Record<string, ActorCursor>;
}

/**
 * Every batch the learner acks, in arrival order, in `<checkpoint-path>/journal/transitions.journal`
 * (format: @rlpd/transport's journal). Interventions travel inside the batches, so replaying the
 * journal rebuilds both the online buffer and the interventions of the demo buffer.
 */
export class OnlineJournal {
  readonly path: string;
  private writer: JournalWriter | null = null;
  private validBytes = 0;

  constructor(
    checkpointPath: string,
    private readonly spec: EnvSpec,
    private readonly options: { readonly fsync: JournalFsync; readonly fsyncIntervalMs: number },
    private readonly log: Log,
  ) {
    this.path = join(checkpointPath, 'journal', 'transitions.journal');
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /** Decodes every complete record and hands its transitions to `insert`, oldest first. */
  replay(insert: (actorId: string, transitions: Transition[]) => void): JournalReplay {
    const cursors: Record<string, ActorCursor> = {};
    let transitions = 0;
    const report = readJournal(
      this.path,
      (record) => {
        let batch: Transition[];
        try {
          batch = decodeTransitions(record.payload, this.spec);
        } catch (error) {
          throw new Error(
            `${this.path}: record ${record.actorId}#${record.seq} does not decode with the env spec '${this.spec.name}': ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        insert(record.actorId, batch);
        transitions += batch.length;
        const held = (cursors[record.actorId]?.transitions ?? 0) + batch.length;
        cursors[record.actorId] = { sessionId: record.sessionId, lastSeq: record.seq, transitions: held };
      },
      this.log,
    );
    this.validBytes = report.validBytes;
    return { records: report.records, transitions, cursors };
  }

  /** Opens for appending: after the records `replay` kept (a torn tail is cut off), else a new file. */
  open(): void {
    mkdirSync(join(this.path, '..'), { recursive: true });
    this.writer = JournalWriter.open(this.path, this.validBytes, { fsync: this.options.fsync, fsyncIntervalMs: this.options.fsyncIntervalMs });
  }

  /**
   * Writes the batch (synchronously, so the journal's order is the buffer's), then runs
   * `insert`; resolves once the record is durable. Throws at once when the journal failed.
   */
  append(actorId: string, seq: number, batch: ReceivedBatch, insert: () => void): Promise<void> {
    if (this.writer === null) throw new Error(`journal ${this.path} is not open`);
    const durable = this.writer.append({ actorId, sessionId: batch.sessionId, seq, payload: batch.payload });
    insert();
    return durable;
  }

  async close(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }
}
