import { z } from 'zod';
import { boxSpaceSchema, formatBoxType } from './box-space.js';

/** Observation space: named boxes (`state`, camera keys such as `wrist_1`), as in hil-serl. */
export const observationSpaceSchema = z.record(z.string().min(1), boxSpaceSchema);
export type ObservationSpace = Readonly<Record<string, z.infer<typeof boxSpaceSchema>>>;

/** What a learner and an actor must agree on before any data flows. */
export const envSpecSchema = z.object({
  /** Task name, e.g. `pick-cube`. */
  name: z.string().min(1),
  observationSpace: observationSpaceSchema,
  actionSpace: boxSpaceSchema,
  /** Steps after which an episode is truncated. */
  maxEpisodeSteps: z.number().int().positive(),
  /** Control frequency in Hz. */
  controlHz: z.number().positive(),
});
export type EnvSpec = Readonly<z.infer<typeof envSpecSchema>>;

/**
 * True when two specs describe the same data layout (names of tasks may differ, shapes,
 * dtypes and bounds may not). Returns the first difference as a sentence, or null.
 */
export function describeSpecMismatch(expected: EnvSpec, actual: EnvSpec): string | null {
  const expKeys = Object.keys(expected.observationSpace).sort();
  const actKeys = Object.keys(actual.observationSpace).sort();
  if (expKeys.join(',') !== actKeys.join(',')) {
    return `observation keys differ: expected [${expKeys.join(', ')}], got [${actKeys.join(', ')}]`;
  }
  for (const key of expKeys) {
    const e = expected.observationSpace[key];
    const a = actual.observationSpace[key];
    if (e.shape.join('x') !== a.shape.join('x') || e.dtype !== a.dtype) {
      return `observation '${key}' differs: expected ${formatBoxType(e.dtype, e.shape)}, got ${formatBoxType(a.dtype, a.shape)}`;
    }
  }
  const ea = expected.actionSpace;
  const aa = actual.actionSpace;
  if (ea.shape.join('x') !== aa.shape.join('x') || ea.dtype !== aa.dtype) {
    return `action space differs: expected ${formatBoxType(ea.dtype, ea.shape)}, got ${formatBoxType(aa.dtype, aa.shape)}`;
  }
  return null;
}
