import { configAndPositionalsFromArgv, refuseOverwrite } from '@rlpd/cli';
import {
  EpisodeOutcomes,
  observationKeys,
  streamTransitionsPickle,
  writeTransitionsPickle,
  type ObservationLayout,
  type PickleLayout,
} from '@rlpd/replay-buffer';
import type { Transition } from '@rlpd/spaces';
import { z } from 'zod';

const mergeSchema = z.object({
  out: z.string().min(1).describe('Output pickle.'),
  successfulOnly: z
    .boolean()
    .default(false)
    .describe(
      'Keep only successful episodes (the rule of docs/CONTRACTS.md, as `inspect summary` counts them): a step with infos.succeed true or, where no step records succeed, a last reward > 0.',
    ),
  force: z.boolean().default(false).describe('Overwrite --out when it exists.'),
});

/** `inspect merge A.pkl [B.pkl ...] --out C.pkl [--successful-only]`. */
export async function runMerge(argv: readonly string[]): Promise<void> {
  const { config, positionals } = configAndPositionalsFromArgv(
    mergeSchema,
    argv,
    {
      command: 'npm run -s inspect -- merge',
      summary:
        'Concatenates demo pickles into one (protocol 4, in the layout of the first input: keys, shapes and dtypes as stored there; inputs must have the same observation keys and shapes).',
      positionals: ['A.pkl', '[B.pkl ...]'],
    },
    (c) => refuseOverwrite('out', c.out, c.force),
  );
  if (positionals.length === 0) throw new Error('expected at least one input pickle');
  const merged: Transition[] = [];
  let layout: PickleLayout | undefined;
  for (const file of positionals) {
    const transitions: Transition[] = [];
    await streamTransitionsPickle(file, ({ transition, layout: found, index }) => {
      if (index === 0) layout = sameObservationShapes(file, layout, found);
      transitions.push(transition);
    });
    merged.push(...(config.successfulOnly ? successfulEpisodes(transitions) : transitions));
  }
  await writeTransitionsPickle(config.out, merged, { layout });
  process.stdout.write(`${JSON.stringify({ out: config.out, inputs: positionals.length, transitions: merged.length })}\n`);
}

/** The first input's layout, once `found` (another input's) has the same observation keys and shapes. */
function sameObservationShapes(file: string, first: PickleLayout | undefined, found: PickleLayout): PickleLayout {
  if (!first) return found;
  const shapes = (layout: ObservationLayout): string => [...observationKeys(layout)].map(([key, { shape }]) => `${key} [${shape.join(', ')}]`).join(', ');
  if (shapes(found.observations) !== shapes(first.observations)) {
    throw new Error(`${file}: observations are ${shapes(found.observations)}, but earlier inputs have ${shapes(first.observations)}`);
  }
  return first;
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
