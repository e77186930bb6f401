import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Flags, Grid } from './grid-schema.js';

/** npm start's resolved configuration (every flag, defaults filled in), keyed as its schema (camelCase). */
export type ResolvedFlags = Readonly<Record<string, unknown>>;

/**
 * Resolves flags to npm start's full configuration, or throws start's own message for a bad
 * flag. The real one asks `npm start -- --print-config`; tests inject their own.
 */
export type ResolveFlags = (flags: Flags) => Promise<ResolvedFlags>;

/** Keys of the resolved configuration that the experiment sets per run: not part of a run's identity. */
const PER_RUN_KEYS = new Set(['seed', 'maxSteps', 'checkpointPeriod', 'runsDir', 'port', 'printConfig']);

/** One training run of a study, and how it is evaluated. */
export interface PlannedRun {
  readonly study: string;
  readonly arm: string;
  readonly seed: number;
  readonly envSteps: number;
  readonly evalEvery: number;
  readonly evalEpisodes: number;
  readonly evalSeed: number;
  /** The grid's base and arm flags merged (the arm wins), as written in the grid. */
  readonly flags: Flags;
  /** npm start's resolved configuration without the per-run keys: what the hash covers. */
  readonly resolved: ResolvedFlags;
  /** sha256 of the run's identity (see `runIdentity`). */
  readonly hash: string;
  /** Folder name under `<out>/runs/`: `<arm>-s<seed>-<hash8>`. */
  readonly id: string;
}

export interface StudyPlan {
  readonly grid: Grid;
  readonly runs: readonly PlannedRun[];
  /** The flags (camelCase keys) whose resolved value differs between arms: the CSV's flag columns. */
  readonly varyingFlags: readonly string[];
}

/** Overrides from the command line. */
export interface PlanOverrides {
  readonly envSteps?: number;
  readonly seeds?: readonly number[];
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A run's identity: env steps, seed, the evaluation settings and every resolved npm start flag.
 * Two studies that ask for the same run (the same flags, defaults included) share it.
 */
export function runIdentity(run: Pick<PlannedRun, 'envSteps' | 'seed' | 'evalEvery' | 'evalEpisodes' | 'evalSeed' | 'resolved'>): string {
  const identity = {
    envSteps: run.envSteps,
    seed: run.seed,
    evalEvery: run.evalEvery,
    evalEpisodes: run.evalEpisodes,
    evalSeed: run.evalSeed,
    flags: run.resolved,
  };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}

/** Drops the per-run keys from npm start's resolved configuration. */
export function identityFlags(resolved: ResolvedFlags): ResolvedFlags {
  return Object.fromEntries(Object.entries(resolved).filter(([key]) => !PER_RUN_KEYS.has(key)));
}

/** Every (arm, seed) run of a grid, in seed-major order (all arms of seed 1 first: partial grids stay comparable). */
export async function planStudy(grid: Grid, overrides: PlanOverrides, resolve: ResolveFlags, source: string): Promise<StudyPlan> {
  const envSteps = overrides.envSteps ?? grid.envSteps;
  const seeds = overrides.seeds ?? grid.seeds;
  const arms: { name: string; flags: Flags; resolved: ResolvedFlags }[] = [];
  for (const [i, arm] of grid.arms.entries()) {
    const flags = { ...grid.base, ...arm.flags };
    let resolved: ResolvedFlags;
    try {
      resolved = identityFlags(await resolve(flags));
    } catch (error) {
      throw new Error(
        `${source}: arms[${i}] (${arm.name}): base + arm flags are not valid npm start flags: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    arms.push({ name: arm.name, flags, resolved });
  }
  const runs: PlannedRun[] = [];
  for (const seed of seeds) {
    for (const arm of arms) {
      const partial = {
        study: grid.study,
        arm: arm.name,
        seed,
        envSteps,
        evalEvery: grid.evalEvery,
        evalEpisodes: grid.evalEpisodes,
        evalSeed: grid.evalSeed,
        flags: arm.flags,
        resolved: arm.resolved,
      };
      const hash = runIdentity(partial);
      runs.push({ ...partial, hash, id: `${arm.name}-s${seed}-${hash.slice(0, 8)}` });
    }
  }
  return { grid, runs, varyingFlags: varyingFlags(arms.map((a) => a.resolved)) };
}

/** Keys whose value is not the same in every arm. */
export function varyingFlags(resolved: readonly ResolvedFlags[]): string[] {
  const keys = new Set(resolved.flatMap((r) => Object.keys(r)));
  return [...keys].filter((key) => new Set(resolved.map((r) => canonicalJson(r[key]))).size > 1).sort();
}

/** npm start arguments for flags: `{"pretrain-steps": 300, "tensorboard": false}` -> `--pretrain-steps 300 --no-tensorboard`. */
export function flagsToArgs(flags: Flags): string[] {
  const args: string[] = [];
  for (const [name, value] of Object.entries(flags)) {
    if (value === true) args.push(`--${name}`);
    else if (value === false) args.push(`--no-${name}`);
    else if (Array.isArray(value)) for (const item of value) args.push(`--${name}`, String(item));
    else args.push(`--${name}`, String(value));
  }
  return args;
}

/** The folder of a run: `<out>/runs/<id>`. */
export const runDir = (out: string, run: Pick<PlannedRun, 'id'>): string => join(out, 'runs', run.id);
