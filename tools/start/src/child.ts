import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';

/** A child node process whose stdout and stderr go to a log file. */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly logPath: string;
  readonly exited: Promise<number>;
}

export function startChild(name: string, script: string, args: readonly string[], logPath: string): Child {
  const log = openSync(logPath, 'a');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', log, log], detached: true });
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  return { name, process: child, logPath, exited };
}

/** Last lines of a child's log, to show why it failed. */
export function tailOfLog(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(could not read ${path}: ${error instanceof Error ? error.message : String(error)})`;
  }
}
