import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configAndPositionalsFromArgv, createLog } from '@rlpd/cli';
import { z } from 'zod';
import { InspectorServer } from './server/inspector-server.js';

const serveSchema = z.object({
  port: z.number().int().min(0).max(65535).default(5590).describe('Port of the page; 0 picks a free one.'),
  host: z
    .string()
    .default('127.0.0.1')
    .describe(
      'Address to listen on. The default keeps the page on this machine; 0.0.0.0 shares it with the network (anyone who reaches it can read the files).',
    ),
  run: z.array(z.string()).default([]).describe('Learner run folder (holding metrics.jsonl) to chart; repeat to overlay runs.'),
});

/** `inspect serve FILE.pkl ... [--run DIR ...]`: a local page for demo pickles and training runs; runs until Ctrl-C. */
export async function runServe(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(serveSchema, argv, {
    command: 'npm run -s inspect -- serve',
    summary:
      'Serves a local page that replays demo/buffer pickles frame by frame (streamed: only the index and the shown frames are read) and charts training runs live from their metrics.jsonl.',
    positionals: ['FILE.pkl ...'],
  });
  if (positionals.length === 0 && config.run.length === 0) throw new Error('nothing to show: pass at least one FILE.pkl or --run RUN_DIR');
  const log = createLog('inspect');
  for (const run of config.run)
    if (!existsSync(join(run, 'metrics.jsonl'))) log.warn(`${join(run, 'metrics.jsonl')} does not exist yet: the page waits for the learner to write it`);
  const webDir = join(dirname(fileURLToPath(import.meta.url)), 'web');
  const server = new InspectorServer({ files: positionals, runs: config.run, webDir, log });
  const url = await server.start(config.port, config.host);
  process.stdout.write(`inspector: open ${url}\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await server.close();
}
