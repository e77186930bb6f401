import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { box, type EnvSpec, type Transition } from '@rlpd/spaces';
import { ActorClient, decodeTransitions, encodeTransitions, JournalWriter, LearnerServer, quietLogger } from '@rlpd/transport';
import { benchParamsBroadcast } from './bench-params-broadcast.js';
import { timeIt } from './time-it.js';

/** pick-cube-vision's layout: a 7-number state and two 128x128 RGB cameras. */
const VISION_SPEC: EnvSpec = {
  name: 'pick-cube-vision',
  observationSpace: { state: box([7], -10, 10), front: box([128, 128, 3], 0, 255, 'uint8'), wrist: box([128, 128, 3], 0, 255, 'uint8') },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};
/** pick-cube's layout: a 10-number state. */
const STATE_SPEC: EnvSpec = {
  name: 'pick-cube',
  observationSpace: { state: box([10], -5, 5) },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};
/** The actor's default --send-every. */
const PER_MESSAGE = 10;

function transitions(spec: EnvSpec, count: number): Transition[] {
  let x = 12345;
  const random = (): number => (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const observation = (i: number): Record<string, Float32Array | Uint8Array> => {
    const out: Record<string, Float32Array | Uint8Array> = {};
    for (const [key, space] of Object.entries(spec.observationSpace)) {
      const size = space.shape.reduce((a, b) => a * b, 1);
      out[key] =
        space.dtype === 'uint8' ? Uint8Array.from({ length: size }, random) : Float32Array.from({ length: size }, (_, k) => (k === 0 ? i : random() / 255));
    }
    return out;
  };
  let obs = observation(0);
  return Array.from({ length: count }, (_, i) => {
    const next = observation(i + 1);
    const t: Transition = {
      observations: obs,
      actions: Float32Array.of(0.1, -0.1, 0, 1),
      nextObservations: next,
      rewards: 0,
      masks: 1,
      dones: false,
      intervened: false,
    };
    obs = next;
    return t;
  });
}

/**
 * Transitions/s and MB/s from one actor to the learner over localhost through a real
 * LearnerServer and ActorClient (socket.io, acks, decode). With `journal`, the learner stores
 * as it does in a run: each batch is appended to a journal and acked after its fsync (group
 * commit), in a temp folder on this machine's disk.
 */
async function throughput(spec: EnvSpec, sent: number, journal: boolean): Promise<{ transitionsPerSecond: number; megabytesPerSecond: number }> {
  const batch = transitions(spec, PER_MESSAGE);
  const payloadBytes = encodeTransitions(batch, spec).byteLength;
  const dir = mkdtempSync(join(tmpdir(), 'rlpd-bench-journal-'));
  const writer = journal ? JournalWriter.open(join(dir, 'bench.journal'), 0) : null;
  let received = 0;
  const server = new LearnerServer({
    port: 0,
    token: 'bench',
    envSpec: spec,
    logger: quietLogger,
    onTransitions: (actorId, ts, seq, b) => {
      received += ts.length;
      return writer?.append({ actorId, sessionId: b.sessionId, seq, payload: b.payload });
    },
    onStats: () => undefined,
  });
  const port = await server.start();
  const client = new ActorClient({
    url: `http://127.0.0.1:${port}`,
    token: 'bench',
    actorId: 'bench',
    envSpec: spec,
    configHash: 'bench',
    logger: quietLogger,
    ackTimeoutMs: 60_000,
    maxUnackedBatches: 64,
    spillDir: null,
  });
  try {
    await client.connect();
    await client.sendTransitions(batch); // warm-up
    await client.flush(60_000);
    const started = performance.now();
    for (let n = 0; n < sent; n += PER_MESSAGE) await client.sendTransitions(batch);
    await client.flush(120_000);
    const seconds = (performance.now() - started) / 1000;
    if (received !== sent + PER_MESSAGE) throw new Error(`bench transport: the learner stored ${received} transitions, expected ${sent + PER_MESSAGE}`);
    return { transitionsPerSecond: sent / seconds, megabytesPerSecond: ((sent / PER_MESSAGE) * payloadBytes) / seconds / 1e6 };
  } finally {
    await client.close();
    await server.close();
    await writer?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The link learner-ward and back: encode/decode of one actor message (10 transitions), the
 * rate through the socket for state-only and two-camera transitions, without and with the
 * learner's journal (fsync per batch), against a memcpy of the same bytes measured in the same
 * run; then the latency of broadcasting a 1M-parameter policy.
 */
export async function benchTransport(): Promise<Record<string, unknown>> {
  const batch = transitions(VISION_SPEC, PER_MESSAGE);
  const payload = encodeTransitions(batch, VISION_SPEC);
  const encodeMs = timeIt(() => encodeTransitions(batch, VISION_SPEC), 3, 30);
  const decodeMs = timeIt(() => decodeTransitions(payload, VISION_SPEC), 3, 30);
  const copyTarget = new Uint8Array(payload.byteLength);
  const memcpyMs = timeIt(() => copyTarget.set(payload), 3, 30);
  const stateBytes = encodeTransitions(transitions(STATE_SPEC, PER_MESSAGE), STATE_SPEC).byteLength;
  return {
    benchmark: 'transport',
    transitionsPerMessage: PER_MESSAGE,
    stateOnly: {
      spec: 'pick-cube layout: state [10]',
      bytesPerTransition: stateBytes / PER_MESSAGE,
      socket: await throughput(STATE_SPEC, 20_000, false),
      socketAndJournal: await throughput(STATE_SPEC, 20_000, true),
    },
    twoCameras: {
      spec: 'pick-cube-vision layout: state [7], front and wrist uint8 [128, 128, 3]',
      bytesPerTransition: payload.byteLength / PER_MESSAGE,
      encodeMsPerMessage: encodeMs,
      decodeMsPerMessage: decodeMs,
      socket: await throughput(VISION_SPEC, 1000, false),
      socketAndJournal: await throughput(VISION_SPEC, 1000, true),
      targetMegabytesPerSecond: 200,
    },
    paramsBroadcast: await benchParamsBroadcast(),
    reference: { memcpyMsPerMessage: memcpyMs },
  };
}
