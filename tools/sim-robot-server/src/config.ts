import { z } from 'zod';

/** Flags of `npm run -s sim-robot-server --`. */
export const simRobotServerToolConfigSchema = z.object({
  port: z.number().int().min(0).max(65535).default(5000).describe('TCP port (the Franka robot server uses 5000; 0 picks a free one).'),
  host: z.string().default('127.0.0.1').describe('Interface to listen on (0.0.0.0 to serve other machines).'),
  task: z
    .enum(['pick-cube', 'pick-cube-vision'])
    .default('pick-cube')
    .describe('Scene: pick-cube (arm, gripper, cube); pick-cube-vision also renders the front and wrist cameras (POST /cameras, /getimage).'),
  seed: z.number().int().default(0).describe('Seed of the cube placements (POST /reset_scene re-randomises).'),
  timing: z
    .enum(['realtime', 'lockstep'])
    .default('realtime')
    .describe('realtime: physics follows the wall clock, /pose returns at once (like a robot). lockstep: each /pose advances --control-period-s of sim time.'),
  controlPeriodS: z.number().positive().default(0.1).describe('lockstep: simulated seconds one /pose advances (0.1 = 10 Hz).'),
  imageWidth: z.number().int().positive().max(1024).default(128).describe('pick-cube-vision: camera image width in pixels (POST /getimage).'),
  imageHeight: z.number().int().positive().max(1024).default(128).describe('pick-cube-vision: camera image height in pixels.'),
});
export type SimRobotServerToolConfig = Readonly<z.infer<typeof simRobotServerToolConfigSchema>>;
