/**
 * The highest durable seq the learner holds for one actor session. A learner persists these
 * with its replay buffer and passes them back to `LearnerServer` after a restart, so batches
 * stored but not acked before a crash are recognised as duplicates when the actor resends.
 */
export interface ActorCursor {
  readonly sessionId: string;
  readonly lastSeq: number;
}

/** One actor as reported by `GET /status`. */
export interface ActorStatus {
  readonly actorId: string;
  readonly sessionId: string;
  readonly connected: boolean;
  /** Highest durable seq of the current session, null before the first batch. */
  readonly lastSeq: number | null;
  /** Transitions stored from this actor since the learner started. */
  readonly transitions: number;
  /** Episode stats received from this actor since the learner started. */
  readonly episodes: number;
  readonly configHash: string;
  readonly actorStep: number | null;
}
