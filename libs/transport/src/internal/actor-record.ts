import type { ActorStatus } from '../actor-cursor.js';
import type { ProgressMessage } from '../protocol/messages.js';
import { SerialQueue } from './serial-queue.js';

/**
 * What the learner knows about one actor session. A new session (restarted actor) gets a new
 * record; jobs still queued for the old one update the old object and cannot touch the new.
 */
export class ActorRecord {
  /** Highest accepted seq (stored, maybe not durable yet); null until the first batch fixes the baseline. */
  lastSeq: number | null;
  /** Highest durable seq: what acks, hello and cursors report. */
  durableSeq: number | null;
  /** Settles when every accepted batch is durable (or one failed); durability is acked in seq order. */
  durable: Promise<void> = Promise.resolve();
  /** Bumped when a store fails: batches accepted before that cannot become durable. */
  epoch = 0;
  /** Accepted batches whose store promise has not settled. */
  awaitingDurable = 0;
  lastStatsId = 0;
  socketId: string | null = null;
  transitions: number;
  duplicatesDropped: number;
  episodes: number;
  progress: ProgressMessage | null = null;
  readonly queue = new SerialQueue();

  constructor(
    readonly actorId: string,
    readonly sessionId: string,
    public configHash: string,
    lastSeq: number | null,
    previous?: ActorRecord,
  ) {
    this.lastSeq = lastSeq;
    this.durableSeq = lastSeq;
    this.transitions = previous?.transitions ?? 0;
    this.duplicatesDropped = previous?.duplicatesDropped ?? 0;
    this.episodes = previous?.episodes ?? 0;
  }

  get connected(): boolean {
    return this.socketId !== null;
  }

  /**
   * How to treat batch `seq`: store it, ack it as already stored, or refuse it because an
   * earlier seq is missing. The first batch a learner sees from a session sets the baseline.
   */
  classify(seq: number): 'store' | 'duplicate' | 'gap' {
    if (this.lastSeq === null) return 'store';
    if (seq <= this.lastSeq) return 'duplicate';
    return seq === this.lastSeq + 1 ? 'store' : 'gap';
  }

  status(): ActorStatus {
    return {
      id: this.actorId,
      sessionId: this.sessionId,
      connected: this.connected,
      lastDurableSeq: this.durableSeq,
      transitionsReceived: this.transitions,
      duplicatesDropped: this.duplicatesDropped,
      episodes: this.episodes,
      configHash: this.configHash,
      actorStep: this.progress?.actorStep ?? null,
    };
  }
}
