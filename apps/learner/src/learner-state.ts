import { z } from 'zod';

/** What `state.json` of a learner checkpoint holds besides the tensors (validated on resume). */
export const learnerStateSchema = z.object({
  step: z.number().int().nonnegative(),
  pretrainStep: z.number().int().nonnegative(),
  paramsVersion: z.number().int().nonnegative(),
  /** Online transitions in buffer/ dumps at this checkpoint (absent before the journal existed). */
  dumpedOnline: z.number().int().nonnegative().optional(),
  sampler: z.object({
    algorithm: z.literal('xoshiro128**'),
    words: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  }),
});
export type LearnerState = z.infer<typeof learnerStateSchema>;

/** Parses a checkpoint's state.json content; the error names the folder and the bad field. */
export function parseLearnerState(state: unknown, dir: string): LearnerState {
  const parsed = learnerStateSchema.safeParse(state);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${dir}/state.json: field '${issue.path.join('.')}': ${issue.message}`);
  }
  return parsed.data;
}
