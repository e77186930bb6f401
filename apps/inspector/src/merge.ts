import { configAndPositionalsFromArgv, refuseOverwrite } from '@rlpd/cli';
import { EpisodeOutcomes, streamTransitionsPickle, writeTransitionsPickle } from '@rlpd/replay-buffer';
import { box, type ObservationSpace, type Transition } from '@rlpd/spaces';
import { z } from 'zod';

const mergeSchema = z.object({
  out: z.string().min(1).describe('Output pickle.'),
  successfulOnly: z.boolean().default(false).describe('Keep only successful episodes (the rule of docs/CONTRACTS.md, as `inspect summary` counts them): a step with infos.succeed true or, where no step records succeed, a last reward > 0.'),
  force: z.boolean().default(false).describe('Overwrite --out when it exists.'),
});

/** `inspect merge A.pkl [B.pkl ...] --out C.pkl [--successful-only]`. */
export async function runMerge(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(mergeSchema, argv, {
    command: 'npm run -s inspect -- merge',
    summary: 'Concatenates demo pickles into one (hil-serl layout, protocol 4, observation shapes as in the inputs; arrays are written as float32/uint8).',
    positionals: ['A.pkl', '[B.pkl ...]'],
  }, (c) => refuseOverwrite('out', c.out, c.force));
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

/** Whole successful episodes (`EpisodeOutcomes`' rule); a trailing unfinished episode is dropped. */
function successfulEpisodes(transitions: readonly Transition[]): Transition[] {
  const outcomes = new EpisodeOutcomes();
  const kept: Transition[] = [];
  let start = 0;
  transitions.forEach((t, i) => {
    const ended = outcomes.add(t);
    if (ended === null) return;
    if (ended.success) kept.push(...transitions.slice(start, i + 1));
    start = i + 1;
  });
  return kept;
}
