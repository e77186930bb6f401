#!/usr/bin/env node
import { configFromArgv, createLog } from '@rlpd/cli';
import { startSimRobotServer } from '@rlpd/robot-env';
import { simRobotServerToolConfigSchema } from './config.js';

const config = configFromArgv(simRobotServerToolConfigSchema, process.argv.slice(2), {
  command: 'npm run -s sim-robot-server --',
  summary:
    "Serves the embedded MuJoCo Panda-like arm (impedance controlled, pick-cube scene) over the Franka robot server's HTTP API: " +
    'every serl franka_server.py route (POST, JSON), plus /get_task, /reset_scene, /sim_status, /cameras, /getimage. Point FrankaHttpEnv or ' +
    '`npm run -s robot-check` at it. See libs/robot-env/README.md (Sim robot server).',
});
const log = createLog('sim-robot-server');
try {
  const server = await startSimRobotServer(config);
  log.info('listening', { url: server.url, task: config.task, timing: server.timing });
  const stop = (signal: string): void => {
    log.info('stopping', { signal });
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  process.stderr.write(`sim-robot-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
