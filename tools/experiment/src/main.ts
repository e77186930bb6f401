#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { z } from 'zod';
import { demoNeeds, recordMissingDemos } from './demos.js';
import { parseGrid } from './grid-schema.js';
import { planStudy, runDir, type StudyPlan } from './plan.js';
import { ProgressView, formatDuration } from './progress.js';
import { writeStudyOutputs } from './report.js';
import { findResults } from './result-file.js';
import { createStartResolver } from './resolve-start-flags.js';
import { createRealExecute } from './run-one.js';
import { runGrid } from './scheduler.js';
import { StudyState } from './state.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const command = 'npm run -s experiment --';
const schema = z.object({
  parallel: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Runs at once (default: the grid's parallel, else the number of CPU cores). Each run is a learner and an actor, about one core."),
  envSteps: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Env steps per run, instead of the grid's envSteps (a different run identity: nothing is shared with the grid's own runs)."),
  seeds: z.array(z.number().int()).default([]).describe("Seeds to run, e.g. 1,2,3, instead of the grid's seeds (empty: the grid's)."),
  out: z
    .string()
    .default('experiments')
    .describe(
      'Output folder: runs in <out>/runs/<arm>-s<seed>-<hash8>/ (shared by all studies), study outputs in <out>/<study>/ (results.csv, plots, report.md, state.json).',
    ),
  retryFailed: z.boolean().default(false).describe('Run again the runs this study recorded as failed (otherwise they are skipped and listed).'),
});

const { config, positionals } = configAndPositionalsFromArgv(schema, process.argv.slice(2), {
  command,
  summary: [
    'Runs a study: a grid of npm start training runs (arms x seeds, on the embedded sim), as many at once as --parallel, then evaluates every checkpoint with the policy alone (deterministic, no intervener, evalEpisodes episodes from evalSeed) and writes <out>/<study>/results.csv, PNG plots and report.md.',
    'A run is identified by a hash of its env steps, seed, evaluation settings and every resolved npm start flag: a finished run (its result.json) is never run again, by this study or another that asks for the same run. An interrupted grid (Ctrl-C, a crash) starts its unfinished runs afresh next time; a failed run is recorded and the grid goes on.',
    '`report GRID.json` only regenerates the CSV, plots and report from the finished runs.',
    "Grid file (JSON): {study, description, envSteps, seeds: [..], parallel?, evalEvery (learner steps between checkpoint evaluations; the final checkpoint is always evaluated), evalEpisodes (20), evalSeed (1000), base: {flag: value}, arms: [{name, flags: {flag: value}}]}; flags are npm start's, without the dashes (see tools/experiment/README.md).",
  ].join(' '),
  positionals: ['[report] GRID.json'],
});

const fail = (message: string, code = 2): never => {
  process.stderr.write(`${command}: ${message}\n`);
  process.exit(code);
};
const reportOnly = positionals[0] === 'report';
const gridArgs = reportOnly ? positionals.slice(1) : positionals;
if (gridArgs.length !== 1) fail('name one grid file, e.g. tools/experiment/grids/warmup.json (or `report GRID.json`); --help for more');
const gridPath = resolve(gridArgs[0]);
if (!existsSync(gridPath)) fail(`${gridArgs[0]}: no such grid file`);

const out = resolve(config.out);
const plan: StudyPlan = await (async () => {
  try {
    const grid = parseGrid(readFileSync(gridPath, 'utf8'), gridArgs[0]);
    return await planStudy(
      grid,
      { envSteps: config.envSteps, seeds: config.seeds.length > 0 ? config.seeds : undefined },
      createStartResolver(root),
      gridArgs[0],
    );
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
const study = plan.grid.study;
const studyDir = join(out, study);

if (!reportOnly) {
  const parallel = config.parallel ?? plan.grid.parallel ?? cpus().length;
  const state = new StudyState(join(studyDir, 'state.json'));
  const finished = new Set(findResults(join(out, 'runs')).keys());
  try {
    recordMissingDemos(
      demoNeeds(
        plan.runs.map((r) => r.resolved),
        process.cwd(),
      ),
      root,
      (line) => process.stderr.write(`${line}\n`),
    );
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), 1);
  }
  const unique = new Set(plan.runs.map((r) => r.hash)).size;
  const reused = plan.runs.filter((r) => finished.has(r.hash)).length;
  process.stderr.write(
    `${study}: ${plan.runs.length} runs (${plan.grid.arms.length} arms x ${plan.runs.length / plan.grid.arms.length} seeds, ${unique} distinct), ${reused} finished already; ${parallel} at once; outputs in ${studyDir}\n`,
  );
  for (const failure of state.failures) {
    if (!config.retryFailed)
      process.stderr.write(`skipping ${failure.id}: it failed before (${failure.stage}, exit ${failure.exitCode}); --retry-failed runs it again\n`);
  }

  const stop = new AbortController();
  const view = new ProgressView(study);
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      signals++;
      if (signals > 1) process.exit(130);
      view.message(`${signal}: stopping the running runs (they start afresh next time; finished runs are kept). Again to quit at once.`);
      stop.abort();
    });
  }
  const outcome = await runGrid({
    runs: plan.runs,
    parallel,
    execute: createRealExecute(root, process.cwd()),
    finished,
    state,
    retryFailed: config.retryFailed,
    runDir: (run) => runDir(out, run),
    signal: stop.signal,
    onChange: (snapshot) => view.update(snapshot),
  });
  view.finish();
  for (const failure of state.failures)
    process.stderr.write(`failed: ${failure.id} (${failure.stage}, exit ${failure.exitCode}):\n${failure.stderrTail.split('\n').slice(-8).join('\n')}\n`);
  process.stderr.write(
    `${study}: ${outcome.done} of ${unique} runs finished (${outcome.ranNow} now), ${outcome.failed} failed, ${outcome.remaining} not run${outcome.elsewhere > 0 ? `, ${outcome.elsewhere} left to another experiment process running them (run this command again once it finished)` : ''}${outcome.interrupted ? ' (interrupted: run the same command to continue)' : ''}\n`,
  );
  if (stop.signal.aborted) process.exit(130);
}

try {
  const written = await writeStudyOutputs(plan, findResults(join(out, 'runs')), studyDir);
  process.stderr.write(`wrote ${written.join(', ')}\n`);
} catch (error) {
  fail(`writing the study outputs: ${error instanceof Error ? error.message : String(error)}`, 1);
}
process.stderr.write(`done in ${formatDuration(process.uptime())}\n`);
