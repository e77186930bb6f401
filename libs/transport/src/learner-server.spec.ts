import { box } from '@rlpd/spaces';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { makeBatch, managedFixtures, someStats, spec, storedIds, TOKEN, waitFor } from './internal/fixtures.test.js';
import { encodeTransitions } from './protocol/transitions-codec.js';
import { PROTOCOL_VERSION } from './protocol/version.js';

const { learner, client, onCleanup } = managedFixtures();
/** A raw, untyped socket for sending what a well-behaved client never would. */
async function rawSocket(url: string): Promise<Socket> {
  const s = io(url, { transports: ['websocket'], reconnection: false });
  onCleanup(async () => {
    s.disconnect();
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', resolve);
    s.once('connect_error', reject);
  });
  return s;
}
const hello = (actorId = 'raw') => ({ protocolVersion: PROTOCOL_VERSION, actorId, sessionId: 's1', token: TOKEN, envSpec: spec, configHash: 'x' });

describe('LearnerServer', () => {
  it('refuses a wrong token with a reason before any data flows', async () => {
    const { url, server } = await learner();
    const c = client(url, { token: 'nope' });
    await expect(c.connect()).rejects.toThrow(/learner refused actor 'actor-0': wrong token/);
    await expect(c.sendTransitions(makeBatch(0, 1))).rejects.toThrow(/wrong token/);
    expect(server.status().actors).toEqual([]);
  });

  it('refuses an env spec that differs from the learner', async () => {
    const { url } = await learner();
    const c = client(url, { envSpec: { ...spec, actionSpace: box([7], -1, 1) } });
    await expect(c.connect()).rejects.toThrow(/env spec differs from the learner's: action space differs: expected float32\[2\], got float32\[7\]/);
    const camera = client(url, {
      actorId: 'actor-1',
      envSpec: { ...spec, observationSpace: { ...spec.observationSpace, wrist: box([4, 1, 3], 0, 255, 'uint8') } },
    });
    await expect(camera.connect()).rejects.toThrow("env spec differs from the learner's: observation 'wrist' differs: expected uint8[2,2,3], got uint8[4,1,3]");
  });

  it('stores transitions in seq order and acks them with the learner step', async () => {
    const { url, server, stored } = await learner();
    server.setLearnerStep(42);
    const c = client(url);
    await c.connect();
    expect(await c.sendTransitions(makeBatch(0, 3))).toBe(1);
    expect(await c.sendTransitions(makeBatch(3, 2))).toBe(2);
    await c.flush(3000);
    expect(stored.map((b) => b.seq)).toEqual([1, 2]);
    expect(storedIds(stored)).toEqual([0, 1, 2, 3, 4]);
    expect(c.unackedBatches).toBe(0);
    expect(c.learnerStep).toBe(42);
  });

  it('delivers the latest params at connect, then newer ones', async () => {
    const { url, server } = await learner();
    server.publishParams(1, 10, new Uint8Array([1]));
    server.publishParams(2, 20, new Uint8Array([2, 2]));
    expect(() => server.publishParams(2, 30, new Uint8Array())).toThrow(/must be above the last published 2/);
    const c = client(url);
    const seen: number[] = [];
    c.onParams((p) => seen.push(p.version));
    await c.connect();
    await waitFor('params v2', () => seen.includes(2));
    server.publishParams(3, 30, new Uint8Array([3, 3, 3]));
    server.publishParams(4, 40, new Uint8Array([4]));
    await waitFor('params v4', () => seen.includes(4));
    expect(seen[0]).toBe(2); // never v1: only the newest matters
    expect(c.learnerStep).toBe(40);
    const late: number[] = [];
    c.onParams((p) => late.push(p.version)); // a late subscriber gets the latest at once
    expect(late).toEqual([4]);
  });

  it('delivers episode stats once each', async () => {
    const { url, stats, server } = await learner();
    const c = client(url);
    await c.connect();
    c.sendStats(someStats);
    c.sendStats({ ...someStats, return: 2 });
    await c.flush(3000);
    expect(stats.map((s) => s.return)).toEqual([1.5, 2]);
    expect(() => c.sendStats({ ...someStats, length: -1 })).toThrow();
    expect((server.status().actors as { episodes: number }[])[0].episodes).toBe(2);
  });

  it('answers GET /status with JSON and 404 elsewhere', async () => {
    const { url, server } = await learner({ status: () => ({ phase: 'learning', bufferSize: 7 }) });
    server.setLearnerStep(5);
    const c = client(url, { actorId: 'a1' });
    await c.connect();
    await c.sendTransitions(makeBatch(0, 2));
    await c.flush(3000);
    c.sendProgress({ actorStep: 99, episodes: 3 });
    await waitFor('progress', () => JSON.stringify(server.status()).includes('"actorStep":99'));
    const res = await fetch(`${url}/status`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ learnerStep: 5, paramsVersion: null, totalTransitions: 2, phase: 'learning', bufferSize: 7 });
    expect(body.actors).toEqual([
      expect.objectContaining({ id: 'a1', connected: true, lastDurableSeq: 1, transitionsReceived: 2, duplicatesDropped: 0, episodes: 0, actorStep: 99 }),
    ]);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });

  it('serves two actors at once, each with its own seqs', async () => {
    const { url, stored, server } = await learner();
    const a = client(url, { actorId: 'a' });
    const b = client(url, { actorId: 'b' });
    await Promise.all([a.connect(), b.connect()]);
    await Promise.all([a.sendTransitions(makeBatch(0, 1)), b.sendTransitions(makeBatch(100, 1)), a.sendTransitions(makeBatch(1, 1))]);
    await Promise.all([a.flush(3000), b.flush(3000)]);
    expect(stored.filter((s) => s.actorId === 'a').map((s) => s.seq)).toEqual([1, 2]);
    expect(stored.filter((s) => s.actorId === 'b').map((s) => s.ids)).toEqual([[100]]);
    expect(Object.keys(server.cursors()).sort()).toEqual(['a', 'b']);
  });

  it('refuses malformed, unauthenticated, oversize and out-of-order messages without crashing', async () => {
    const { url, stored, logger, server } = await learner({ maxPayloadBytes: 4096 });
    const s = await rawSocket(url);
    const good = encodeTransitions(makeBatch(0, 1), spec);
    // Before hello: refused.
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: good })).toMatchObject({ ok: false, reason: /not authenticated/ });
    expect(await s.timeout(2000).emitWithAck('stats', { id: 1, stats: someStats })).toMatchObject({ ok: false, reason: /not authenticated/ });
    s.emit('transitions', { seq: 1, payload: good }); // no ack callback
    s.emit('bogus', 1, 2, 3);
    // Garbage hello and wrong protocol version on other sockets.
    const g = await rawSocket(url);
    expect(await g.timeout(2000).emitWithAck('hello', 'garbage')).toMatchObject({ ok: false, reason: /malformed hello/ });
    const v = await rawSocket(url);
    expect(await v.timeout(2000).emitWithAck('hello', { ...hello(), protocolVersion: 999 })).toMatchObject({ ok: false, reason: /protocol version 999/ });
    // Valid hello, then bad messages.
    expect(await s.timeout(2000).emitWithAck('hello', hello())).toMatchObject({ ok: true, lastSeq: null });
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 'one', payload: good })).toMatchObject({ ok: false, reason: /malformed transitions: seq/ });
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: [1, 2, 3] })).toMatchObject({ ok: false, reason: /expected binary data/ });
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: new Uint8Array(5000) })).toMatchObject({
      ok: false,
      reason: /above maxPayloadBytes 4096/,
    });
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: good.subarray(0, 30) })).toMatchObject({
      ok: false,
      reason: /malformed transitions payload/,
    });
    // An image of another shape (same number of bytes) is named with the shape found and expected.
    const reshaped = { ...spec, observationSpace: { ...spec.observationSpace, wrist: box([1, 4, 3], 0, 255, 'uint8') } };
    const wrongImage = encodeTransitions([{ ...makeBatch(0, 1)[0] }], reshaped);
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: wrongImage })).toMatchObject({
      ok: false,
      reason: "malformed transitions payload: transitions payload does not match the env spec: observation 'wrist' is uint8[1,4,3], expected uint8[2,2,3]",
    });
    expect(await s.timeout(2000).emitWithAck('stats', { id: 1, stats: { return: 'x' } })).toMatchObject({ ok: false, reason: /malformed stats/ });
    // In order: stored; duplicate: acked, not stored; gap: refused.
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: good })).toEqual({ ok: true, ackSeq: 1, learnerStep: 0, totalTransitions: 1 });
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 1, payload: good })).toEqual({ ok: true, ackSeq: 1, learnerStep: 0, totalTransitions: 1 });
    expect(await s.timeout(2000).emitWithAck('transitions', { seq: 3, payload: good })).toMatchObject({
      ok: false,
      ackSeq: 1,
      reason: /gap after 1; resend from 2/,
    });
    expect(await s.timeout(2000).emitWithAck('hello', hello())).toMatchObject({ ok: false, reason: /hello sent twice/ });
    expect(stored.map((b) => b.seq)).toEqual([1]);
    expect(server.status().actors).toEqual([expect.objectContaining({ id: 'raw', lastDurableSeq: 1, transitionsReceived: 1, duplicatesDropped: 1 })]);
    expect(logger.lines.some((l) => l.includes('ignoring unknown event'))).toBe(true);
    expect(logger.lines.some((l) => l.includes('transitions without ack callback'))).toBe(true);
    // Beyond socket.io's own frame limit the connection is cut, and the server lives on.
    const big = await rawSocket(url);
    await big.timeout(2000).emitWithAck('hello', hello('big'));
    const cut = new Promise<string>((resolve) => big.once('disconnect', resolve));
    big.emit('transitions', { seq: 1, payload: new Uint8Array(200_000) }, () => undefined);
    expect(await cut).toBe('transport close');
    const c = client(url, { actorId: 'after' });
    await c.connect();
    expect((await fetch(`${url}/status`)).status).toBe(200);
  });

  it('drops sockets that never say hello', async () => {
    const { url } = await learner({ helloTimeoutMs: 100 });
    const s = await rawSocket(url);
    const reason = await new Promise<string>((resolve) => s.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });
});
