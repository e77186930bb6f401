#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { configFromArgv, createLog } from '@rlpd/cli';
import { createEnv } from '@rlpd/robot-env';
import { initBackend, loadEncoder } from '@rlpd/sac-agent';
import { readArrayTreePickle } from '@rlpd/replay-buffer';
import { learnerConfigSchema } from './config.js';
import { Learner } from './learner.js';

const config = configFromArgv(learnerConfigSchema, process.argv.slice(2), {
  command: 'npx nx run learner:serve --',
  summary:
    'Trains a SAC/RLPD policy: loads demos, optionally pre-trains on them, waits for actor data, then updates on 50/50 online/demo batches and broadcasts parameters to actors. Ctrl-C stops after a final checkpoint.',
});
const log = createLog('learner');
log(`config ${JSON.stringify({ ...config, token: '***' })}`);
const backend = await initBackend(config.backend, log);
// The learner never steps the env; it builds one only to read its observation/action spec.
const specSource = await createEnv(config.env);
const spec = specSource.spec;
await specSource.close();
// Built inside the try below: a config that does not fit the spec (e.g. an image key in
// --agent-observation-keys) fails with one line, like any other error.
let learner: Learner | null = null;
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) {
      log(`second ${signal}: exiting without waiting (checkpoints are written atomically, the last complete one is intact)`);
      process.exit(130);
    }
    learner?.stop();
  });
}
try {
  const encoder = config.encoder === 'none' ? null : await loadEncoder(config.encoder, config.encoderWeights, { readArrayTree: readArrayTreePickle });
  learner = new Learner(config, spec, backend, log, encoder);
  const summary = await learner.run();
  const line = JSON.stringify(summary);
  if (config.statusFile) writeFileSync(config.statusFile, `${line}\n`);
  process.stdout.write(`${line}\n`);
  process.exit(0);
} catch (error) {
  // One line naming what failed; the stack only with RLPD_DEBUG=1.
  log.error(error instanceof Error ? error.message : String(error));
  if (process.env.RLPD_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
