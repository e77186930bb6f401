import { z } from 'zod';

export const recordDemosConfigSchema = z.object({
  task: z.enum(['pick-cube']).default('pick-cube').describe('Task to record.'),
  episodes: z.number().int().min(1).default(20).describe('Successful episodes to record.'),
  out: z.string().describe('Output pickle (hil-serl layout: a list of transition dicts with numpy arrays).'),
  intervener: z.enum(['oracle']).default('oracle').describe('Who demonstrates: the scripted oracle (SpaceMouse and keyboard come with the teleoperation issue).'),
  noise: z.number().min(0).default(0.1).describe('Std of Gaussian noise added to the oracle\'s actions, for diverse demos.'),
  seed: z.number().int().default(0).describe('Seed of the first episode; episode i uses seed + i.'),
  maxAttempts: z.number().int().min(0).default(0).describe('Give up after this many episodes (0: 3x --episodes).'),
});
export type RecordDemosConfig = Readonly<z.infer<typeof recordDemosConfigSchema>>;
