import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Flags } from './grid-schema.js';
import { parseGrid } from './grid-schema.js';
import { canonicalJson, flagsToArgs, planStudy, type ResolveFlags } from './plan.js';
import { createStartResolver } from './resolve-start-flags.js';

const root = join(import.meta.dirname, '../../..');
const gridFile = (name: string) => {
  const path = join(import.meta.dirname, '..', 'grids', `${name}.json`);
  return parseGrid(readFileSync(path, 'utf8'), path);
};
/** A stand-in for npm start's resolution: two flags with defaults. */
const fakeResolve: ResolveFlags = async (flags: Flags) => ({
  pretrainSteps: 0,
  intervener: 'none',
  seed: 42,
  runsDir: 'runs',
  ...Object.fromEntries(Object.entries(flags).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v])),
});
const grid = (arms: { name: string; flags: Flags }[], extra: object = {}) =>
  parseGrid(JSON.stringify({ study: 's', envSteps: 100, seeds: [1, 2], evalEvery: 50, arms, ...extra }), 'g.json');

describe('planStudy', () => {
  it('plans arms x seeds, seed-major, with ids <arm>-s<seed>-<hash8>', async () => {
    const plan = await planStudy(
      grid([
        { name: 'a', flags: {} },
        { name: 'b', flags: { 'pretrain-steps': 5 } },
      ]),
      {},
      fakeResolve,
      'g.json',
    );
    expect(plan.runs.map((r) => `${r.arm}/${r.seed}`)).toEqual(['a/1', 'b/1', 'a/2', 'b/2']);
    for (const run of plan.runs) expect(run.id).toBe(`${run.arm}-s${run.seed}-${run.hash.slice(0, 8)}`);
    expect(new Set(plan.runs.map((r) => r.hash)).size).toBe(4);
    expect(plan.varyingFlags).toEqual(['pretrainSteps']);
  });

  it('gives the same hash to the same run whatever the arm name, study or spelling of a default (per-run keys excluded)', async () => {
    const one = await planStudy(grid([{ name: 'none', flags: {} }]), {}, fakeResolve, 'g.json');
    const two = await planStudy(grid([{ name: 'p0', flags: { 'pretrain-steps': 0 } }], { study: 'other', description: 'x' }), {}, fakeResolve, 'g.json');
    expect(two.runs.map((r) => r.hash)).toEqual(one.runs.map((r) => r.hash));
    expect(one.runs[0].resolved).not.toHaveProperty('seed');
    expect(one.runs[0].resolved).not.toHaveProperty('runsDir');
  });

  it('changes the hash with env steps, seed, the evaluation settings and any flag', async () => {
    const base = (await planStudy(grid([{ name: 'a', flags: {} }]), {}, fakeResolve, 'g.json')).runs[0].hash;
    const variants = [
      await planStudy(grid([{ name: 'a', flags: {} }]), { envSteps: 101 }, fakeResolve, 'g.json'),
      await planStudy(grid([{ name: 'a', flags: {} }]), { seeds: [3] }, fakeResolve, 'g.json'),
      await planStudy(grid([{ name: 'a', flags: {} }], { evalEvery: 25 }), {}, fakeResolve, 'g.json'),
      await planStudy(grid([{ name: 'a', flags: {} }], { evalEpisodes: 5 }), {}, fakeResolve, 'g.json'),
      await planStudy(grid([{ name: 'a', flags: {} }], { evalSeed: 7 }), {}, fakeResolve, 'g.json'),
      await planStudy(grid([{ name: 'a', flags: { intervener: 'oracle' } }]), {}, fakeResolve, 'g.json'),
    ];
    for (const plan of variants) expect(plan.runs[0].hash).not.toBe(base);
  });

  it('names the arm when npm start rejects its flags', async () => {
    const reject: ResolveFlags = async () => {
      throw new Error('npm start --: --pretrain-steps: Expected number');
    };
    await expect(planStudy(grid([{ name: 'a', flags: { 'pretrain-steps': 'x' } }]), {}, reject, 'g.json')).rejects.toThrow(
      /^g\.json: arms\[0\] \(a\): base \+ arm flags are not valid npm start flags: npm start --: --pretrain-steps: Expected number$/,
    );
  });

  it("shares runs between the committed studies through npm start's own resolution (needs tools/start built)", async () => {
    const resolve = createStartResolver(root);
    const [warmup, timing, routing] = await Promise.all(['warmup', 'timing', 'routing'].map((name) => planStudy(gridFile(name), {}, resolve, name)));
    const hashes = (plan: typeof warmup, arm: string) => plan.runs.filter((r) => r.arm === arm).map((r) => r.hash);
    expect(warmup.runs).toHaveLength(20);
    expect(timing.runs).toHaveLength(25);
    expect(routing.runs).toHaveLength(10);
    expect(hashes(timing, 'none')).toEqual(hashes(warmup, 'pretrain-0'));
    expect(hashes(routing, 'demo-and-online')).toEqual(hashes(timing, 'oracle-from-0'));
    expect(new Set([...warmup.runs, ...timing.runs, ...routing.runs].map((r) => r.hash)).size).toBe(20 + 20 + 5);
    expect(warmup.varyingFlags).toEqual(['pretrainSteps']);
    expect(routing.varyingFlags).toEqual(['interventionBuffers']);
  }, 60_000); // 11 npm start processes, on a loaded machine

  it("rejects a flag npm start does not know, with npm start's message", async () => {
    await expect(planStudy(grid([{ name: 'a', flags: { 'pretrain-stpes': 1 } }]), {}, createStartResolver(root), 'g.json')).rejects.toThrow(
      /^g\.json: arms\[0\] \(a\): .*pretrain-stpes/,
    );
  }, 30_000);
});

describe('flagsToArgs and canonicalJson', () => {
  it('spells flags as npm start reads them', () => {
    expect(flagsToArgs({ 'pretrain-steps': 3, tensorboard: false, verbose: true, 'agent-observation-keys': ['a', 'b'] })).toEqual([
      '--pretrain-steps',
      '3',
      '--no-tensorboard',
      '--verbose',
      '--agent-observation-keys',
      'a',
      '--agent-observation-keys',
      'b',
    ]);
  });
  it('sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
