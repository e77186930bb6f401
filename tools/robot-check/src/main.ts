#!/usr/bin/env node
import { configFromArgv } from '@rlpd/cli';
import { parseXyzBox, robotCheckConfigSchema } from './config.js';
import { runRobotCheck } from './robot-check.js';

const config = configFromArgv(robotCheckConfigSchema, process.argv.slice(2), {
  command: 'npm run -s robot-check --',
  summary:
    'Bring-up check of a robot behind the serl/hil-serl HTTP robot server: reads every state route, clears errors, makes small moves inside the safety box, ' +
    'closes and opens the gripper, runs --steps steps of --policy, and prints a JSON report (achieved control rate, TCP range reached, gripper toggles, errors). ' +
    'Exit code 1 when anything failed. See docs/franka.md.',
});
if (config.safetyBox !== undefined) {
  try {
    parseXyzBox(config.safetyBox); // a typo must not cost a trip to the robot
  } catch (error) {
    process.stderr.write(`npm run -s robot-check --: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
try {
  const report = await runRobotCheck(config);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`robot-check: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
