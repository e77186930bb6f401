import type { Env } from './env.js';
import { createPickCubeEnv } from './pick-cube-env.js';
import { pickCubeConfigSchema } from './pick-cube-config.js';
import { createPickCubeVisionEnv } from './pick-cube-vision-env.js';
import { pickCubeVisionConfigSchema } from './pick-cube-vision-config.js';
import { createFrankaEnv } from './franka/create-franka-env.js';

/** Options for `createEnv`: the named env's config fields (validated by that env's schema). */
export type EnvOptions = Readonly<Record<string, unknown>>;

type EnvFactory = (options: EnvOptions) => Promise<Env>;

const ENV_FACTORIES: Readonly<Record<string, EnvFactory>> = {
  'pick-cube': (options) => createPickCubeEnv(pickCubeConfigSchema.parse(options)),
  'pick-cube-vision': (options) => createPickCubeVisionEnv(pickCubeVisionConfigSchema.parse(options)),
  // A Franka (or any sim) behind serl's HTTP robot server; options: FrankaEnvConfig fields.
  'franka-http': async (options) => (await createFrankaEnv(options)).env,
};

/** Names `createEnv` accepts. */
export const ENV_NAMES: readonly string[] = Object.keys(ENV_FACTORIES);

/** Creates a registered env by name; throws listing the known names when `name` is unknown. */
export async function createEnv(name: string, options: EnvOptions = {}): Promise<Env> {
  const factory = Object.hasOwn(ENV_FACTORIES, name) ? ENV_FACTORIES[name] : undefined;
  if (factory === undefined) {
    throw new Error(`unknown env '${name}'; known envs: ${ENV_NAMES.join(', ')}`);
  }
  return factory(options);
}
