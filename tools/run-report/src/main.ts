#!/usr/bin/env node
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { z } from 'zod';
import { parseRunMetrics } from './run-metrics.js';
import { reportRun, type RunReport } from './run-report.js';
import { formatReportTable } from './format-report.js';

const schema = z.object({
  json: z.boolean().default(false).describe('Print one JSON object per run instead of a table.'),
  threshold: z.number().min(0).max(1).default(0.8).describe('Success rate over the last --window episodes that counts as learned.'),
  window: z.number().int().min(1).default(20).describe('Episodes the success rate is taken over (npm start shows the last 20).'),
  interval: z.number().int().min(1).default(2000).describe('Env steps per interval in the success-per-interval columns.'),
});

const command = 'npm run -s run-report --';
const { config, positionals } = configAndPositionalsFromArgv(schema, process.argv.slice(2), {
  command,
  summary:
    'Reports when training runs learned, from their metrics.jsonl: first success, first time success over the last --window episodes reached --threshold (env steps, learner steps, seconds), success per --interval env steps, intervention rate.',
  positionals: ['RUN...'],
});
if (positionals.length === 0) {
  process.stderr.write(`${command}: name at least one run folder (holding metrics.jsonl) or metrics.jsonl file; --help for more\n`);
  process.exit(2);
}

const reports: { run: string; report: RunReport }[] = [];
try {
  for (const run of positionals) {
    const file = existsSync(run) && statSync(run).isDirectory() ? join(run, 'metrics.jsonl') : run;
    if (!existsSync(file)) throw new Error(`${file}: no such file (expected a run folder holding metrics.jsonl, or the file itself)`);
    const metrics = parseRunMetrics(readFileSync(file, 'utf8'), file);
    if (metrics.truncatedLastLine) process.stderr.write(`${file}: the last line is cut off (the run was killed while writing it); it is ignored\n`);
    reports.push({ run, report: reportRun(metrics, config, file) });
  }
} catch (err) {
  process.stderr.write(`run-report: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
if (config.json) for (const { run, report } of reports) process.stdout.write(`${JSON.stringify({ run, ...report })}\n`);
else process.stdout.write(`${formatReportTable(reports, config)}\n`);
