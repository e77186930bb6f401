import { z } from 'zod';

/** Per-episode statistics the actor reports (logged as `environment/...` by the learner). */
export const episodeStatsSchema = z.object({
  /** Return: sum of rewards. */
  return: z.number().finite(),
  /** Length in steps. */
  length: z.number().int().nonnegative(),
  /** Whether the task succeeded during the episode. */
  success: z.boolean(),
  /** Rising edges of intervention (how many times a person/oracle took over). */
  interventionCount: z.number().int().nonnegative(),
  /** Steps whose action came from an intervention. */
  interventionSteps: z.number().int().nonnegative(),
  /** Wall-clock duration in seconds. */
  duration: z.number().nonnegative(),
});
export type EpisodeStats = z.infer<typeof episodeStatsSchema>;
