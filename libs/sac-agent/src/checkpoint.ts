import { observationKeysMetadata } from './agent-observation.js';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NamedTensors } from './named-tensors.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/**
 * Checkpoints: `root/checkpoint_<step>/{model.safetensors,state.json}`. A checkpoint is
 * written into a hidden temporary folder and renamed into place, so a reader never sees a
 * half-written one.
 */

export const MODEL_FILE = 'model.safetensors';
export const STATE_FILE = 'state.json';
const CHECKPOINT_DIR = /^checkpoint_(\d+)$/;

/** Anything whose full state is a set of named tensors (e.g. `SacAgent`). */
export interface Checkpointable {
  exportState(): NamedTensors;
  /** Observation keys the agent reads; recorded in the model's metadata (`observation_keys`) when given. */
  readonly observationKeys?: readonly string[];
}

async function writeFileDurably(path: string, data: Uint8Array | string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/**
 * Writes `agent.exportState()` and `state` (JSON) as checkpoint `step` under `root`; returns
 * its folder. An existing checkpoint of the same step is moved aside, replaced, then deleted.
 */
export async function saveCheckpoint(root: string, step: number, agent: Checkpointable, state: object): Promise<string> {
  if (!Number.isSafeInteger(step) || step < 0) throw new Error(`saveCheckpoint: step must be a non-negative integer, got ${step}`);
  await mkdir(root, { recursive: true });
  const name = `checkpoint_${step}`;
  const final = join(root, name);
  const nonce = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tmp = join(root, `.${name}.tmp-${nonce}`);
  await mkdir(tmp);
  try {
    const keys = agent.observationKeys === undefined ? {} : observationKeysMetadata(agent.observationKeys);
    const model = encodeSafetensors(agent.exportState(), { format: 'rlpd-ts/sac-agent', step: String(step), ...keys });
    await writeFileDurably(join(tmp, MODEL_FILE), model);
    await writeFileDurably(join(tmp, STATE_FILE), JSON.stringify(state, null, 2));
    const old = join(root, `.${name}.old-${nonce}`);
    const replacing = await exists(final);
    if (replacing) await rename(final, old);
    await rename(tmp, final);
    if (replacing) await rm(old, { recursive: true, force: true });
    return final;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** Reads a checkpoint folder written by `saveCheckpoint`. */
export async function loadCheckpoint(dir: string): Promise<{ tensors: NamedTensors; state: unknown; metadata: Record<string, string> }> {
  const [model, stateText] = await Promise.all([readFile(join(dir, MODEL_FILE)), readFile(join(dir, STATE_FILE), 'utf8')]);
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(model.buffer, model.byteOffset, model.byteLength));
  let state: unknown;
  try {
    state = JSON.parse(stateText);
  } catch (error) {
    throw new Error(`loadCheckpoint: ${join(dir, STATE_FILE)} is not valid JSON (${(error as Error).message})`);
  }
  return { tensors, state, metadata };
}

/** The folder of the highest-step complete checkpoint under `root`, or null if none. */
export async function latestCheckpoint(root: string): Promise<string | null> {
  if (!(await exists(root))) return null;
  const steps = (await readdir(root))
    .map((entry) => CHECKPOINT_DIR.exec(entry))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  for (const step of steps) {
    const dir = join(root, `checkpoint_${step}`);
    if ((await exists(join(dir, MODEL_FILE))) && (await exists(join(dir, STATE_FILE)))) return dir;
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
