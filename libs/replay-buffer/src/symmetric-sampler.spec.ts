import { box, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { ReplayBuffer, SymmetricSampler } from './index.js';

const space = { state: box([2], -10, 10) };

function transition(reward: number): Transition {
  const obs = { state: Float32Array.of(reward, reward) };
  return { observations: obs, nextObservations: obs, actions: Float32Array.of(reward), rewards: reward, masks: 1, dones: false, intervened: false };
}

/** Online transitions have rewards 100..109, demo transitions 200..209. */
function buffers(): { online: ReplayBuffer; demo: ReplayBuffer } {
  const online = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 10 });
  const demo = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 10 });
  for (let i = 0; i < 10; i++) {
    online.insert(transition(100 + i));
    demo.insert(transition(200 + i));
  }
  return { online, demo };
}

describe('SymmetricSampler', () => {
  it('fills the first half from the online buffer and the second from the demo buffer', () => {
    const sampler = new SymmetricSampler({ ...buffers(), batchSize: 8, seed: 0 });
    const batch = sampler.next();
    const rewards = Array.from(batch.rewards);
    expect(rewards.slice(0, 4).every((r) => r >= 100 && r < 110)).toBe(true);
    expect(rewards.slice(4).every((r) => r >= 200 && r < 210)).toBe(true);
    expect(Array.from(batch.observations.state.subarray(0, 2))).toEqual([rewards[0], rewards[0]]);
  });

  it('gives the online half floor(batchSize / 2) rows when batchSize is odd', () => {
    const sampler = new SymmetricSampler({ ...buffers(), batchSize: 5, seed: 1 });
    expect(sampler.onlineRows).toBe(2);
    const rewards = Array.from(sampler.next().rewards);
    expect(rewards.map((r) => (r < 200 ? 'online' : 'demo'))).toEqual(['online', 'online', 'demo', 'demo', 'demo']);
  });

  it('fills a whole batch from the demo buffer for demo-only training', () => {
    const sampler = new SymmetricSampler({ ...buffers(), batchSize: 6, seed: 2 });
    expect(Array.from(sampler.nextDemoOnly().rewards).every((r) => r >= 200)).toBe(true);
  });

  it('is reproducible from a seed or a saved RNG state', () => {
    const a = new SymmetricSampler({ ...buffers(), batchSize: 6, seed: 9 });
    const b = new SymmetricSampler({ ...buffers(), batchSize: 6, seed: 9 });
    expect(Array.from(a.next().rewards)).toEqual(Array.from(b.next().rewards));
    const state = a.getRngState();
    const ahead = Array.from(a.next().rewards);
    a.setRngState(state);
    expect(Array.from(a.next().rewards)).toEqual(ahead);
  });

  it('double-buffers: a batch survives the next call and is reused on the one after', () => {
    const sampler = new SymmetricSampler({ ...buffers(), batchSize: 4, seed: 3 });
    const first = sampler.next();
    const kept = Array.from(first.rewards);
    const second = sampler.next();
    expect(second).not.toBe(first);
    expect(Array.from(first.rewards)).toEqual(kept);
    expect(sampler.next()).toBe(first);
  });

  it('throws a clear error when a buffer is empty or layouts differ', () => {
    const { online } = buffers();
    const empty = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 4 });
    expect(() => new SymmetricSampler({ online, demo: empty, batchSize: 4, seed: 0 }).next()).toThrow('SymmetricSampler: the demo buffer is empty');
    expect(() => new SymmetricSampler({ online: empty, demo: online, batchSize: 4, seed: 0 }).next()).toThrow('the online buffer is empty');
    const wide = new ReplayBuffer({ observationSpace: { state: box([3], -1, 1) }, actionDim: 1, capacity: 4 });
    expect(() => new SymmetricSampler({ online, demo: wide, batchSize: 4, seed: 0 })).toThrow(
      "online and demo buffers differ: observation 'state' differs: float32[2] vs float32[3]",
    );
  });
});
