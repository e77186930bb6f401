#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { configFromArgv, createLog } from '@rlpd/cli';
import { startChild, tailOfLog, type Child } from './child.js';
import { freePort } from './free-port.js';
import { startConfigSchema } from './config.js';
import { formatProgress, type LearnerStatus } from './progress-line.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const config = configFromArgv(startConfigSchema, process.argv.slice(2), {
  command: 'npm start --',
  summary:
    'Trains a policy on the embedded MuJoCo pick-cube sim (--env pick-cube-vision: with camera images): records oracle demos if missing, runs the learner and an actor as two processes, shows one progress line, and ends with one JSON summary line on stdout. Ctrl-C stops early (a final checkpoint is still written).',
});
if (config.printConfig) {
  process.stdout.write(`${JSON.stringify(config)}\n`);
  process.exit(0);
}
const log = createLog('start');
const startedAt = Date.now();

// 1. Demos: record them with the oracle when the file is missing.
const demoPath = resolve(config.demoPath || `demos/${config.env}-20.pkl`);
if (!existsSync(demoPath)) {
  log(`${demoPath} is missing: recording ${config.demoEpisodes} oracle demos of ${config.env}`);
  const record = spawnSync(
    process.execPath,
    [join(root, 'tools/record-demos/dist/main.js'), '--task', config.env, '--episodes', String(config.demoEpisodes), '--out', demoPath],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (record.status !== 0) {
    log(`recording demos failed (exit ${record.status})`);
    process.exit(1);
  }
}

// 2. Learner and actor, each logging to the run folder.
const runDir = resolve(config.runsDir, `${config.env}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(runDir, { recursive: true });
const port = config.port || (await freePort());
const token = randomBytes(16).toString('hex');
const statusFile = join(runDir, 'learner-summary.json');
log(`run folder ${runDir} (learner.log, actor.log, metrics.jsonl, checkpoint_<step>/)`);
log(`watch it live: npm run -s inspect -- serve --run ${JSON.stringify(runDir)}`);
const encoderWeightsArgs = config.encoderWeights === '' ? [] : ['--encoder-weights', config.encoderWeights];
const learner = startChild(
  'learner',
  join(root, 'apps/learner/dist/main.js'),
  [
    '--port',
    String(port),
    '--token',
    token,
    '--env',
    config.env,
    '--checkpoint-path',
    runDir,
    '--demo-path',
    demoPath,
    ...config.agentObservationKeys.flatMap((key) => ['--agent-observation-keys', key]),
    '--encoder',
    config.encoder,
    ...encoderWeightsArgs,
    // --encoder small: batches carry both cameras' frames; worker threads copy them while the learner trains.
    ...(config.encoder === 'small' ? ['--prefetch-workers', '2'] : []),
    '--pretrain-steps',
    String(config.pretrainSteps),
    '--checkpoint-period',
    String(config.checkpointPeriod),
    '--seed',
    String(config.seed),
    '--status-file',
    statusFile,
    '--setup-mode',
    config.setupMode,
    '--intervention-buffers',
    config.interventionBuffers,
  ],
  join(runDir, 'learner.log'),
);
const actor = startChild(
  'actor',
  join(root, 'apps/actor/dist/main.js'),
  [
    '--learner-url',
    `http://127.0.0.1:${port}`,
    '--token',
    token,
    '--env',
    config.env,
    '--max-steps',
    String(config.maxSteps),
    '--intervener',
    config.intervener,
    '--oracle-mode',
    config.oracleMode,
    '--oracle-start-step',
    String(config.oracleStartStep),
    '--oracle-stop-step',
    String(config.oracleStopStep),
    '--learner-steps-per-env-step',
    String(config.learnerStepsPerEnvStep),
    ...(config.encoder === 'none' ? [] : ['--encoder', config.encoder, ...encoderWeightsArgs]),
    // --encoder small: a learner step takes seconds, so the last acks can take that long too.
    ...(config.encoder === 'small' ? ['--flush-timeout', '60'] : []),
    '--seed',
    String(config.seed + 1),
    '--setup-mode',
    config.setupMode,
  ],
  join(runDir, 'actor.log'),
);

// The children run in their own process groups, so Ctrl-C reaches only us: we stop the actor
// (it flushes its transitions), then the learner (it writes its final checkpoint).
let interrupted = false;
const stopped = new Set<Child>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the actor, then the learner (final checkpoint)\n`);
    stop(actor);
  });
}
process.on('exit', () => {
  for (const child of [actor, learner]) if (child.process.exitCode === null) child.process.kill('SIGKILL');
});

// 3. One live progress line from the learner's GET /status.
let lastStatus: LearnerStatus = {};
let lastPrinted = 0;
const render = async (): Promise<void> => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1000) });
    if (response.ok) lastStatus = (await response.json()) as LearnerStatus;
  } catch {
    // The learner is not listening yet (loading demos) or has just stopped: keep the last status.
  }
  const line = formatProgress(lastStatus, config.maxSteps, (Date.now() - startedAt) / 1000);
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}`);
  else if (Date.now() - lastPrinted >= 15_000) {
    // Not a terminal (CI, a log file): a plain line every 15 s instead of redrawing.
    lastPrinted = Date.now();
    process.stderr.write(`${line}\n`);
  }
};
const timer = setInterval(() => void render(), 1000);

const failed = await Promise.race([actor.exited.then((code) => ({ who: actor, code })), learner.exited.then((code) => ({ who: learner, code }))]);
if (failed.who === learner) {
  // The learner must outlive the actor; if it ends first something went wrong.
  stop(actor);
  await actor.exited;
} else if (failed.code !== 0 && !interrupted) {
  clearInterval(timer);
  process.stderr.write(`\nactor failed (exit ${failed.code}); last lines of ${actor.logPath}:\n${tailOfLog(actor.logPath)}\n`);
}
stop(learner);
const learnerCode = await learner.exited;
clearInterval(timer);
await render();
if (process.stderr.isTTY) process.stderr.write('\n');
if (learnerCode !== 0 || !existsSync(statusFile)) {
  process.stderr.write(`learner failed (exit ${learnerCode}); last lines of ${learner.logPath}:\n${tailOfLog(learner.logPath)}\n`);
  process.exit(1);
}
const learnerSummary = JSON.parse(readFileSync(statusFile, 'utf8')) as Record<string, unknown>;
const summary = {
  envSteps: learnerSummary.envSteps,
  learnerSteps: learnerSummary.learnerSteps,
  episodes: learnerSummary.episodes,
  successRate: learnerSummary.successRate,
  interventionRate: learnerSummary.interventionRate,
  checkpoint: learnerSummary.checkpoint,
  backend: learnerSummary.backend,
  wallSeconds: Math.round((Date.now() - startedAt) / 1000),
  runDir,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(failed.who === actor && failed.code !== 0 && !interrupted ? 1 : 0);

function stop(child: Child): void {
  if (child.process.exitCode === null && !stopped.has(child)) child.process.kill('SIGINT');
  stopped.add(child);
}
