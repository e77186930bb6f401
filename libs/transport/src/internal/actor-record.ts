import type { ActorStatus } from '../actor-cursor.js';
import type { ProgressMessage } from '../protocol/messages.js';
import { SerialQueue } from './serial-queue.js';

/** Counts per actor id, shared by its sessions (a batch of an old session stored late still counts). */
interface ActorTotals {
  transitions: number;
  duplicatesDropped: number;
  episodes: number;
}

/**
 * What the learner knows about one actor session. A new session (restarted actor) gets a new
 * record; jobs still queued for the old one update the old object's seqs and cannot touch the
 * new one's, while the counts per actor id are shared.
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
  private readonly totals: ActorTotals;
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
    this.totals = previous?.totals ?? { transitions: 0, duplicatesDropped: 0, episodes: 0 };
  }

  /** Transitions durable from this actor id, over its sessions. */
  get transitions(): number {
    return this.totals.transitions;
  }
  set transitions(n: number) {
    this.totals.transitions = n;
  }

  get duplicatesDropped(): number {
    return this.totals.duplicatesDropped;
  }
  set duplicatesDropped(n: number) {
    this.totals.duplicatesDropped = n;
  }

  get episodes(): number {
    return this.totals.episodes;
  }
  set episodes(n: number) {
    this.totals.episodes = n;
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
