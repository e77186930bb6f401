#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { configFromArgv, createLog } from '@rlpd/cli';
import { createEnv, frankaEnvSpec, loadFrankaEnvConfigFile } from '@rlpd/robot-env';
import type { EnvSpec } from '@rlpd/spaces';
import { initBackend } from '@rlpd/sac-agent';
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
// The learner never steps the env; it builds one only to read its observation/action spec
// (a robot's spec follows from its config alone: the learner need not reach the robot).
async function envSpec(): Promise<EnvSpec> {
  if (config.env === 'franka-http') return frankaEnvSpec(config.robotConfig === undefined ? {} : loadFrankaEnvConfigFile(config.robotConfig));
  const specSource = await createEnv(config.env);
  await specSource.close();
  return specSource.spec;
}
const spec = await envSpec();
const learner = new Learner(config, spec, backend, log);
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts += 1;
    if (interrupts > 1) {
      log(`second ${signal}: exiting without waiting (checkpoints are written atomically, the last complete one is intact)`);
      process.exit(130);
    }
    learner.stop();
  });
}
try {
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
