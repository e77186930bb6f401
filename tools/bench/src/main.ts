#!/usr/bin/env node
import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { z } from 'zod';
import { benchBuffer } from './bench-buffer.js';
import { benchEnv } from './bench-env.js';
import { benchPickle } from './bench-pickle.js';
import { benchRobot } from './bench-robot.js';
import { benchSac } from './bench-sac.js';
import { benchTransport } from './bench-transport.js';

const benchmarks: Record<string, () => Promise<Record<string, unknown>>> = {
  sac: benchSac,
  env: benchEnv,
  buffer: benchBuffer,
  pickle: benchPickle,
  transport: benchTransport,
  robot: benchRobot,
};
const { config, positionals } = configAndPositionalsFromArgv(
  z.object({ json: z.boolean().default(false).describe('Print one JSON object per benchmark (default: readable lines).') }),
  process.argv.slice(2),
  {
    command: 'npm run -s bench --',
    summary: `Runs benchmarks on the real code paths: ${Object.keys(benchmarks).join(', ')} (all when none is named).`,
    positionals: ['[NAME...]'],
  },
);
const names = positionals.length > 0 ? positionals : Object.keys(benchmarks);
for (const name of names) {
  const run = benchmarks[name];
  if (!run) {
    process.stderr.write(`bench: unknown benchmark '${name}'; known: ${Object.keys(benchmarks).join(', ')}\n`);
    process.exit(2);
  }
  const result = await run();
  process.stdout.write(config.json ? `${JSON.stringify(result)}\n` : `${name}: ${JSON.stringify(result, null, 2)}\n`);
}
