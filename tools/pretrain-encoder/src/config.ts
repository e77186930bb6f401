import { z } from 'zod';

export const pretrainEncoderConfigSchema = z.object({
  out: z
    .string()
    .default('libs/sac-agent/assets/default-encoder.safetensors')
    .describe('Where the encoder weights go (safetensors, written atomically); the default is the file the project ships.'),
  trainFrames: z.number().int().min(64).default(4000).describe('Rendered training samples (a front and a wrist frame each).'),
  testFrames: z.number().int().min(16).default(800).describe('Held-out samples, from episodes of other seeds, for the reported errors.'),
  framesPerEpisode: z.number().int().min(1).max(100).default(20).describe('Samples taken from each rendered episode (evenly spread over its 100 steps).'),
  epochs: z.number().int().min(1).default(12).describe('Passes over the training samples.'),
  batchSize: z.number().int().min(1).default(64).describe('Samples per Adam step.'),
  learningRate: z.number().positive().default(1e-3).describe('Adam learning rate.'),
  seed: z.number().int().default(0).describe('Seeds the episodes, the initialisation and the batch order.'),
  backend: z.enum(['auto', 'wasm', 'cpu']).default('auto').describe('tfjs backend.'),
});
export type PretrainEncoderConfig = Readonly<z.infer<typeof pretrainEncoderConfigSchema>>;
