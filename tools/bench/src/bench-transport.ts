import { box, type EnvSpec, type Transition } from '@rlpd/spaces';
import { ActorClient, decodeTransitions, encodeTransitions, LearnerServer, quietLogger } from '@rlpd/transport';
import { timeIt } from './time-it.js';

/** pick-cube-vision's layout: a 7-number state and two 128x128 RGB cameras. */
const VISION_SPEC: EnvSpec = {
  name: 'pick-cube-vision',
  observationSpace: { state: box([7], -10, 10), front: box([128, 128, 3], 0, 255, 'uint8'), wrist: box([128, 128, 3], 0, 255, 'uint8') },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};
/** The actor's default --send-every. */
const PER_MESSAGE = 10;
const SENT = 1000;

function transitions(count: number): Transition[] {
  let x = 12345;
  const frame = (): Uint8Array => Uint8Array.from({ length: 128 * 128 * 3 }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
  let obs = { state: new Float32Array(7), front: frame(), wrist: frame() };
  return Array.from({ length: count }, (_, i) => {
    const next = { state: Float32Array.of(i, 0, 0, 0, 0, 0, 1), front: frame(), wrist: frame() };
    const t: Transition = { observations: obs, actions: Float32Array.of(0.1, -0.1, 0, 1), nextObservations: next, rewards: 0, masks: 1, dones: false, intervened: false };
    obs = next;
    return t;
  });
}

/**
 * Two-camera transitions learner-ward: encode and decode of one actor message (10
 * transitions, ~2 MB) and the rate through a real LearnerServer and ActorClient on localhost
 * (socket.io, acks, decode), against a memcpy of the same bytes measured in the same run.
 * The vision env steps at ~100/s at best, so the transport must carry well above that.
 */
export async function benchTransport(): Promise<Record<string, unknown>> {
  const batch = transitions(PER_MESSAGE);
  const payload = encodeTransitions(batch, VISION_SPEC);
  const encodeMs = timeIt(() => encodeTransitions(batch, VISION_SPEC), 3, 30);
  const decodeMs = timeIt(() => decodeTransitions(payload, VISION_SPEC), 3, 30);
  const copyTarget = new Uint8Array(payload.byteLength);
  const memcpyMs = timeIt(() => copyTarget.set(payload), 3, 30);

  let received = 0;
  const server = new LearnerServer({ port: 0, token: 'bench', envSpec: VISION_SPEC, logger: quietLogger, onTransitions: (_id, ts) => void (received += ts.length), onStats: () => undefined });
  const port = await server.start();
  const client = new ActorClient({ url: `http://127.0.0.1:${port}`, token: 'bench', actorId: 'bench', envSpec: VISION_SPEC, configHash: 'bench', logger: quietLogger, ackTimeoutMs: 60_000 });
  try {
    await client.connect();
    await client.sendTransitions(batch); // warm-up
    await client.flush(60_000);
    const started = performance.now();
    for (let sent = 0; sent < SENT; sent += PER_MESSAGE) await client.sendTransitions(batch);
    await client.flush(60_000);
    const seconds = (performance.now() - started) / 1000;
    if (received !== SENT + PER_MESSAGE) throw new Error(`bench transport: the learner stored ${received} transitions, expected ${SENT + PER_MESSAGE}`);
    return {
      benchmark: 'transport',
      spec: 'pick-cube-vision layout: state [7], front and wrist uint8 [128, 128, 3]',
      transitionsPerMessage: PER_MESSAGE,
      bytesPerTransition: payload.byteLength / PER_MESSAGE,
      encodeMsPerMessage: encodeMs,
      decodeMsPerMessage: decodeMs,
      transitionsPerSecondThroughSocket: SENT / seconds,
      megabytesPerSecondThroughSocket: (SENT / PER_MESSAGE) * payload.byteLength / seconds / 1e6,
      reference: { memcpyMsPerMessage: memcpyMs },
    };
  } finally {
    await client.close();
    await server.close();
  }
}
