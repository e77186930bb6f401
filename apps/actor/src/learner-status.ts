import { z } from 'zod';

/** The part of the learner's GET /status the actor relies on. */
const learnerStatusSchema = z.object({
  learnerStep: z.number().int().nonnegative(),
  /** Transitions the learner holds from all actors. */
  totalTransitions: z.number().int().nonnegative(),
  trainingStarts: z.number().int().nonnegative(),
  phase: z.string(),
});
export type LearnerStatus = z.infer<typeof learnerStatusSchema>;

/** Reads and validates the learner's GET /status; the error names the URL and the bad field. */
export async function fetchLearnerStatus(learnerUrl: string): Promise<LearnerStatus> {
  const url = new URL('/status', learnerUrl).toString();
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const parsed = learnerStatusSchema.safeParse(await response.json());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`GET ${url}: field '${issue.path.join('.')}': ${issue.message}`);
  }
  return parsed.data;
}
