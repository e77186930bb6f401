#!/usr/bin/env node
import { runMerge } from './merge.js';
import { runServe } from './serve.js';
import { runSummary } from './summary.js';

const commands = {
  summary: 'summary FILE.pkl [--json]: counts, episodes, successes, interventions and per-field shapes/dtypes of a demo or buffer pickle.',
  merge: 'merge A.pkl [B.pkl ...] --out C.pkl [--successful-only]: concatenate demo pickles.',
  serve: 'serve [FILE.pkl ...] [--run RUN_DIR ...] [--port P] [--host H]: a local page replaying pickles frame by frame and charting training runs live.',
} as const;
const usage = `Usage: npm run -s inspect -- <command> ...\n\nCommands:\n${Object.values(commands)
  .map((c) => `  ${c}`)
  .join('\n')}\n\nRun a command with --help for its flags.`;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === '--help' || command === '-h') {
  process.stdout.write(`${usage}\n`);
  process.exit(command === undefined ? 2 : 0);
}
try {
  if (command === 'summary') {
    await runSummary(rest);
  } else if (command === 'merge') {
    await runMerge(rest);
  } else if (command === 'serve') {
    await runServe(rest);
  } else {
    process.stderr.write(`inspect: unknown command '${command}'; expected one of: ${Object.keys(commands).join(', ')}\n`);
    process.exit(2);
  }
} catch (error) {
  process.stderr.write(`inspect ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
