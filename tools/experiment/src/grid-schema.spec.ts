import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGrid } from './grid-schema.js';

const good = {
  study: 'warmup',
  envSteps: 4000,
  seeds: [1, 2],
  evalEvery: 500,
  arms: [
    { name: 'p0', flags: { 'pretrain-steps': 0 } },
    { name: 'p300', flags: { 'pretrain-steps': 300 } },
  ],
};
const parse = (value: unknown): ReturnType<typeof parseGrid> => parseGrid(JSON.stringify(value), 'g.json');

describe('parseGrid', () => {
  it('fills the documented defaults', () => {
    expect(parse(good)).toEqual({ ...good, description: '', evalEpisodes: 20, evalSeed: 1000, base: {} });
  });

  it('reads the committed grids', () => {
    for (const name of ['warmup', 'timing', 'routing']) {
      const path = join(import.meta.dirname, '..', 'grids', `${name}.json`);
      const grid = parseGrid(readFileSync(path, 'utf8'), path);
      expect(grid).toMatchObject({ study: name, envSteps: 4000, seeds: [1, 2, 3, 4, 5], evalEvery: 500, evalEpisodes: 20, evalSeed: 1000 });
    }
  });

  it.each([
    [{ ...good, envSteps: 0 }, /^g\.json: envSteps: Number must be greater than or equal to 1$/],
    [{ ...good, envSteps: '4000' }, /^g\.json: envSteps: Expected number, received string$/],
    [{ ...good, arms: [{ name: 'p0', flags: { 'pretrain-steps': 0 } }, { name: 'x y' }] }, /^g\.json: arms\[1\]\.name: expected letters/],
    [{ ...good, arms: [{ name: 'p0' }, { name: 'p0' }] }, /^g\.json: arms: arm names must be distinct$/],
    [{ ...good, seeds: [1, 1] }, /^g\.json: seeds: seeds must be distinct$/],
    [{ ...good, base: { seed: 3 } }, /^g\.json: base\.seed: 'seed' is set by the experiment/],
    [
      { ...good, arms: [{ name: 'p0', flags: { pretrainSteps: 3 } }] },
      /^g\.json: arms\[0\]\.flags\.pretrainSteps: expected an npm start flag name in kebab-case/,
    ],
    [{ ...good, arms: [{ name: 'p0', flags: { 'pretrain-steps': { n: 1 } } }] }, /^g\.json: arms\[0\]\.flags\.pretrain-steps: /],
    [{ ...good, evalEvry: 3 }, /^g\.json: \(top level\): Unrecognized key\(s\) in object: 'evalEvry'$/],
  ])('names the file and the key of a bad grid (%#)', (grid, message) => {
    expect(() => parse(grid)).toThrow(message);
  });

  it('names the file when it is not JSON', () => {
    expect(() => parseGrid('{ study: ', 'g.json')).toThrow(/^g\.json: not valid JSON/);
  });
});
