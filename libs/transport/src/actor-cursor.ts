/**
 * The highest durable seq the learner holds for one actor session. A learner persists these
 * (its journal holds them) and passes them back to `LearnerServer` after a restart, so batches
 * stored but not acked before a crash are recognised as duplicates when the actor resends.
 */
export interface ActorCursor {
  readonly sessionId: string;
  readonly lastSeq: number;
  /** Transitions the learner holds from this actor id, over all its sessions. Default 0. */
  readonly transitions?: number;
}

/** One actor as reported by `GET /status`. */
export interface ActorStatus {
  readonly id: string;
  readonly sessionId: string;
  readonly connected: boolean;
  /** Highest durable seq of the current session, null before the first batch. */
  readonly lastDurableSeq: number | null;
  /** Transitions stored from this actor id (over its sessions and learner restarts). */
  readonly transitionsReceived: number;
  /** Batches received again after they were stored (resent after a reconnect), dropped. */
  readonly duplicatesDropped: number;
  /** Episode stats received from this actor since the learner started. */
  readonly episodes: number;
  readonly configHash: string;
  readonly actorStep: number | null;
}
