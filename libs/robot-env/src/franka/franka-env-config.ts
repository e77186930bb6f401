import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { safetyBoxSchema } from './safety-box.js';

const vec6 = z.array(z.number().finite()).length(6);
const params = z.record(z.string(), z.union([z.number(), z.array(z.number())]));

/**
 * FrankaHttpEnv settings (hil-serl's DefaultEnvConfig where a field exists there). Poses are
 * xyz in metres + scipy 'xyz' euler angles in radians. Defaults suit the sim robot server
 * (home TCP at (0.4, 0, 0.2) pointing down); a real robot needs its own box and reset pose.
 */
export const frankaEnvConfigSchema = z
  .object({
    robotUrl: z.string().url().default('http://127.0.0.1:5000/').describe('Robot server base URL.'),
    controlHz: z.number().positive().default(10).describe('Control rate; steps are paced on a monotonic clock.'),
    maxEpisodeSteps: z.number().int().positive().default(100).describe('MAX_EPISODE_LENGTH: the episode is truncated after this many steps.'),
    actionScale: z
      .tuple([z.number().nonnegative(), z.number().nonnegative(), z.number().nonnegative()])
      .default([0.01, 0.06, 1])
      .describe('ACTION_SCALE: metres per unit xyz action, radians per unit rotation action, gripper factor.'),
    safetyBox: safetyBoxSchema
      .default({ low: [0.25, -0.2, 0.03, Math.PI - 0.3, -0.3, -0.6], high: [0.55, 0.2, 0.35, Math.PI + 0.3, 0.3, 0.6] })
      .describe('ABS_POSE_LIMIT_LOW/HIGH: every commanded pose is clipped into this box.'),
    resetPose: vec6.default([0.4, 0, 0.2, Math.PI, 0, 0]).describe('RESET_POSE: xyz + euler the TCP returns to at reset.'),
    randomReset: z.boolean().default(false).describe('RANDOM_RESET: perturb the reset pose in x, y and yaw.'),
    randomXyRange: z.number().nonnegative().default(0.02).describe('RANDOM_XY_RANGE (m): uniform +/- on x and y.'),
    randomRzRange: z.number().nonnegative().default(0.05).describe('RANDOM_RZ_RANGE (rad): uniform +/- on the last euler angle.'),
    resetMoveSeconds: z.number().nonnegative().default(1).describe('Duration of the interpolated move to the reset pose.'),
    jointResetPeriod: z.number().int().nonnegative().default(0).describe('JOINT_RESET_PERIOD: /jointreset every N resets (0: never).'),
    gripperSleepSeconds: z
      .number()
      .nonnegative()
      .default(0.6)
      .describe('GRIPPER_SLEEP: blocking wait after a gripper command; also the minimum time between two.'),
    eulerConvention: z
      .enum(['scipy', 'serl'])
      .default('scipy')
      .describe(
        "How resetPose's euler angles become a quaternion: scipy 'xyz', or serl's euler_2_quat (flips the pitch's sign) to reproduce a hil-serl config exactly.",
      ),
    requestTimeoutMs: z.number().int().positive().default(2000).describe('Timeout of one robot-server request; /jointreset gets 30 s.'),
    onRobotError: z
      .enum(['end-episode', 'throw'])
      .default('end-episode')
      .describe('A failed or timed-out request during step: end the episode (truncated, info.robotError) or throw.'),
    targetPose: vec6.optional().describe('TARGET_POSE for the pose reward: reward 1 (and termination) when within rewardThreshold.'),
    rewardThreshold: vec6.optional().describe('REWARD_THRESHOLD: per-axis |xyz| and |euler| tolerance of the pose reward.'),
    complianceParams: params.optional().describe('COMPLIANCE_PARAM sent with /update_param for normal operation.'),
    precisionParams: params.optional().describe('PRECISION_PARAM sent with /update_param during the reset move.'),
    relativeFrame: z
      .boolean()
      .default(true)
      .describe('createFrankaEnv: wrap with RelativeFrame (actions and velocities in the end-effector frame, pose relative to the reset pose).'),
    relativeFrameAdjoint: z
      .enum(['serl', 'rotation'])
      .default('serl')
      .describe(
        "RelativeFrame's frame change: serl's adjoint [[R,0],[p^R,R]] (translating also commands a rotation p x Rv, as hil-serl), or 'rotation' ([[R,0],[0,R]]: no coupling).",
      ),
    quatToEuler: z.boolean().default(true).describe('createFrankaEnv: wrap with QuatToEuler (tcp_pose as xyz + euler: state has 19 values).'),
    gripperClosed: z.boolean().default(false).describe('createFrankaEnv: wrap with GripperClose (6-D actions, gripper held closed).'),
    gripperPenalty: z.number().nonnegative().default(0).describe('createFrankaEnv: GripperPenalty per gripper change (0: off).'),
    historyHorizon: z.number().int().nonnegative().default(0).describe('createFrankaEnv: ObservationHistory axis of this length (0: none).'),
    cameras: z.array(z.string().min(1)).default([]).describe("Camera names to observe through the robot server's /getimage extension (sim robot server)."),
    imageSize: z
      .tuple([z.number().int().positive(), z.number().int().positive()])
      .default([128, 128])
      .describe('Height and width of every camera image (hil-serl: 128 x 128); the server must match.'),
  })
  .strict();
export type FrankaEnvConfig = Readonly<z.infer<typeof frankaEnvConfigSchema>>;
export type FrankaEnvConfigInput = z.input<typeof frankaEnvConfigSchema>;

/** Reads a JSON file of FrankaEnvConfig fields; errors name the file and the bad field. */
export function loadFrankaEnvConfigFile(path: string): FrankaEnvConfigInput {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`robot config ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = frankaEnvConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`robot config ${path}: '${issue.path.join('.') || '(root)'}': ${issue.message}`);
  }
  return json as FrankaEnvConfigInput;
}
