import { readTransitionsPickle, type ReplayBuffer } from '@rlpd/replay-buffer';
import { boxSize, type EnvSpec, type Transition } from '@rlpd/spaces';
import type { Log } from '@rlpd/cli';

/**
 * Loads every demo pickle into the demo buffer, checking each transition against the env spec
 * so a file recorded for another task fails with its name, the transition and the key.
 */
export async function loadDemos(paths: readonly string[], spec: EnvSpec, demo: ReplayBuffer, log: Log): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const started = Date.now();
    const transitions = await readTransitionsPickle(path);
    transitions.forEach((t, index) => checkTransition(t, spec, path, index));
    for (const t of transitions) demo.insert(t);
    total += transitions.length;
    const successes = transitions.filter((t) => t.dones && t.success).length;
    log(`loaded ${transitions.length} transitions (${successes} successful episodes) from ${path} in ${Date.now() - started} ms`);
  }
  return total;
}

function checkTransition(t: Transition, spec: EnvSpec, path: string, index: number): void {
  for (const [key, space] of Object.entries(spec.observationSpace)) {
    for (const [field, obs] of [['observations', t.observations], ['next_observations', t.nextObservations]] as const) {
      const value = obs[key];
      if (!value) throw new Error(`${path}: transition ${index}: ${field}.${key} is missing (the env '${spec.name}' needs it)`);
      if (value.length !== boxSize(space)) {
        throw new Error(
          `${path}: transition ${index}: ${field}.${key} has ${value.length} values, expected ${boxSize(space)} (shape [${space.shape.join(', ')}] of '${spec.name}')`,
        );
      }
    }
  }
  if (t.actions.length !== boxSize(spec.actionSpace)) {
    throw new Error(`${path}: transition ${index}: actions has ${t.actions.length} values, expected ${boxSize(spec.actionSpace)}`);
  }
}
