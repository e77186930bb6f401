import { basename } from 'node:path';
import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { summarizeTransitionsPickle } from '@rlpd/replay-buffer';
import { z } from 'zod';

const summarySchema = z.object({
  json: z.boolean().default(false).describe('Print one JSON object instead of a table.'),
});

/** `inspect summary FILE.pkl [--json]`: streams the file, so any size works. */
export async function runSummary(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(summarySchema, argv, {
    command: 'npm run -s inspect -- summary',
    summary:
      "Summarises a hil-serl demo or buffer pickle: transitions, episodes (by dones), successes (docs/CONTRACTS.md: a step with infos.succeed true or, where no step records succeed, a last reward > 0), interventions (steps whose infos hold intervene_action), episode lengths and returns, and each field's stored shape and dtype.",
    positionals: ['FILE.pkl'],
  });
  if (positionals.length !== 1) throw new Error(`expected exactly one FILE.pkl, got ${positionals.length}`);
  const summary = await summarizeTransitionsPickle(positionals[0]);
  if (config.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const rows: [string, string][] = [
    ['file', basename(summary.file)],
    ['transitions', String(summary.transitions)],
    ['episodes', String(summary.episodes)],
    ['successes', String(summary.successes)],
    ['interventions', `${summary.interventions} steps`],
    ['episode length', spread(summary.episodeLengths, 0)],
    ['episode return', spread(summary.episodeReturns, 2)],
    ...Object.entries(summary.fields).map(([name, f]): [string, string] => [name, `${f.dtype} [${f.shape.join(', ')}]`]),
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}

/** `min / mean / max` of per-episode values, or `-` without ended episodes. */
function spread(values: readonly number[], digits: number): string {
  if (values.length === 0) return '-';
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  return `min ${min.toFixed(digits)}  mean ${mean.toFixed(Math.max(digits, 1))}  max ${max.toFixed(digits)}`;
}
