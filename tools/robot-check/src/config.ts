import { z } from 'zod';

/** Flags of `npm run -s robot-check --`. */
export const robotCheckConfigSchema = z.object({
  robotUrl: z.string().url().describe('Robot server base URL, e.g. http://127.0.0.1:5000/ (serl franka_server or npm run sim-robot-server).'),
  safetyBox: z
    .string()
    .optional()
    .describe(
      'xyz box (metres) every commanded pose is clipped into: x0,y0,z0,x1,y1,z1. Default: the current TCP position +/- 5 cm. Orientation: the current one +/- --rotation-margin.',
    ),
  rotationMargin: z
    .number()
    .positive()
    .max(1.2)
    .default(0.3)
    .describe('Euler bounds of the box: the current orientation +/- this many radians (ry stays inside +/- pi/2).'),
  steps: z.number().int().min(0).default(50).describe('Steps of the policy to run after the scripted moves.'),
  policy: z
    .enum(['random', 'zero'])
    .default('random')
    .describe('Policy for those steps: uniform random 7-D actions (gripper included) or all zeros (hold still).'),
  controlHz: z.number().positive().max(1000).default(10).describe('Control rate of the check.'),
  actionScale: z.number().positive().max(0.05).default(0.01).describe('Metres per unit of xyz action (rotation: 6x this in radians, as hil-serl).'),
  gripperSleep: z.number().min(0).default(0.6).describe('Seconds to wait after each gripper command.'),
  timeoutMs: z.number().int().positive().default(2000).describe('Timeout of one robot-server request.'),
  seed: z.number().int().default(1).describe('Seed of the random policy.'),
});
export type RobotCheckConfig = Readonly<z.infer<typeof robotCheckConfigSchema>>;

/** The xyz box of `--safety-box`, low and high corners; throws naming the flag when malformed or empty. */
export function parseXyzBox(text: string): { low: [number, number, number]; high: [number, number, number] } {
  const values = text.split(',').map((v) => Number(v.trim()));
  if (values.length !== 6 || values.some((v) => !Number.isFinite(v)))
    throw new Error(`--safety-box: expected 6 comma-separated numbers x0,y0,z0,x1,y1,z1, got '${text}'`);
  const low: [number, number, number] = [values[0], values[1], values[2]];
  const high: [number, number, number] = [values[3], values[4], values[5]];
  for (let i = 0; i < 3; i++) if (!(low[i] < high[i])) throw new Error(`--safety-box: axis ${'xyz'[i]} has low ${low[i]} >= high ${high[i]}`);
  return { low, high };
}
