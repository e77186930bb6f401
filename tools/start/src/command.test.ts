// Test helpers (not part of the build; vitest only runs *.spec.ts): command lines run as a
// user types them, in their own process group.
import { spawn } from 'node:child_process';

export const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', RLPD_NO_BUILD: '1' };
delete env.INIT_CWD; // npm and npx set it, as for a user

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly pid: number;
  readonly output: { stdout: string; stderr: string };
  /** Resolves once stderr (or the pty's output) matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  write(text: string): void;
  closeInput(): void;
  readonly finished: Promise<Finished>;
}

/**
 * Starts one command line through `sh -c` exactly as a user would type it, in its own process
 * group (so signalling the group is what Ctrl-C in a terminal does).
 */
export function start(line: string, cwd: string, options: { env?: NodeJS.ProcessEnv; pty?: boolean } = {}): Running {
  // `exec`: the command itself leads the process group, as in an interactive shell (a `sh -c`
  // wrapper would itself die of the Ctrl-C and hide the command's exit code).
  const argv = options.pty ? (['script', ['-qefc', line, '/dev/null']] as const) : (['sh', ['-c', `exec ${line}`]] as const);
  const child = spawn(argv[0], [...argv[1]], { cwd, env: options.env ?? env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  const watchers: { pattern: RegExp; resolve: () => void }[] = [];
  const check = (): void => {
    for (const w of [...watchers]) {
      if (w.pattern.test(output.stderr) || w.pattern.test(output.stdout)) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    output.stdout += d.toString();
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    output.stderr += d.toString();
    check();
  });
  const finished = new Promise<Finished>((resolveFinished) => {
    child.on('close', (code) => resolveFinished({ code, stdout: output.stdout, stderr: output.stderr }));
  });
  return {
    pid: child.pid ?? -1,
    output,
    write: (text) => child.stdin.write(text),
    closeInput: () => child.stdin.end(),
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise<void>((resolveWait, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`'${line}' did not print ${pattern} within ${timeoutMs} ms; stderr:\n${output.stderr}\nstdout:\n${output.stdout}`)),
          timeoutMs,
        );
        watchers.push({ pattern, resolve: () => (clearTimeout(timer), resolveWait()) });
        check();
      }),
    finished,
  };
}

export const run = (line: string, cwd: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<Finished> => {
  const running = start(line, cwd, options);
  running.closeInput();
  return running.finished;
};

/** The last JSON line of a command's stdout. */
export const lastJson = (stdout: string): Record<string, unknown> =>
  JSON.parse(
    stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .at(-1) ?? 'null',
  ) as Record<string, unknown>;
