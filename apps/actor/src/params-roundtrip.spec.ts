import { decodeSafetensors, encodeSafetensors, initBackend, Policy, SacAgent } from '@rlpd/sac-agent';
import { box, type EnvSpec } from '@rlpd/spaces';
import { ActorClient, LearnerServer } from '@rlpd/transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const spec: EnvSpec = { name: 'roundtrip', observationSpace: { state: box([10], -10, 10) }, actionSpace: box([4], -1, 1), maxEpisodeSteps: 10, controlHz: 10 };
const quiet = { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) };

describe('policy parameters from learner to actor', () => {
  let server: LearnerServer;
  let client: ActorClient;
  beforeAll(async () => {
    await initBackend('wasm', () => undefined);
    server = new LearnerServer({ port: 0, token: 't', envSpec: spec, logger: quiet, onTransitions: () => undefined, onStats: () => undefined });
    const port = await server.start();
    client = new ActorClient({ url: `http://127.0.0.1:${port}`, token: 't', actorId: 'a', envSpec: spec, configHash: 'h', logger: quiet });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("arrive over socket.io bit-identical, every version, and act like the learner's policy", async () => {
    const agents = [1, 2, 3].map((seed) => SacAgent.create({ observationDim: 10, actionDim: 4, config: { hiddenDims: [32, 32] }, seed }));
    const policy = Policy.create({ observationDim: 10, actionDim: 4, hiddenDims: [32, 32], seed: 9 });
    const received: number[] = [];
    client.onParams(({ version, bytes }) => {
      const tensors = decodeSafetensors(bytes).tensors;
      const sent = agents[version - 1].exportPolicy();
      for (const [name, t] of Object.entries(sent)) expect(Array.from(tensors[name].data), name).toEqual(Array.from(t.data));
      policy.loadParams(tensors);
      received.push(version);
    });
    await client.connect();
    const observation = Float32Array.from({ length: 10 }, (_, i) => (i - 5) / 10);
    for (let version = 1; version <= 3; version++) {
      server.publishParams(version, version * 50, encodeSafetensors(agents[version - 1].exportPolicy()));
      const deadline = Date.now() + 5000;
      while (!received.includes(version) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(received).toContain(version);
      expect(Array.from(policy.act(observation, true))).toEqual(Array.from(agents[version - 1].sampleActions(observation, true)));
    }
  }, 30_000);
});
