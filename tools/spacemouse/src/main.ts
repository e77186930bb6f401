#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { configAndPositionalsFromArgv, createLog } from '@rlpd/cli';
import { createNodeHidBackend } from '@rlpd/intervention';
import { spaceMouseToolConfigSchema } from './config.js';
import { decodeLayout, decodeRecording } from './decode-command.js';
import { listCommand } from './list-command.js';
import { watchCommand } from './watch-command.js';

const COMMANDS = ['list', 'watch', 'decode'];
const { config, positionals } = configAndPositionalsFromArgv(spaceMouseToolConfigSchema, process.argv.slice(2), {
  command: 'npm run -s spacemouse --',
  summary:
    'SpaceMouse diagnostics. list: the connected devices and whether they can be opened (udev hint on permission errors). ' +
    'watch: live axes and buttons (--raw records hex reports). decode: hex reports on stdin (one per line) to JSON lines ' +
    '{x,y,z,roll,pitch,yaw,buttons:[left,right]}, e.g. `decode --product 0xc635 < reports.hex`. See docs/teleoperation.md.',
  positionals: ['list|watch|decode'],
});
const command = positionals[0];
if (positionals.length !== 1 || !COMMANDS.includes(command)) {
  process.stderr.write(`spacemouse: expected one command of ${COMMANDS.join(', ')}, got '${positionals.join(' ')}' (see --help)\n`);
  process.exit(2);
}
const log = createLog('spacemouse');
const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
try {
  if (command === 'decode') {
    for (const line of decodeRecording(readFileSync(0, 'utf8'), decodeLayout(config))) write(line);
  } else if (command === 'list') {
    const { lines, ok } = await listCommand(createNodeHidBackend());
    for (const line of lines) write(line);
    process.exitCode = ok ? 0 : 1;
  } else {
    await watchCommand(createNodeHidBackend(), config, write, log);
  }
} catch (error) {
  process.stderr.write(`spacemouse ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
