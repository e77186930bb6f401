#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configFromArgv, refuseOverwrite } from '@rlpd/cli';
import { withHistoryAxis, writeTransitionsPickle } from '@rlpd/replay-buffer';
import { recordDemosConfigSchema } from './config.js';
import { recordDemos } from './record.js';

const config = configFromArgv(
  recordDemosConfigSchema,
  process.argv.slice(2),
  {
    command: 'npm run -s record-demos --',
    summary:
      "Records successful demonstration episodes and writes them as a hil-serl pickle that Python's pickle.load (with numpy) reads. Prints one JSON summary line.",
  },
  (c) => refuseOverwrite('out', c.out, c.force),
);
const out = resolve(config.out);
try {
  const result = await recordDemos(config);
  mkdirSync(dirname(out), { recursive: true });
  // hil-serl's layout: a leading history axis of 1, (1, D) states and (1, H, W, 3) images.
  await writeTransitionsPickle(out, result.transitions, { observationSpace: withHistoryAxis(result.observationSpace) });
  const labelled: Record<string, unknown> = {};
  for (const [flag, path, frames] of [
    ['successFrames', config.successOut, result.successes],
    ['failureFrames', config.failureOut, result.failures],
  ] as const) {
    if (path === '') continue;
    const file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
    await writeTransitionsPickle(file, frames, { observationSpace: withHistoryAxis(result.observationSpace) });
    labelled[flag] = { out: file, transitions: frames.length };
  }
  process.stdout.write(
    `${JSON.stringify({ out, episodes: result.episodes, attempts: result.attempts, transitions: result.transitions.length, ...labelled })}\n`,
  );
} catch (error) {
  process.stderr.write(`record-demos: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
