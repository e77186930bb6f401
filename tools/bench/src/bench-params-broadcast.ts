import { box, type EnvSpec } from '@rlpd/spaces';
import { ActorClient, LearnerServer, quietLogger } from '@rlpd/transport';

const SPEC: EnvSpec = { name: 'pick-cube', observationSpace: { state: box([10], -5, 5) }, actionSpace: box([4], -1, 1), maxEpisodeSteps: 100, controlHz: 10 };
const PARAMETERS = 1_000_000;
const ROUNDS = 30;

/**
 * Latency from `publishParams` on the learner to the actor's `onParams` callback for a
 * 1M-parameter float32 network (4 MB), over localhost: p50 and p90 of 30 broadcasts, one at a
 * time (the next is published once the previous arrived).
 */
export async function benchParamsBroadcast(): Promise<Record<string, unknown>> {
  const bytes = new Uint8Array(PARAMETERS * 4).fill(3);
  const server = new LearnerServer({ port: 0, token: 'bench', envSpec: SPEC, logger: quietLogger, onTransitions: () => undefined });
  const port = await server.start();
  const client = new ActorClient({
    url: `http://127.0.0.1:${port}`,
    token: 'bench',
    actorId: 'bench',
    envSpec: SPEC,
    configHash: 'bench',
    logger: quietLogger,
    spillDir: null,
  });
  let arrived: (version: number) => void = () => undefined;
  client.onParams(({ version, bytes: received }) => {
    if (received.byteLength !== bytes.byteLength) throw new Error(`bench params: received ${received.byteLength} bytes, sent ${bytes.byteLength}`);
    arrived(version);
  });
  try {
    await client.connect();
    const latencies: number[] = [];
    for (let version = 1; version <= ROUNDS + 3; version++) {
      const started = performance.now();
      const got = new Promise<number>((resolve) => (arrived = resolve));
      server.publishParams(version, version, bytes);
      if ((await got) !== version) throw new Error(`bench params: version ${version} did not arrive in order`);
      if (version > 3) latencies.push(performance.now() - started); // 3 warm-up rounds
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // the last ack travels before close
    latencies.sort((a, b) => a - b);
    return {
      parameters: PARAMETERS,
      bytes: bytes.byteLength,
      rounds: ROUNDS,
      p50Ms: latencies[Math.floor(ROUNDS * 0.5)],
      p90Ms: latencies[Math.floor(ROUNDS * 0.9)],
      targetP50Ms: 50,
    };
  } finally {
    await client.close();
    await server.close();
  }
}
