import { configAndPositionalsFromArgv } from '@rlpd/cli';
import { streamTransitionsPickle, writeTransitionsPickle } from '@rlpd/replay-buffer';
import { box, type ObservationSpace, type Transition } from '@rlpd/spaces';
import { z } from 'zod';

const mergeSchema = z.object({
  out: z.string().min(1).describe('Output pickle.'),
  successfulOnly: z.boolean().default(false).describe('Keep only successful episodes: the last step has infos.succeed true or, without succeed, a reward > 0.'),
});

/** `inspect merge A.pkl [B.pkl ...] --out C.pkl [--successful-only]`. */
export async function runMerge(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(mergeSchema, argv, {
    command: 'npm run -s inspect -- merge',
    summary: 'Concatenates demo pickles into one (hil-serl layout, protocol 4, observation shapes as in the inputs; arrays are written as float32/uint8).',
    positionals: ['A.pkl', '[B.pkl ...]'],
  });
  if (positionals.length === 0) throw new Error('expected at least one input pickle');
  const merged: Transition[] = [];
  const shapes: Record<string, number[]> = {};
  for (const file of positionals) {
    const transitions: Transition[] = [];
    await streamTransitionsPickle(file, ({ transition, stored, index }) => {
      for (const [name, field] of Object.entries(stored)) {
        if (!name.startsWith('observations.')) continue;
        const key = name.slice('observations.'.length);
        const known = shapes[key];
        if (known && known.join(',') !== field.shape.join(',')) {
          throw new Error(`${file}: transition ${index}: observations.${key} has shape [${field.shape.join(', ')}], but earlier inputs have [${known.join(', ')}]`);
        }
        shapes[key] = [...field.shape];
      }
      transitions.push(transition);
    });
    merged.push(...(config.successfulOnly ? successfulEpisodes(transitions) : transitions));
  }
  const observationSpace: ObservationSpace = Object.fromEntries(Object.entries(shapes).map(([key, shape]) => [key, box(shape, -Infinity, Infinity)]));
  await writeTransitionsPickle(config.out, merged, { observationSpace });
  process.stdout.write(`${JSON.stringify({ out: config.out, inputs: positionals.length, transitions: merged.length })}\n`);
}

/** An episode (split at `dones`) succeeded when its last step has `success`, or, where unknown, a reward > 0. */
function succeeded(last: Transition): boolean {
  return last.success ?? last.rewards > 0;
}

/** Whole successful episodes; a trailing unfinished episode is dropped. */
function successfulEpisodes(transitions: readonly Transition[]): Transition[] {
  const kept: Transition[] = [];
  let start = 0;
  transitions.forEach((t, i) => {
    if (!t.dones) return;
    if (succeeded(t)) kept.push(...transitions.slice(start, i + 1));
    start = i + 1;
  });
  return kept;
}
