import { z } from 'zod';
import { intervenerFlagsSchema } from '@rlpd/intervention';

export const recordDemosConfigSchema = z.object({
  task: z
    .enum(['pick-cube', 'pick-cube-vision'])
    .default('pick-cube')
    .describe(
      "Task to record. pick-cube-vision records the front and wrist camera images, (1, 128, 128, 3) uint8 each in the pickle; the oracle reads the cube position from the sim's privileged state.",
    ),
  episodes: z.number().int().min(1).default(20).describe('Successful episodes to record.'),
  out: z.string().describe('Output pickle (hil-serl layout: a list of transition dicts with numpy arrays). An existing file is kept unless --force.'),
  force: z.boolean().default(false).describe('Overwrite --out when it exists.'),
  intervener: z
    .enum(['oracle', 'spacemouse', 'keyboard'])
    .default('oracle')
    .describe(
      'Who demonstrates: the scripted oracle, or a person with a SpaceMouse or the keyboard (the sim runs in real time; Esc abandons an episode). See docs/teleoperation.md.',
    ),
  noise: z.number().min(0).default(0.1).describe("Std of Gaussian noise added to the oracle's actions, for diverse demos."),
  seed: z.number().int().default(0).describe('Seed of the first episode; episode i uses seed + i.'),
  ...intervenerFlagsSchema.pick({
    spacemice: true,
    spacemouseAxisMap: true,
    spacemouseScale: true,
    spacemouseDeadzone: true,
    spacemouseStaleMs: true,
    keyboardSpeed: true,
    interveneMask: true,
  }).shape,
  realTime: z.boolean().default(true).describe('With a person demonstrating: pace the sim to its 10 Hz control rate.'),
  successOut: z
    .string()
    .default('')
    .describe(
      "Also write every step whose next frame is a success (the sim's info.success), from all attempts, to this pickle: the success frames train-reward-classifier reads (hil-serl's record_success_fail labels them by key press).",
    ),
  failureOut: z
    .string()
    .default('')
    .describe('Also write every other step (no success in its next frame), from all attempts, to this pickle: the failure frames.'),
  maxAttempts: z.number().int().min(0).default(0).describe('Give up after this many episodes (0: 3x --episodes).'),
});
export type RecordDemosConfig = Readonly<z.infer<typeof recordDemosConfigSchema>>;
