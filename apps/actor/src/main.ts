#!/usr/bin/env node
import { configFromArgv, createLog, onStopSignal } from '@rlpd/cli';
import { initBackend } from '@rlpd/sac-agent';
import { runActor } from './actor.js';
import { checkEvalCheckpoint } from './check-eval-checkpoint.js';
import { actorConfigSchema } from './config.js';
import { evaluate } from './evaluate.js';

const config = configFromArgv(
  actorConfigSchema,
  process.argv.slice(2),
  {
    command: 'npm run -s actor --',
    summary:
      'Runs the policy on an environment and streams transitions to the learner, with optional interventions. With --eval-checkpoint-step it evaluates a checkpoint instead. Prints one JSON summary line on stdout. Also runs as `npx nx run actor:serve -- ...`; relative paths are taken from the directory the command is typed in.',
  },
  checkEvalCheckpoint,
);
const log = createLog(config.actorId);
log(`config ${JSON.stringify({ ...config, token: '***' })}`);
await initBackend(config.backend, log);
const stop = new AbortController();
onStopSignal(
  (signal) => {
    log(`${signal}: stopping after this step and flushing transitions to the learner (up to --flush-timeout ${config.flushTimeout} s)`);
    stop.abort();
  },
  () => process.exit(130),
);
try {
  const summary = config.evalCheckpointStep !== undefined ? await evaluate(config, config.evalCheckpointStep, log) : await runActor(config, log, stop.signal);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(0);
} catch (error) {
  // One line naming what failed; the stack only with RLPD_DEBUG=1.
  log.error(error instanceof Error ? error.message : String(error));
  if (process.env.RLPD_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
