import { z } from 'zod';

export const trainRewardClassifierConfigSchema = z.object({
  task: z.enum(['pick-cube-vision']).default('pick-cube-vision').describe('Task whose camera frames the files hold.'),
  success: z
    .array(z.string())
    .min(1)
    .describe('Pickle(s) of success transitions (hil-serl layout; record-demos --success-out writes them): the next observation of each is a success frame.'),
  failure: z.array(z.string()).min(1).describe('Pickle(s) of failure transitions (record-demos --failure-out).'),
  out: z
    .string()
    .default('reward-classifier.safetensors')
    .describe('Where the classifier goes (safetensors, written atomically); pass it to the actor as --reward-classifier.'),
  encoder: z.enum(['default', 'resnet10']).default('default').describe('Frozen encoder whose features the classifier reads.'),
  encoderWeights: z.string().default('').describe('Weights of --encoder; empty: the shipped file.'),
  holdoutFraction: z.number().min(0.05).max(0.5).default(0.2).describe('Share of the frames (drawn at random) kept out of training for the reported scores.'),
  seed: z.number().int().default(0).describe('Seeds the split and the initialisation.'),
  backend: z.enum(['auto', 'wasm', 'cpu']).default('auto').describe('tfjs backend for the encoder.'),
});
export type TrainRewardClassifierConfig = Readonly<z.infer<typeof trainRewardClassifierConfigSchema>>;
