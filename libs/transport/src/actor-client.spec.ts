import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBatch, managedFixtures, recordingLogger, someStats, spec, startLearner, storedIds, type StoredBatch, waitFor } from './internal/fixtures.test.js';
import { encodeTransitions } from './protocol/transitions-codec.js';

const { learner, client, onCleanup } = managedFixtures();
const never = new Promise<void>(() => undefined);

describe('ActorClient', () => {
  it('resends unacked batches to a restarted learner: nothing lost, nothing twice', async () => {
    // Learner A stores seqs 1-2, then hangs on 3 (not durable, never acked) and goes down.
    const a = await learner({
      onTransitions: (actorId, ts, seq) => {
        if (seq >= 3) return never;
        aStored.push({ actorId, seq, ids: ts.map((t) => t.rewards) });
      },
    });
    const aStored: StoredBatch[] = [];
    const c = client(a.url);
    await c.connect();
    for (let i = 0; i < 4; i++) await c.sendTransitions(makeBatch(i * 2, 2));
    await waitFor('seq 2 acked', () => c.unackedBatches === 2);
    await a.server.close();
    // Learner B on the same port knows nothing: the first resent batch sets its baseline.
    const b = await learner({ port: a.port });
    c.sendStats(someStats);
    await c.flush(8000);
    expect(aStored.map((s) => s.seq)).toEqual([1, 2]);
    expect(b.stored.map((s) => s.seq)).toEqual([3, 4]);
    expect([...storedIds(aStored), ...storedIds(b.stored)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(b.stats).toHaveLength(1);
  });

  it('with saved cursors, a restarted learner drops a batch stored before the crash but never acked', async () => {
    const aStored: StoredBatch[] = [];
    const a = await learner({
      onTransitions: (actorId, ts, seq) => {
        aStored.push({ actorId, seq, ids: ts.map((t) => t.rewards) });
        if (seq === 2) return never; // stored, then the learner dies before acking
      },
    });
    const c = client(a.url);
    await c.connect();
    await c.sendTransitions(makeBatch(0, 1));
    await c.sendTransitions(makeBatch(1, 1));
    await waitFor('seq 2 stored', () => aStored.length === 2);
    // The learner persisted its buffer (seqs 1-2) with the cursor of seq 2.
    const saved = { 'actor-0': { sessionId: a.server.cursors()['actor-0'].sessionId, lastSeq: 2 } };
    await a.server.close();
    const b = await learner({ port: a.port, cursors: saved });
    await c.sendTransitions(makeBatch(2, 1));
    await c.flush(8000);
    expect(b.stored.map((s) => s.seq)).toEqual([3]);
    expect([...storedIds(aStored), ...storedIds(b.stored)]).toEqual([0, 1, 2]);
    // Hello's lastSeq told the actor seq 2 is safe, so it was not even resent; its counters say all three are.
    expect(b.server.status().actors).toEqual([expect.objectContaining({ id: 'actor-0', lastDurableSeq: 3, duplicatesDropped: 0 })]);
    expect({ sent: c.transitionsSent, acked: c.transitionsAcked, reconnects: c.reconnects }).toEqual({ sent: 3, acked: 3, reconnects: 1 });
  });

  it('a restarted actor (new session) starts again at seq 1 and is not taken for a duplicate', async () => {
    const { url, stored } = await learner();
    const first = client(url);
    await first.connect();
    await first.sendTransitions(makeBatch(0, 1));
    await first.sendTransitions(makeBatch(1, 1));
    await first.flush(3000);
    await first.close();
    const second = client(url);
    await second.connect();
    // It learns how many transitions the learner holds from its id: its step count resumes there.
    expect(second.resumedTransitions).toBe(2);
    expect(await second.sendTransitions(makeBatch(10, 1))).toBe(1);
    await second.flush(3000);
    expect(storedIds(stored)).toEqual([0, 1, 10]);
    expect(second.learnerTransitions).toBe(3);
  });

  it('a batch of an old session that becomes durable after the actor restarted still counts for its id', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const { url, server } = await learner({ onTransitions: () => (calls++ === 0 ? gate : undefined) });
    const first = client(url, { ackTimeoutMs: 5000 });
    await first.connect();
    await first.sendTransitions(makeBatch(0, 3));
    await waitFor('the store call', () => calls === 1);
    await first.close();
    const second = client(url);
    await second.connect();
    release();
    await second.sendTransitions(makeBatch(3, 2));
    await second.flush(3000);
    expect(server.status().actors).toEqual([expect.objectContaining({ id: 'actor-0', transitionsReceived: 5 })]);
    expect(server.totalTransitions).toBe(5);
  });

  it('resends after the learner fails to store a batch', async () => {
    let failures = 1;
    const stored: number[] = [];
    const { url, logger } = await learner({
      onTransitions: (_actorId, _ts, seq) => {
        if (seq === 2 && failures-- > 0) throw new Error('disk full');
        stored.push(seq);
      },
    });
    const c = client(url);
    await c.connect();
    for (let i = 0; i < 3; i++) await c.sendTransitions(makeBatch(i, 1));
    await c.flush(5000);
    expect(stored).toEqual([1, 2, 3]);
    expect(logger.lines.some((l) => l.includes('storing transitions failed') && l.includes('disk full'))).toBe(true);
  });

  it("hands one actor's batches to the store without waiting for the previous one to be durable, and acks them in seq order", async () => {
    const durable: (() => void)[] = [];
    const calls: number[] = [];
    const { url, server } = await learner({
      onTransitions: (_actorId, _ts, seq) => {
        calls.push(seq);
        return new Promise<void>((resolve) => durable.push(resolve));
      },
    });
    const c = client(url, { ackTimeoutMs: 5000 });
    await c.connect();
    for (let i = 0; i < 3; i++) await c.sendTransitions(makeBatch(i, 1));
    await waitFor('three store calls in flight', () => calls.length === 3); // a journal can group-commit them
    durable[2](); // the third is durable first: still not acked before the first two
    await new Promise((r) => setTimeout(r, 100));
    expect(c.transitionsAcked).toBe(0);
    durable[0]();
    await waitFor('seq 1 acked', () => c.transitionsAcked === 1);
    durable[1]();
    await c.flush(3000);
    expect(calls).toEqual([1, 2, 3]);
    expect(server.status().actors).toEqual([expect.objectContaining({ lastDurableSeq: 3, transitionsReceived: 3 })]);
  });

  it('a store that fails after accepting rolls the actor back to its last durable seq; it resends from there', async () => {
    let failures = 1;
    const durableIds: number[] = [];
    const { url, logger } = await learner({
      onTransitions: async (_actorId, ts, seq) => {
        await new Promise((r) => setTimeout(r, 5));
        if (seq === 2 && failures-- > 0) throw new Error('fsync failed');
        durableIds.push(...ts.map((t) => t.rewards));
      },
    });
    const c = client(url);
    await c.connect();
    for (let i = 0; i < 4; i++) await c.sendTransitions(makeBatch(i, 1));
    await c.flush(8000);
    // Batches accepted after the failed one were stored again: at least once, none missing.
    expect(new Set(durableIds)).toEqual(new Set([0, 1, 2, 3]));
    expect(durableIds[0]).toBe(0);
    expect(logger.lines.some((l) => l.includes('storing transitions failed') && l.includes('fsync failed'))).toBe(true);
  });

  it('applies backpressure past maxUnackedBatches', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { url } = await learner({ onTransitions: () => gate });
    const c = client(url, { maxUnackedBatches: 2, ackTimeoutMs: 5000 });
    await c.connect();
    await c.sendTransitions(makeBatch(0, 1));
    await c.sendTransitions(makeBatch(1, 1));
    let third = false;
    const sending = c.sendTransitions(makeBatch(2, 1)).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(third).toBe(false);
    expect(c.unackedBatches).toBe(2);
    release();
    await sending;
    await c.flush(3000);
  });

  it('without a learner keeps batches in memory, then spills them to disk, then pauses; resends them all in order after reconnecting', async () => {
    const a = await learner();
    const spillDir = join(await mkdtemp(join(tmpdir(), 'rlpd-spill-test-')), 'spill');
    onCleanup(() => rm(join(spillDir, '..'), { recursive: true, force: true }));
    const logger = recordingLogger();
    const batchBytes = encodeTransitions(makeBatch(0, 2), spec).byteLength;
    const c = client(a.url, { maxUnackedBatches: 6, maxUnackedBytesInMemory: 2 * batchBytes, spillDir, logger });
    await c.connect();
    await a.server.close(); // the learner goes away
    for (let i = 0; i < 6; i++) await c.sendTransitions(makeBatch(i * 2, 2));
    expect(c.spilledBytes).toBe(4 * batchBytes);
    expect(readdirSync(spillDir).sort()).toEqual(['batch_3.bin', 'batch_4.bin', 'batch_5.bin', 'batch_6.bin']);
    let seventh = false;
    const sending = c.sendTransitions(makeBatch(12, 2)).then(() => (seventh = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(seventh).toBe(false);
    expect(logger.lines.some((l) => l.includes('pausing: 6 unacked batches fill the bounds'))).toBe(true);
    const b = await learner({ port: a.port });
    await sending;
    await c.flush(8000);
    expect(storedIds(b.stored)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect({ sent: c.transitionsSent, acked: c.transitionsAcked, spilled: c.spilledBytes }).toEqual({ sent: 14, acked: 14, spilled: 0 });
    expect(readdirSync(spillDir)).toEqual([]);
    await c.close();
    expect(existsSync(spillDir)).toBe(false);
  });

  it('flush rejects with what is left after its timeout', async () => {
    const { url } = await learner({ onTransitions: () => never });
    const c = client(url, { ackTimeoutMs: 5000 });
    await c.connect();
    await c.sendTransitions(makeBatch(0, 1));
    await expect(c.flush(150)).rejects.toThrow(/flush timed out after 150 ms: 1 batches and 0 stats unacked/);
  });

  it('connect rejects when no learner answers in time', async () => {
    const { server, port } = await startLearner();
    await server.close();
    const c = client(`http://127.0.0.1:${port}`, { connectTimeoutMs: 300 });
    await expect(c.connect()).rejects.toThrow(/no learner accepted this actor at .* within 0.3 s/);
  });
});
