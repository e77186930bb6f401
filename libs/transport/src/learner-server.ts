import { createServer, type Server as HttpServer } from 'node:http';
import type { EnvSpec, EpisodeStats, Transition } from '@rlpd/spaces';
import { Server, type Socket } from 'socket.io';
import type { ActorCursor, ActorStatus } from './actor-cursor.js';
import { ackCallback } from './internal/ack-callback.js';
import { ActorRecord } from './internal/actor-record.js';
import { checkHello } from './internal/check-hello.js';
import { describeError } from './internal/describe-error.js';
import { ParamsSender } from './internal/params-sender.js';
import { statusRoute } from './internal/status-route.js';
import { zodReason } from './internal/zod-reason.js';
import { consoleLogger, type TransportLogger } from './logger.js';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol/events.js';
import { DEFAULT_MAX_PAYLOAD_BYTES } from './protocol/limits.js';
import {
  progressMessageSchema,
  statsMessageSchema,
  transitionsMessageSchema,
  type HelloAck,
  type ParamsMessage,
  type SimpleAck,
  type TransitionsAck,
} from './protocol/messages.js';
import { decodeTransitions } from './protocol/transitions-codec.js';

/** Options of `LearnerServer`; defaults in the doc comments. */
export interface LearnerServerOptions {
  /** TCP port; 0 picks a free one (returned by `start`). */
  readonly port: number;
  /** Interface to bind. Default '127.0.0.1' (local only); '0.0.0.0' for remote actors. */
  readonly host?: string;
  /** Shared secret every actor must present in `hello`. */
  readonly token: string;
  /** The learner's env spec; actors with another layout are refused. */
  readonly envSpec: EnvSpec;
  /** When set, an actor with another config hash is logged (not refused). */
  readonly configHash?: string;
  /** Largest transitions payload accepted, in bytes. Default 32 MiB. */
  readonly maxPayloadBytes?: number;
  /** Batches that may wait to be stored per actor before new ones are refused. Default 64. */
  readonly maxQueuedBatchesPerActor?: number;
  /** A socket that has not said a valid `hello` after this long is dropped. Default 10 s. */
  readonly helloTimeoutMs?: number;
  /** How long to wait for an actor to ack params before sending newer ones. Default 30 s. */
  readonly paramsAckTimeoutMs?: number;
  /** Cursors saved before a restart (see `cursors()`); also settable with `restoreCursors`. */
  readonly cursors?: Readonly<Record<string, ActorCursor>>;
  /** Default: `consoleLogger`. */
  readonly logger?: TransportLogger;
  /**
   * Stores a batch; the returned promise resolving means durable: only then is the seq acked.
   * Calls for one actor come one at a time in seq order, but the next call does not wait for the
   * previous promise (so a journal can group-commit them); acks follow in seq order. A throw
   * refuses the batch (the actor resends it); a rejected promise rolls the actor back to its
   * last durable seq, so the batches after it are stored again (at least once). `batch` holds
   * the session and the payload as received, for a journal.
   */
  readonly onTransitions: (actorId: string, transitions: Transition[], seq: number, batch: ReceivedBatch) => void | Promise<void>;
  /** Receives each episode's stats once per actor session. */
  readonly onStats?: (actorId: string, stats: EpisodeStats) => void;
  /** Extra fields for `GET /status` (phase, buffer sizes, ...). */
  readonly status?: () => Record<string, unknown>;
}

/** A batch as it arrived: enough to journal it and decode it again with `decodeTransitions`. */
export interface ReceivedBatch {
  readonly sessionId: string;
  readonly payload: Uint8Array;
}

/** JSON envelope room above the payload limit for socket.io framing and small fields. */
const ENVELOPE_BYTES = 64 * 1024;
const ACTORS_ROOM = 'actors';

interface SocketData {
  record?: ActorRecord;
}
type ActorSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * The learner's end: a socket.io server (plus `GET /status`) that authenticates actors,
 * stores their transitions exactly once in seq order and pushes the newest params.
 */
export class LearnerServer {
  private readonly logger: TransportLogger;
  private readonly maxPayloadBytes: number;
  private readonly records = new Map<string, ActorRecord>();
  private readonly senders = new Map<string, ParamsSender>();
  private http: HttpServer | null = null;
  private io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData> | null = null;
  private latestParams: ParamsMessage | null = null;
  private step = 0;

  constructor(private readonly options: LearnerServerOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.restoreCursors(options.cursors ?? {});
  }

  /**
   * Before `start`: per actor, the last durable seq of its session and the transitions held
   * from it, as a learner restored them (journal replay). Resent batches up to them are dropped.
   */
  restoreCursors(cursors: Readonly<Record<string, ActorCursor>>): void {
    if (this.http !== null) throw new Error('LearnerServer.restoreCursors must be called before start');
    for (const [actorId, cursor] of Object.entries(cursors)) {
      const record = new ActorRecord(actorId, cursor.sessionId, '', cursor.lastSeq);
      record.transitions = cursor.transitions ?? 0;
      this.records.set(actorId, record);
    }
  }

  /** Transitions stored from all actors (restored cursors included): what pacing counts. */
  get totalTransitions(): number {
    let total = 0;
    for (const r of this.records.values()) total += r.transitions;
    return total;
  }

  /** Listens; resolves with the bound port. */
  async start(): Promise<number> {
    if (this.http !== null) throw new Error('LearnerServer.start called twice');
    const http = createServer(statusRoute(() => this.status(), this.logger));
    this.http = http;
    this.io = new Server(http, { maxHttpBufferSize: this.maxPayloadBytes + ENVELOPE_BYTES, serveClient: false });
    this.io.on('connection', (socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    const address = http.address();
    if (address === null || typeof address === 'string') throw new Error(`learner server bound to ${String(address)}, expected a TCP port`);
    const port = address.port;
    this.logger.info('learner server listening', { host: this.options.host ?? '127.0.0.1', port });
    return port;
  }

  /** Step reported to actors in every ack. */
  setLearnerStep(step: number): void {
    this.step = step;
  }

  /** Sends params to every connected actor (newest wins) and to each actor that connects later. */
  publishParams(version: number, learnerStep: number, bytes: Uint8Array): void {
    if (bytes.byteLength > this.maxPayloadBytes) {
      throw new RangeError(`params are ${bytes.byteLength} bytes, above maxPayloadBytes ${this.maxPayloadBytes}`);
    }
    if (this.latestParams !== null && version <= this.latestParams.version) {
      throw new RangeError(`params version ${version} must be above the last published ${this.latestParams.version}`);
    }
    const params: ParamsMessage = { version, learnerStep, bytes };
    this.latestParams = params;
    this.step = Math.max(this.step, learnerStep);
    for (const sender of this.senders.values()) sender.offer(params);
  }

  /** Per actor, the highest durable seq of its session: save with the buffer, pass back as `cursors`. */
  cursors(): Record<string, ActorCursor> {
    const out: Record<string, ActorCursor> = {};
    for (const r of this.records.values())
      if (r.durableSeq !== null) out[r.actorId] = { sessionId: r.sessionId, lastSeq: r.durableSeq, transitions: r.transitions };
    return out;
  }

  /** What `GET /status` returns. */
  status(): Record<string, unknown> {
    const actors: ActorStatus[] = [...this.records.values()].map((r) => r.status());
    return {
      learnerStep: this.step,
      paramsVersion: this.latestParams?.version ?? null,
      totalTransitions: this.totalTransitions,
      actors,
      ...this.options.status?.(),
    };
  }

  /** Disconnects every actor and stops listening. */
  async close(): Promise<void> {
    const io = this.io;
    const http = this.http;
    this.io = null;
    this.http = null;
    if (io === null || http === null) return;
    io.disconnectSockets(true);
    http.closeAllConnections();
    await io.close();
  }

  private onConnection(socket: ActorSocket): void {
    const helloTimer = setTimeout(() => {
      if (socket.data.record !== undefined) return;
      this.logger.warn('dropping socket without hello', { socketId: socket.id, address: socket.handshake.address });
      socket.disconnect(true);
    }, this.options.helloTimeoutMs ?? 10_000);
    socket.on('hello', (raw: unknown, ack: unknown) => this.onHello(socket, raw, ack));
    socket.on('transitions', (raw: unknown, ack: unknown) => this.onTransitions(socket, raw, ack));
    socket.on('stats', (raw: unknown, ack: unknown) => this.onStats(socket, raw, ack));
    socket.on('progress', (raw: unknown) => {
      const parsed = progressMessageSchema.safeParse(raw);
      if (!parsed.success) return this.logger.warn(zodReason('progress', parsed.error), { socketId: socket.id });
      if (socket.data.record !== undefined) socket.data.record.progress = parsed.data;
    });
    socket.onAny((event: unknown) => {
      if (!['hello', 'transitions', 'stats', 'progress'].includes(String(event))) {
        this.logger.warn('ignoring unknown event', { event: String(event), socketId: socket.id });
      }
    });
    socket.on('disconnect', (reason) => {
      clearTimeout(helloTimer);
      this.senders.delete(socket.id);
      const record = socket.data.record;
      if (record !== undefined && record.socketId === socket.id) {
        record.socketId = null;
        this.logger.info('actor disconnected', { actorId: record.actorId, reason });
      }
    });
  }

  private onHello(socket: ActorSocket, raw: unknown, ack: unknown): void {
    const reply = ackCallback<HelloAck>(ack);
    const refuse = (reason: string): void => {
      this.logger.warn('refused hello', { reason, socketId: socket.id, address: socket.handshake.address });
      reply?.({ ok: false, reason });
      setTimeout(() => socket.disconnect(true), 50);
    };
    if (reply === null) return refuse('hello without ack callback');
    if (socket.data.record !== undefined) return refuse('hello sent twice on one connection');
    const checked = checkHello(raw, this.options.token, this.options.envSpec);
    if (!checked.ok) return refuse(checked.reason);
    const { actorId, sessionId, configHash } = checked.hello;
    if (this.options.configHash !== undefined && configHash !== this.options.configHash) {
      this.logger.warn('actor config hash differs from the learner', { actorId, actor: configHash, learner: this.options.configHash });
    }
    let record = this.records.get(actorId);
    if (record?.socketId != null) {
      this.logger.warn('actor reconnected; dropping its previous socket', { actorId });
      this.io?.sockets.sockets.get(record.socketId)?.disconnect(true);
    }
    if (record === undefined || record.sessionId !== sessionId) {
      if (record !== undefined) this.logger.info('actor started a new session', { actorId, sessionId });
      record = new ActorRecord(actorId, sessionId, configHash, null, record);
      this.records.set(actorId, record);
    }
    record.configHash = configHash;
    record.socketId = socket.id;
    socket.data.record = record;
    void socket.join(ACTORS_ROOM);
    const sender = new ParamsSender((msg, done) => {
      socket.timeout(this.options.paramsAckTimeoutMs ?? 30_000).emit('params', msg, (err: Error | null) => {
        if (err) this.logger.warn('actor did not ack params', { actorId, version: msg.version, error: describeError(err) });
        done();
      });
    });
    this.senders.set(socket.id, sender);
    this.logger.info('actor connected', { actorId, sessionId, lastSeq: record.durableSeq });
    reply({
      ok: true,
      learnerStep: this.step,
      paramsVersion: this.latestParams?.version ?? null,
      lastSeq: record.durableSeq,
      actorTransitions: record.transitions,
      totalTransitions: this.totalTransitions,
    });
    if (this.latestParams !== null) sender.offer(this.latestParams);
  }

  private onTransitions(socket: ActorSocket, raw: unknown, ack: unknown): void {
    const reply = ackCallback<TransitionsAck>(ack);
    const record = socket.data.record;
    const refuse = (reason: string): void => {
      this.logger.warn('refused transitions', { reason, actorId: record?.actorId, socketId: socket.id });
      reply?.({ ok: false, reason, ackSeq: record?.durableSeq ?? 0, learnerStep: this.step, totalTransitions: this.totalTransitions });
    };
    if (reply === null) return refuse('transitions without ack callback');
    if (record === undefined) return refuse('not authenticated: send a valid hello first');
    const parsed = transitionsMessageSchema.safeParse(raw);
    if (!parsed.success) return refuse(zodReason('transitions', parsed.error));
    const { seq, payload } = parsed.data;
    if (payload.byteLength > this.maxPayloadBytes) {
      return refuse(`payload of ${payload.byteLength} bytes is above maxPayloadBytes ${this.maxPayloadBytes}`);
    }
    if (record.queue.depth + record.awaitingDurable >= (this.options.maxQueuedBatchesPerActor ?? 64)) return refuse('learner busy: too many batches queued');
    record.queue
      .run(() => this.acceptBatch(record, seq, payload))
      .then((accepted) => accepted.acked)
      .then(reply, (error: unknown) => refuse(describeError(error)))
      .catch((error: unknown) => this.logger.error('acking transitions failed', { actorId: record.actorId, seq, error: describeError(error) }));
  }

  /**
   * Runs in the actor's serial queue: checks the seq, decodes, hands the batch to
   * `onTransitions` and advances the accepted seq. Returns (wrapped, so the queue moves on) the
   * ack, which waits until this batch and every earlier one are durable.
   */
  private async acceptBatch(record: ActorRecord, seq: number, payload: Uint8Array): Promise<{ acked: Promise<TransitionsAck> }> {
    const answer = (reason?: string): TransitionsAck => {
      const base = { ackSeq: record.durableSeq ?? 0, learnerStep: this.step, totalTransitions: this.totalTransitions };
      if (reason === undefined) return { ok: true, ...base };
      this.logger.warn('refused transitions', { reason, actorId: record.actorId, seq });
      return { ok: false, reason, ...base };
    };
    const now = (reason?: string): { acked: Promise<TransitionsAck> } => ({ acked: Promise.resolve(answer(reason)) });
    const kind = record.classify(seq);
    if (kind === 'duplicate') {
      record.duplicatesDropped++;
      // Accepted earlier but maybe not durable yet: answer once it is.
      return { acked: record.durable.then(() => answer()) };
    }
    if (kind === 'gap') return now(`seq ${seq} leaves a gap after ${record.lastSeq ?? 0}; resend from ${(record.lastSeq ?? 0) + 1}`);
    let transitions: Transition[];
    try {
      transitions = decodeTransitions(payload, this.options.envSpec);
    } catch (error) {
      return now(`malformed transitions payload: ${describeError(error)}`);
    }
    let stored: Promise<void>;
    try {
      stored = Promise.resolve(this.options.onTransitions(record.actorId, transitions, seq, { sessionId: record.sessionId, payload }));
    } catch (error) {
      // Pin the baseline so the failed seq must come again before any later one.
      if (record.lastSeq === null) record.lastSeq = record.durableSeq = seq - 1;
      this.logger.error('storing transitions failed', { actorId: record.actorId, seq, error: describeError(error) });
      return now(`storing failed: ${describeError(error)}`);
    }
    if (record.durableSeq === null) record.durableSeq = seq - 1;
    record.lastSeq = seq;
    record.awaitingDurable++;
    stored.catch(() => undefined); // observed below, after the earlier batches
    const epoch = record.epoch;
    // Durability in seq order: this batch counts once it and every earlier one are durable.
    const outcome = record.durable
      .then(() => stored)
      .then(
        (): string | undefined => {
          if (record.epoch !== epoch) return `an earlier batch was not stored; resend from ${(record.durableSeq ?? 0) + 1}`;
          record.durableSeq = seq;
          record.transitions += transitions.length;
          return undefined;
        },
        (error: unknown): string => {
          if (record.epoch === epoch) {
            // This seq and every later one accepted so far must come again (they are stored again).
            record.epoch++;
            record.lastSeq = record.durableSeq;
          }
          this.logger.error('storing transitions failed', { actorId: record.actorId, seq, error: describeError(error) });
          return `storing failed: ${describeError(error)}`;
        },
      );
    record.durable = outcome.then(() => undefined);
    const acked = outcome.then((reason) => answer(reason));
    void acked.finally(() => record.awaitingDurable--);
    return { acked };
  }

  private onStats(socket: ActorSocket, raw: unknown, ack: unknown): void {
    const reply = ackCallback<SimpleAck>(ack);
    const record = socket.data.record;
    const refuse = (reason: string): void => {
      this.logger.warn('refused stats', { reason, actorId: record?.actorId, socketId: socket.id });
      reply?.({ ok: false, reason });
    };
    if (reply === null) return refuse('stats without ack callback');
    if (record === undefined) return refuse('not authenticated: send a valid hello first');
    const parsed = statsMessageSchema.safeParse(raw);
    if (!parsed.success) return refuse(zodReason('stats', parsed.error));
    const { id, stats } = parsed.data;
    if (id <= record.lastStatsId) return reply({ ok: true });
    record.lastStatsId = id;
    record.episodes++;
    try {
      this.options.onStats?.(record.actorId, stats);
    } catch (error) {
      this.logger.error('onStats failed', { actorId: record.actorId, error: describeError(error) });
      return reply({ ok: false, reason: `onStats failed: ${describeError(error)}` });
    }
    reply({ ok: true });
  }
}
