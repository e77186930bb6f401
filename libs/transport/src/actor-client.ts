import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorClientOptions, ReceivedParams } from './actor-client-options.js';
import { episodeStatsSchema, type EpisodeStats, type Transition } from '@rlpd/spaces';
import { io, type Socket } from 'socket.io-client';
import { ackCallback } from './internal/ack-callback.js';
import { describeError } from './internal/describe-error.js';
import { ParamsInbox } from './internal/params-inbox.js';
import { UnackedBatches, type UnackedBatch } from './internal/unacked-batches.js';
import { Waiters } from './internal/waiters.js';
import { zodReason } from './internal/zod-reason.js';
import { consoleLogger, type TransportLogger } from './logger.js';
import type { ClientToServerEvents, ServerToClientEvents } from './protocol/events.js';
import { checkPayloadSize, DEFAULT_MAX_PAYLOAD_BYTES } from './protocol/limits.js';
import { helloAckSchema, simpleAckSchema, transitionsAckSchema, type ProgressMessage, type StatsMessage } from './protocol/messages.js';
import { encodeTransitions } from './protocol/transitions-codec.js';
import { PROTOCOL_VERSION } from './protocol/version.js';

/** Unacked bytes sent at once (after a reconnect, spilled batches are read back this many at a time). */
const SEND_WINDOW_BYTES = 64 * 1024 * 1024;
/** Below the learner's queue of 64 batches per actor, so a resend is never refused as busy. */
const SEND_WINDOW_BATCHES = 32;

/**
 * The actor's end. Every batch gets the next seq and is kept until the learner acks it as
 * durable; after a reconnect the client says hello again and resends all unacked batches in
 * order (the learner drops seqs it has). Stats are kept the same way, with their own ids, so
 * each episode is logged once. Params only ever move forward in version.
 */
export class ActorClient {
  private readonly logger: TransportLogger;
  private readonly sessionId: string;
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  /** True between a successful hello and the next disconnect. */
  private ready = false;
  /** Bumped on every (re)send round; answers to an older round only count when positive. */
  private round = 0;
  private nextSeq = 1;
  private ackedSeq = 0;
  private readonly pending: UnackedBatches;
  /** Highest seq sent in this round (batches after it wait for the send window). */
  private emittedUpTo = 0;
  private nextStatsId = 1;
  private pendingStats: StatsMessage[] = [];
  private readonly changed = new Waiters();
  private readonly params: ParamsInbox;
  private step = 0;
  private total = 0;
  private sent = 0;
  private acked = 0;
  private hellos = 0;
  private resumed = 0;
  private fatal: Error | null = null;
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private lastPauseLogAt = -Infinity;

  constructor(private readonly options: ActorClientOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.params = new ParamsInbox(this.logger);
    this.sessionId = options.sessionId ?? globalThis.crypto.randomUUID();
    this.pending = new UnackedBatches({
      maxBatches: options.maxUnackedBatches ?? 64,
      maxMemoryBytes: options.maxUnackedBytesInMemory ?? 256 * 1024 * 1024,
      spillDir: options.spillDir === null ? null : (options.spillDir ?? join(tmpdir(), `rlpd-spill-${options.actorId}-${this.sessionId}`)),
      maxSpillBytes: options.maxSpillBytes ?? 4 * 1024 * 1024 * 1024,
    });
  }

  /** Latest learner step seen in an ack or params. */
  get learnerStep(): number {
    return this.step;
  }

  /** Batches sent or queued but not yet acked as durable. */
  get unackedBatches(): number {
    return this.pending.length;
  }

  /** Bytes of unacked batches held in spill files. */
  get spilledBytes(): number {
    return this.pending.spilledBytes;
  }

  /** Transitions handed to `sendTransitions` (queued or sent). */
  get transitionsSent(): number {
    return this.sent;
  }

  /** Transitions the learner acked as durable. */
  get transitionsAcked(): number {
    return this.acked;
  }

  /** Accepted hellos after the first: how often the link was re-established. */
  get reconnects(): number {
    return Math.max(0, this.hellos - 1);
  }

  /** Transitions the learner held from this actor id at the first hello (a restarted actor resumes its step count there). */
  get resumedTransitions(): number {
    return this.resumed;
  }

  /** Latest count of transitions the learner holds from all actors (from hello and acks). */
  get learnerTransitions(): number {
    return this.total;
  }

  /**
   * Connects and says hello; resolves on the first accepted hello. Rejects with the learner's
   * reason (wrong token, spec mismatch) and stops for good, or after `connectTimeoutMs`.
   */
  connect(): Promise<void> {
    if (this.socket !== null) return Promise.reject(new Error('ActorClient.connect called twice'));
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.options.url, {
      autoConnect: false,
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 2000,
    });
    this.socket = socket;
    socket.on('connect', () => this.hello(socket));
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    // One line when the learner cannot be reached, then one every 10 s: what we wait for and how long.
    let waitingSince = Date.now();
    let everConnected = false;
    let lastWarnedAt = -Infinity;
    socket.on('connect_error', (error) => {
      if (Date.now() - lastWarnedAt < 10_000) return;
      lastWarnedAt = Date.now();
      const waited = Math.round((Date.now() - waitingSince) / 1000);
      const message = everConnected
        ? `cannot reach the learner (${waited} s since the connection dropped); retrying`
        : `cannot reach the learner (waited ${waited} s); retrying until ${timeoutMs / 1000} s have passed`;
      this.logger.warn(message, { url: this.options.url, error: error.message });
    });
    socket.on('connect', () => {
      everConnected = true;
      lastWarnedAt = -Infinity;
    });
    socket.on('disconnect', (reason) => {
      waitingSince = Date.now();
      this.ready = false;
      this.round++;
      if (this.closed || this.fatal !== null) return;
      this.logger.warn('disconnected from learner', { reason, unacked: this.pending.length });
      // socket.io only reconnects by itself when the server did not end the connection.
      if (reason === 'io server disconnect') setTimeout(() => this.reconnect(socket), this.options.retryDelayMs ?? 500);
    });
    socket.on('params', (raw: unknown, ack: unknown) => {
      const params = this.params.receive(raw);
      if (params !== null) this.step = Math.max(this.step, params.learnerStep);
      ackCallback<void>(ack)?.(); // after the callbacks ran: the learner then sends the next
    });
    socket.connect();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no learner accepted this actor at ${this.options.url} within ${timeoutMs / 1000} s`));
        void this.close();
      }, timeoutMs);
      const check = (): void => {
        if (this.ready) {
          clearTimeout(timer);
          resolve();
        } else if (this.fatal !== null || this.closed) {
          clearTimeout(timer);
          reject(this.fatal ?? new Error('ActorClient closed before connecting'));
        } else {
          this.changed.wait().then(check, (error: Error) => {
            clearTimeout(timer);
            reject(error);
          });
        }
      };
      check();
    });
  }

  /**
   * Queues a batch and sends it when connected. Resolves with its seq once queued; the batch is
   * kept (in memory, then spilled to disk) until acked. While the bounds are full (the learner
   * is away or slow) it waits: the caller pauses, and a line says so.
   */
  async sendTransitions(transitions: readonly Transition[]): Promise<number> {
    this.throwIfUnusable();
    const payload = encodeTransitions(transitions, this.options.envSpec);
    checkPayloadSize('encoded transitions batch', payload, { maxPayloadBytes: this.options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES });
    if (!this.pending.hasRoom(payload.byteLength)) {
      // One line per pause, at most every 10 s (a busy learner's backpressure would repeat it).
      const loud = Date.now() - this.lastPauseLogAt >= 10_000;
      if (loud) {
        this.lastPauseLogAt = Date.now();
        this.logger.warn(`pausing: ${this.pending.length} unacked batches fill the bounds (in memory and spilled); waiting for the learner to ack them`, {
          connected: this.ready,
          spilledBytes: this.pending.spilledBytes,
        });
      }
      while (!this.pending.hasRoom(payload.byteLength)) {
        await this.changed.wait();
        this.throwIfUnusable();
      }
      if (loud) this.logger.info('resuming: the learner acked batches', { unacked: this.pending.length });
    }
    const batch = this.pending.add(this.nextSeq++, transitions.length, payload);
    this.sent += batch.count;
    this.pump();
    return batch.seq;
  }

  /** Queues one episode's stats until acked (across reconnects); oldest dropped past the bound. */
  sendStats(stats: EpisodeStats): void {
    this.throwIfUnusable();
    const msg: StatsMessage = { id: this.nextStatsId++, stats: episodeStatsSchema.parse(stats) };
    this.pendingStats.push(msg);
    const max = this.options.maxBufferedStats ?? 1000;
    if (this.pendingStats.length > max) {
      const dropped = this.pendingStats.shift();
      this.logger.warn('stats buffer full; dropped the oldest episode stats', { id: dropped?.id, max });
    }
    if (this.ready && this.socket !== null) this.emitStats(this.socket, msg);
  }

  /** Best effort: where the actor is, shown in the learner's `/status`. Dropped when offline. */
  sendProgress(progress: ProgressMessage): void {
    if (this.ready) this.socket?.emit('progress', progress);
  }

  /** Calls `callback` with each newer params version (at once with the latest, if any). Returns an unsubscribe. */
  onParams(callback: (params: ReceivedParams) => void): () => void {
    return this.params.subscribe(callback);
  }

  /** Resolves when every batch and stats message is acked; rejects after `timeoutMs` saying what is left. */
  async flush(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.length > 0 || this.pendingStats.length > 0) {
      this.throwIfUnusable();
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`flush timed out after ${timeoutMs} ms: ${this.pending.length} batches and ${this.pendingStats.length} stats unacked`);
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.changed.wait(), new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
  }

  /** Disconnects. Unacked batches are dropped (logged): call `flush` first to keep them. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.pending.length > 0 || this.pendingStats.length > 0) {
      this.logger.warn('closing with unacked data', { batches: this.pending.length, stats: this.pendingStats.length });
    }
    this.socket?.disconnect();
    this.pending.discardSpill();
    this.changed.failAll(new Error('ActorClient closed'));
  }

  private hello(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    const round = this.round;
    const o = this.options;
    const msg = {
      protocolVersion: PROTOCOL_VERSION,
      actorId: o.actorId,
      sessionId: this.sessionId,
      token: o.token,
      envSpec: o.envSpec,
      configHash: o.configHash,
    };
    socket
      .timeout(o.ackTimeoutMs ?? 10_000)
      .emitWithAck('hello', msg)
      .then((raw: unknown) => {
        if (round !== this.round || this.closed) return;
        const parsed = helloAckSchema.safeParse(raw);
        if (!parsed.success) throw new Error(zodReason('hello ack', parsed.error));
        const res = parsed.data;
        if (!res.ok) return this.fail(new Error(`learner refused actor '${o.actorId}': ${res.reason}`));
        this.step = res.learnerStep;
        this.total = res.totalTransitions;
        if (this.hellos++ === 0) this.resumed = res.actorTransitions;
        if (res.lastSeq !== null) this.applyAckSeq(res.lastSeq);
        this.ready = true;
        this.logger.info('connected to learner', { url: o.url, lastSeq: res.lastSeq, unacked: this.pending.length });
        this.resendAll(socket);
        this.changed.wakeAll();
      })
      .catch((error: unknown) => {
        if (round !== this.round || this.closed) return;
        this.logger.warn('hello failed; reconnecting', { error: describeError(error) });
        socket.disconnect();
        setTimeout(() => this.reconnect(socket), o.retryDelayMs ?? 500);
      });
  }

  private reconnect(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    if (!this.closed && this.fatal === null && !socket.connected) socket.connect();
  }

  /** A new round: every unacked batch (through the send window) then every unacked stats message, in order. */
  private resendAll(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    this.round++;
    this.emittedUpTo = this.ackedSeq;
    this.pump();
    for (const msg of this.pendingStats) this.emitStats(socket, msg);
  }

  /** Sends the next unacked batches in seq order while the send window has room. */
  private pump(): void {
    const socket = this.socket;
    if (!this.ready || socket === null || this.closed || this.fatal !== null) return;
    let inFlightBytes = 0;
    let inFlightBatches = 0;
    for (const batch of this.pending.all) {
      if (batch.seq > this.emittedUpTo) {
        if (inFlightBatches > 0 && (inFlightBatches >= SEND_WINDOW_BATCHES || inFlightBytes + batch.bytes > SEND_WINDOW_BYTES)) return;
        let payload: Uint8Array;
        try {
          payload = this.pending.payloadOf(batch);
        } catch (error) {
          return this.fail(error instanceof Error ? error : new Error(String(error)));
        }
        this.emitBatch(socket, batch, payload);
        this.emittedUpTo = batch.seq;
      }
      inFlightBytes += batch.bytes;
      inFlightBatches++;
    }
  }

  private emitBatch(socket: Socket<ServerToClientEvents, ClientToServerEvents>, batch: UnackedBatch, payload: Uint8Array): void {
    const round = this.round;
    socket
      .timeout(this.options.ackTimeoutMs ?? 10_000)
      .emitWithAck('transitions', { seq: batch.seq, payload })
      .then((raw: unknown) => {
        const parsed = transitionsAckSchema.safeParse(raw);
        if (!parsed.success) throw new Error(zodReason('transitions ack', parsed.error));
        this.step = parsed.data.learnerStep;
        this.total = Math.max(this.total, parsed.data.totalTransitions);
        this.applyAckSeq(parsed.data.ackSeq);
        if (!parsed.data.ok) throw new Error(`learner refused batch ${batch.seq}: ${parsed.data.reason}`);
        // A duplicate whose first copy the learner lost (it rolled back): send it again.
        if (parsed.data.ackSeq < batch.seq && this.ackedSeq < batch.seq) throw new Error(`learner acked only up to ${parsed.data.ackSeq}`);
      })
      .catch((error: unknown) => this.retryLater(round, `batch ${batch.seq}`, error));
  }

  private emitStats(socket: Socket<ServerToClientEvents, ClientToServerEvents>, msg: StatsMessage): void {
    const round = this.round;
    socket
      .timeout(this.options.ackTimeoutMs ?? 10_000)
      .emitWithAck('stats', msg)
      .then((raw: unknown) => {
        const parsed = simpleAckSchema.safeParse(raw);
        if (!parsed.success) throw new Error(zodReason('stats ack', parsed.error));
        // A refusal is about the content (it would be refused again): drop it, loudly.
        if (!parsed.data.ok) this.logger.error('learner refused episode stats', { id: msg.id, reason: parsed.data.reason });
        this.pendingStats = this.pendingStats.filter((m) => m !== msg);
        this.changed.wakeAll();
      })
      .catch((error: unknown) => this.retryLater(round, `stats ${msg.id}`, error));
  }

  /** Drops batches up to `ackSeq` (durable on the learner) and wakes waiters. */
  private applyAckSeq(ackSeq: number): void {
    if (ackSeq <= this.ackedSeq) return;
    this.ackedSeq = ackSeq;
    this.acked += this.pending.ackUpTo(ackSeq);
    this.emittedUpTo = Math.max(this.emittedUpTo, ackSeq);
    this.changed.wakeAll();
    this.pump();
  }

  /** A send of `round` failed: unless a newer round or reconnect already covers it, resend all soon. */
  private retryLater(round: number, what: string, error: unknown): void {
    if (round !== this.round || this.closed || this.fatal !== null) return;
    this.logger.warn(`${what} not acked; resending`, { error: describeError(error) });
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.ready && this.socket !== null) this.resendAll(this.socket);
    }, this.options.retryDelayMs ?? 500);
  }

  private fail(error: Error): void {
    this.fatal = error;
    this.logger.error(error.message);
    this.socket?.disconnect();
    this.changed.failAll(error);
  }

  private throwIfUnusable(): void {
    if (this.fatal !== null) throw this.fatal;
    if (this.closed) throw new Error('ActorClient is closed');
  }
}
