import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';

/** A node child whose stderr goes to a log file and whose stdout is kept (its last line is a JSON summary). */
export interface LoggedChild {
  readonly process: ChildProcess;
  /** Exit code (128 + n for a signal). */
  readonly exited: Promise<number>;
  readonly stdout: () => string;
}

/**
 * Starts `node script args` in its own process group (so a Ctrl-C in the terminal reaches
 * only the experiment, which stops its children in order). stdout and stderr are appended to
 * `logPath`; `onStderr` sees stderr as it comes (progress lines).
 */
export function spawnLogged(
  script: string,
  args: readonly string[],
  options: { cwd: string; logPath: string; onStderr?: (text: string) => void },
): LoggedChild {
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    log.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    log.write(chunk);
    options.onStderr?.(chunk.toString());
  });
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      log.write(`could not start ${script}: ${error.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      log.end();
      resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : 2));
    });
  });
  return { process: child, exited, stdout: () => stdout };
}

/** The last line of stdout that parses as a JSON object, or null. */
export function lastJsonLine(stdout: string): unknown {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.trimStart().startsWith('{')) continue;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      // not JSON after all: keep looking
    }
  }
  return null;
}

/** The last lines of a log file (why a child failed). */
export function tailOfFile(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(could not read ${path}: ${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Asks a child to stop with `signal`; if it is still there after `graceMs`, kills it. */
export async function stopChild(child: LoggedChild, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
