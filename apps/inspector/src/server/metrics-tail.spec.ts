import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMetricsChunk } from './metrics-tail.js';

const work = mkdtempSync(join(tmpdir(), 'rlpd-metrics-tail-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('readMetricsChunk', () => {
  it('returns each complete line once, leaves a line being written for the next poll, and names bad lines', () => {
    const run = join(work, 'run');
    expect(readMetricsChunk(run, 0)).toEqual({ records: [], next: 0, missing: true, problems: [] });
    const path = join(run, 'metrics.jsonl');
    mkdirSync(run);
    writeFileSync(path, '{"wallTime":1,"step":10,"critic/critic_loss":0.5}\n{"wallTime":2,"st');
    const first = readMetricsChunk(run, 0);
    expect(first.records).toEqual([{ wallTime: 1, step: 10, 'critic/critic_loss': 0.5 }]);
    expect(readMetricsChunk(run, first.next).records).toEqual([]);
    appendFileSync(path, 'ep":20}\n[1,2]\nnot json\n');
    const second = readMetricsChunk(run, first.next);
    expect(second.records).toEqual([{ wallTime: 2, step: 20 }]);
    expect(second.problems).toEqual([
      `${path}: line 3: expected a flat JSON object of numbers, strings and booleans, got [1,2]`,
      expect.stringMatching(new RegExp(`^${path}: line 4: not JSON`)),
    ]);
    expect(() => readMetricsChunk(run, 10_000)).toThrow(`${path}: asked from byte 10000`);
  });
});
