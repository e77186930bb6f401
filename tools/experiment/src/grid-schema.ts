import { z } from 'zod';

/**
 * npm start flags the experiment sets itself for every run: a grid may not set them (the
 * seed, env steps and checkpoint period come from the grid's own fields).
 */
export const RESERVED_FLAGS = ['seed', 'max-steps', 'checkpoint-period', 'runs-dir', 'port', 'print-config', 'help'] as const;

const flagValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
const flagName = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "expected an npm start flag name in kebab-case without the dashes, e.g. 'pretrain-steps'")
  .refine(
    (name) => !(RESERVED_FLAGS as readonly string[]).includes(name),
    (name) => ({
      message: `'${name}' is set by the experiment for every run (use the grid's seeds, envSteps and evalEvery instead)`,
    }),
  );
/** `{flag: value}` with npm start's flag names: `{"pretrain-steps": 300, "intervener": "oracle"}`. */
export const flagsSchema = z.record(flagName, flagValue);
export type Flags = Readonly<Record<string, z.infer<typeof flagValue>>>;

const armSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected letters, digits, ".", "_" or "-" (it names run folders)'),
    flags: flagsSchema.default({}),
  })
  .strict();

/** A study: arms (flag sets) x seeds, each run `envSteps` env steps, evaluated every `evalEvery` learner steps. */
export const gridSchema = z
  .object({
    study: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected lower-case letters, digits, "_" or "-" (it names the output folder)'),
    description: z.string().default(''),
    envSteps: z.number().int().min(1),
    seeds: z
      .array(z.number().int())
      .min(1)
      .refine((seeds) => new Set(seeds).size === seeds.length, 'seeds must be distinct'),
    parallel: z.number().int().min(1).optional(),
    evalEvery: z.number().int().min(1),
    evalEpisodes: z.number().int().min(1).default(20),
    evalSeed: z.number().int().default(1000),
    base: flagsSchema.default({}),
    arms: z
      .array(armSchema)
      .min(1)
      .refine((arms) => new Set(arms.map((a) => a.name)).size === arms.length, 'arm names must be distinct'),
  })
  .strict();

export type Grid = Readonly<z.infer<typeof gridSchema>>;

/** `arms.1.flags.x` as `arms[1].flags.x`. */
function formatPath(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('') || '(top level)';
}

/** Parses a grid file's text; errors name the file (`source`), the key and what was expected. */
export function parseGrid(text: string, source: string): Grid {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const result = gridSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${source}: ${formatPath(issue.path)}: ${issue.message}`);
  }
  return result.data;
}
