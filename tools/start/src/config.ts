import { z } from 'zod';

/** `npm start` flags. Everything else uses the learner's and actor's defaults. */
export const startConfigSchema = z.object({
  env: z
    .enum(['pick-cube', 'pick-cube-vision'])
    .default('pick-cube')
    .describe(
      'Task: pick-cube, or pick-cube-vision (front and wrist camera images travel to the learner, are stored and batched; the agent reads --agent-observation-keys, the state by default).',
    ),
  maxSteps: z
    .number()
    .int()
    .min(1)
    .default(15000)
    .describe(
      'Environment steps to run before stopping (default: enough to learn pick-cube with margin; seeds seen reaching 80% success between 6,200 and 9,800 steps).',
    ),
  demoPath: z.string().default('').describe('Demo pickle; recorded with the oracle first if the file is missing. Empty: demos/<env>-20.pkl.'),
  demoEpisodes: z.number().int().min(1).default(20).describe('Episodes to record when the demo file is missing.'),
  runsDir: z.string().default('runs').describe('Each run writes checkpoints, metrics.jsonl and logs to <runs-dir>/<env>-<time>/.'),
  agentObservationKeys: z
    .array(z.string().min(1))
    .min(1)
    .default(['state'])
    .describe('Observation keys the agent reads (passed to the learner; the actor follows).'),
  encoder: z
    .enum(['none', 'default', 'resnet10', 'small'])
    .default('none')
    .describe(
      "Image encoder for pick-cube-vision (learner --encoder): the agent then reads both cameras' features and the state. default: the small conv net shipped with the project, frozen, features cached (see docs/pixels.md); small: the same net from random weights, trained end to end by the critic loss with DrQ shifts per batch (several times slower per learner step; the learner copies frames with 2 prefetch workers).",
    ),
  encoderWeights: z
    .string()
    .default('')
    .describe('Weights for a frozen --encoder (safetensors), given to the learner and the actor; empty: the shipped file. Not for --encoder small.'),
  intervener: z.enum(['none', 'oracle']).default('none').describe('Let the scripted oracle intervene as a person would (see --oracle-mode).'),
  oracleMode: z
    .enum(['stall', 'always-after-step'])
    .default('stall')
    .describe(
      'With --intervener oracle: stall (take over whenever the policy stalls, from the start) or always-after-step (the same, only from learner step --oracle-start-step), to compare when intervening helps.',
    ),
  oracleStartStep: z
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('With --oracle-mode always-after-step: the learner step from which the oracle may take over.'),
  oracleStopStep: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'With --intervener oracle, any mode: the learner step from which the oracle no longer takes over (0: never stops); with always-after-step it intervenes while --oracle-start-step <= learner step < --oracle-stop-step.',
    ),
  interventionBuffers: z
    .enum(['demo-and-online', 'online'])
    .default('demo-and-online')
    .describe(
      'Where the learner puts intervened transitions: demo-and-online (hil-serl: the demo buffer as well as the online buffer) or online (the online buffer only).',
    ),
  pretrainSteps: z.number().int().min(0).default(0).describe('Demo-only learner steps before online training (the warm-up).'),
  checkpointPeriod: z.number().int().min(0).default(2000).describe('Learner steps between checkpoints (a final one is always written).'),
  learnerStepsPerEnvStep: z.number().min(0).default(1).describe('Learner steps per env step the actor is paced to.'),
  // The values of @rlpd/sac-agent's SETUP_MODES (not imported: this launcher loads no tfjs); the learner and actor validate them again.
  setupMode: z
    .enum(['single-arm-continuous-gripper', 'single-arm-learned-gripper'])
    .default('single-arm-continuous-gripper')
    .describe(
      'single-arm-learned-gripper: a grasp critic (DQN over close/stay/open) chooses the gripper, the policy moves the arm; passed to the learner and the actor.',
    ),
  seed: z.number().int().default(42).describe('Seed of the learner; the actor uses seed + 1.'),
  port: z.number().int().min(0).max(65535).default(0).describe('Learner port (0: a free port).'),
  printConfig: z
    .boolean()
    .default(false)
    .describe(
      'Print the resolved configuration (every flag, defaults filled in) as one JSON line on stdout and exit without running (npm run experiment identifies runs by it).',
    ),
});

export type StartConfig = Readonly<z.infer<typeof startConfigSchema>>;
