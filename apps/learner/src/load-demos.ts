import { loadTransitionsPickle, type ReplayBuffer } from '@rlpd/replay-buffer';
import type { EnvSpec } from '@rlpd/spaces';
import type { Log } from '@rlpd/cli';

/**
 * Streams every demo pickle into the demo buffer, checking each transition against the
 * buffer's layout (built from the env spec) so a file recorded for another task fails with its
 * name, the transition, the key, and stored vs expected shapes; float64 data is converted to
 * float32 and the conversion logged.
 */
export async function loadDemos(paths: readonly string[], spec: EnvSpec, demo: ReplayBuffer, log: Log): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const started = Date.now();
    const { transitions, successes } = await loadTransitionsPickle(path, demo, { log });
    total += transitions;
    log(`loaded ${transitions} transitions (${successes} successful episodes) for '${spec.name}' from ${path} in ${Date.now() - started} ms`);
  }
  return total;
}
