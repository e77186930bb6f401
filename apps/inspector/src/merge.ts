import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { readTransitionsPickle, writeTransitionsPickle } from '@rlpd/replay-buffer';
import type { Transition } from '@rlpd/spaces';
import { z } from 'zod';

const mergeSchema = z.object({
  out: z.string().min(1).describe('Output pickle.'),
  successfulOnly: z.boolean().default(false).describe('Keep only episodes in which the task succeeded.'),
});

/** `inspect merge A.pkl [B.pkl ...] --out C.pkl [--successful-only]`. */
export async function runMerge(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(mergeSchema, argv, {
    command: 'npm run -s inspect -- merge',
    summary: 'Concatenates demo pickles into one (hil-serl layout).',
    positionals: ['A.pkl', '[B.pkl ...]'],
  });
  if (positionals.length === 0) throw new Error('expected at least one input pickle');
  const merged: Transition[] = [];
  for (const file of positionals) {
    const transitions = await readTransitionsPickle(file);
    merged.push(...(config.successfulOnly ? successfulEpisodes(transitions) : transitions));
  }
  await writeTransitionsPickle(config.out, merged);
  process.stdout.write(`${JSON.stringify({ out: config.out, inputs: positionals.length, transitions: merged.length })}\n`);
}

/** Episodes split at `dones`; an episode is kept when any of its steps reported success. */
function successfulEpisodes(transitions: readonly Transition[]): Transition[] {
  const kept: Transition[] = [];
  let episode: Transition[] = [];
  for (const t of transitions) {
    episode.push(t);
    if (t.dones) {
      if (episode.some((s) => s.success)) kept.push(...episode);
      episode = [];
    }
  }
  return kept;
}
