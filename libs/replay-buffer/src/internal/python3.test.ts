import { spawnSync } from 'node:child_process';

/** Runs a Python script (deprecation warnings are errors); returns stdout, throwing with stderr on failure. */
export function python(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-W', 'error::DeprecationWarning', '-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
/** numpy's version when python3 with numpy is available, else null (python specs then skip, saying why). */
export const numpyVersion: string | null = probe.status === 0 ? probe.stdout.trim() : null;
