import type { EnvSpec } from '@rlpd/spaces';
import type { TransportLogger } from './logger.js';

/** Options of `ActorClient`; defaults in the doc comments. */
export interface ActorClientOptions {
  /** Learner address, e.g. `http://127.0.0.1:5588`. */
  readonly url: string;
  readonly token: string;
  /** Unique per actor process that runs at the same time. */
  readonly actorId: string;
  readonly envSpec: EnvSpec;
  readonly configHash: string;
  /** Names this run of the actor for dedup. Default: a random UUID. */
  readonly sessionId?: string;
  /** Batches kept until acked; `sendTransitions` waits while this many are unacked. Default 64. */
  readonly maxUnackedBatches?: number;
  /** Bytes of unacked batches held in memory; later ones are spilled to `spillDir`. Default 256 MiB. */
  readonly maxUnackedBytesInMemory?: number;
  /**
   * Folder for spilled batches (deleted by `close`); null: never spill, wait instead.
   * Default: `<os tmpdir>/rlpd-spill-<actorId>-<sessionId>`.
   */
  readonly spillDir?: string | null;
  /** Bytes of spilled batches; past them `sendTransitions` waits. Default 4 GiB. */
  readonly maxSpillBytes?: number;
  /** Episode stats kept until acked; past it the oldest is dropped (logged). Default 1000. */
  readonly maxBufferedStats?: number;
  /** Largest encoded batch; a larger one is refused before sending. Default 32 MiB. */
  readonly maxPayloadBytes?: number;
  /** Wait for each ack this long before resending. Default 10 s. */
  readonly ackTimeoutMs?: number;
  /** `connect()` rejects when no hello succeeded within this time. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Pause before resending after a refusal or timeout. Default 500 ms. */
  readonly retryDelayMs?: number;
  /** Default: `consoleLogger`. */
  readonly logger?: TransportLogger;
}

/** Params as delivered to `onParams` callbacks. */
export interface ReceivedParams {
  readonly version: number;
  readonly learnerStep: number;
  readonly bytes: Uint8Array;
}
