import { z } from 'zod';

/** Flags of `npm run -s spacemouse -- list|watch|decode`. */
export const spaceMouseToolConfigSchema = z.object({
  product: z.number().int().min(0).max(0xffff).optional().describe("decode: product ID of the recording's device (e.g. 0xc635), which sets the report layout."),
  layout: z.enum(['auto', 'split', 'combined']).default('auto').describe('decode: report layout; auto takes it from --product.'),
  index: z.number().int().min(0).default(0).describe('watch: which connected SpaceMouse (0 = first by path).'),
  hz: z.number().positive().default(10).describe('watch: lines per second.'),
  seconds: z.number().min(0).default(0).describe('watch: stop after this long (0: until Ctrl-C).'),
  raw: z.boolean().default(false).describe('watch: print every raw report as a hex line instead (redirect to a file to record a device for `decode`).'),
  staleMs: z.number().int().min(1).default(300).describe('watch: silence while deflected after which the device counts as stale.'),
});
export type SpaceMouseToolConfig = Readonly<z.infer<typeof spaceMouseToolConfigSchema>>;
