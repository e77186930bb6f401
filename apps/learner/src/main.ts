#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { CliError, configFromArgv, createLog, onStopSignal, requireFiles } from '@rlpd/cli';
import { createEnv, frankaEnvSpec, loadFrankaEnvConfigFile } from '@rlpd/robot-env';
import type { EnvSpec } from '@rlpd/spaces';
import { initBackend, loadEncoder } from '@rlpd/sac-agent';
import { readArrayTreePickle } from '@rlpd/replay-buffer';
import { learnerConfigSchema } from './config.js';
import { checkCheckpointPath, clearEarlierRun } from './earlier-run.js';
import { Learner } from './learner.js';

const config = configFromArgv(
  learnerConfigSchema,
  process.argv.slice(2),
  {
    command: 'npm run -s learner --',
    summary:
      'Trains a SAC/RLPD policy: loads demos, optionally pre-trains on them, waits for actor data, then updates on 50/50 online/demo batches and broadcasts parameters to actors. Ctrl-C stops after a final checkpoint. Also runs as `npx nx run learner:serve -- ...`; relative paths are taken from the directory the command is typed in.',
  },
  (c) => {
    if (c.demoPath.length === 0)
      throw new CliError(
        '--demo-path: required: name at least one demo pickle (RLPD samples half of every batch from demos), e.g. --demo-path demos/pick-cube-20.pkl',
      );
    requireFiles('demo-path', c.demoPath);
    checkCheckpointPath(c);
  },
);
const log = createLog('learner');
log(`config ${JSON.stringify({ ...config, token: '***' })}`);
if (config.force && !config.resume) {
  const removed = clearEarlierRun(config.checkpointPath);
  if (removed.length > 0) log(`--force: removed the earlier run's ${removed.join(', ')} from ${config.checkpointPath}`);
}
const backend = await initBackend(config.backend, log);
// The learner never steps the env; it builds one only to read its observation/action spec
// (a robot's spec follows from its config alone: the learner need not reach the robot).
async function envSpec(): Promise<EnvSpec> {
  if (config.env === 'franka-http') return frankaEnvSpec(config.robotConfig === undefined ? {} : loadFrankaEnvConfigFile(config.robotConfig));
  const specSource = await createEnv(config.env);
  await specSource.close();
  return specSource.spec;
}
const spec = await envSpec();
// Built inside the try below: a config that does not fit the spec (e.g. an image key in
// --agent-observation-keys) fails with one line, like any other error.
let learner: Learner | null = null;
onStopSignal(
  () => learner?.stop(),
  (signal) => {
    log(`second ${signal}: exiting without waiting (checkpoints are written atomically, the last complete one is intact)`);
    process.exit(130);
  },
);
try {
  // --encoder small is trained by the agent (weights start random, nothing to load).
  const encoder =
    config.encoder === 'none' || config.encoder === 'small'
      ? null
      : await loadEncoder(config.encoder, config.encoderWeights, { readArrayTree: readArrayTreePickle });
  learner = new Learner(config, spec, backend, log, encoder);
  const summary = await learner.run();
  const line = JSON.stringify(summary);
  if (config.statusFile) writeFileSync(config.statusFile, `${line}\n`);
  process.stdout.write(`${line}\n`);
  process.exit(0);
} catch (error) {
  // One line naming what failed; the stack only with RLPD_DEBUG=1.
  log.error(describeFailure(error));
  if (process.env.RLPD_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

function describeFailure(error: unknown): string {
  if ((error as NodeJS.ErrnoException | null)?.code === 'EADDRINUSE') {
    return `--port ${config.port}: already in use on ${config.host} (is another learner running?); choose another --port, or --port 0 for a free one`;
  }
  return error instanceof Error ? error.message : String(error);
}
