import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ResolvedFlags } from './plan.js';

/** A demo file the runs need, as npm start would look for it (tools/start/src/main.ts). */
export interface DemoNeed {
  readonly path: string;
  readonly env: string;
  readonly episodes: number;
}

/** The distinct demo files of these resolved configurations (relative paths taken from `cwd`, as npm start does). */
export function demoNeeds(configs: readonly ResolvedFlags[], cwd: string): DemoNeed[] {
  const needs = new Map<string, DemoNeed>();
  for (const config of configs) {
    const env = String(config.env ?? 'pick-cube');
    const demoPath = typeof config.demoPath === 'string' && config.demoPath !== '' ? config.demoPath : `demos/${env}-20.pkl`;
    const path = resolve(cwd, demoPath);
    if (!needs.has(path)) needs.set(path, { path, env, episodes: Number(config.demoEpisodes ?? 20) });
  }
  return [...needs.values()];
}

/**
 * Records each missing demo file once, before any run starts: runs started side by side would
 * otherwise each find the file missing and record it at the same time.
 */
export function recordMissingDemos(needs: readonly DemoNeed[], root: string, log: (line: string) => void): void {
  for (const need of needs) {
    if (existsSync(need.path)) continue;
    log(`${need.path} is missing: recording ${need.episodes} oracle demos of ${need.env} once, before the runs start`);
    const record = spawnSync(
      process.execPath,
      [join(root, 'tools/record-demos/dist/main.js'), '--task', need.env, '--episodes', String(need.episodes), '--out', need.path],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (record.status !== 0) throw new Error(`recording demos to ${need.path} failed (exit ${record.status})`);
  }
}
