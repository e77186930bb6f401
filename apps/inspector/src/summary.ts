import { basename } from 'node:path';
import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { readTransitionsPickle, summarizeTransitions } from '@rlpd/replay-buffer';
import { z } from 'zod';

const summarySchema = z.object({
  json: z.boolean().default(false).describe('Print one JSON object instead of a table.'),
});

/** `inspect summary FILE.pkl [--json]`. */
export async function runSummary(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(summarySchema, argv, {
    command: 'npm run -s inspect -- summary',
    summary: 'Summarises a hil-serl demo or buffer pickle.',
    positionals: ['FILE.pkl'],
  });
  if (positionals.length !== 1) throw new Error(`expected exactly one FILE.pkl, got ${positionals.length}`);
  const file = positionals[0];
  const summary = { file, ...summarizeTransitions(await readTransitionsPickle(file)) };
  if (config.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const rows: [string, string][] = [
    ['file', basename(file)],
    ['transitions', String(summary.transitions)],
    ['episodes', String(summary.episodes)],
    ['successes', String(summary.successes)],
    ['interventions', String(summary.interventions)],
    ...Object.entries(summary.fields).map(([name, f]): [string, string] => [name, `${f.dtype} [${f.shape.join(', ')}]`]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}
