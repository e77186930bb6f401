import { z } from 'zod';
import { intervenerFlagsSchema } from '@rlpd/intervention';
import { policyFlagsSchema } from './policy-options.js';

/** The actor's whole configuration: every field is a flag (`maxSteps` is `--max-steps`). */
export const actorConfigSchema = z.object({
  learnerUrl: z.string().url().default('http://127.0.0.1:5588').describe('Learner to connect to.'),
  token: z.string().min(1).default('rlpd-dev-token').describe('Shared secret the learner expects.'),
  connectTimeout: z
    .number()
    .min(1)
    .default(120)
    .describe('Seconds to keep trying to reach the learner (started before it, or while it restarts) before giving up.'),
  actorId: z.string().min(1).default('actor-0').describe("Name of this actor in the learner's logs and /status."),
  env: z
    .enum(['pick-cube', 'pick-cube-vision', 'franka-http'])
    .default('pick-cube')
    .describe(
      "Environment to run: pick-cube is the embedded MuJoCo sim; pick-cube-vision the same task observed through front and wrist cameras (uint8 128x128x3 images beside a state without the cube position; the policy reads the keys the learner names, its --agent-observation-keys); franka-http a robot (or a sim) behind serl's HTTP robot server at --robot-url (see docs/franka.md).",
    ),
  robotUrl: z
    .string()
    .url()
    .default('http://127.0.0.1:5000/')
    .describe('franka-http: robot server base URL (serl franka_server, or npm run sim-robot-server).'),
  robotConfig: z
    .string()
    .optional()
    .describe(
      'franka-http: JSON file of FrankaEnvConfig fields (safety box, reset pose, action scale, control rate, ...); --robot-url overrides its robotUrl.',
    ),
  intervener: z
    .enum(['none', 'oracle', 'spacemouse', 'keyboard'])
    .default('none')
    .describe(
      'Who may take over: none, the scripted oracle standing in for a person, or a person with a SpaceMouse or the keyboard (see docs/teleoperation.md).',
    ),
  ...intervenerFlagsSchema.shape,
  realTime: z.boolean().optional().describe('Pace the sim to its control rate (10 Hz) so a person can follow; default on for spacemouse and keyboard.'),
  maxSteps: z
    .number()
    .int()
    .min(1)
    .default(1000000)
    .describe('Environment steps after which the actor stops (finishing the current episode is not waited for).'),
  randomSteps: z.number().int().min(0).default(0).describe('First steps use uniform random actions instead of the policy.'),
  learnerStepsPerEnvStep: z
    .number()
    .min(0)
    .default(1)
    .describe(
      'Pacing in the sim: wait so that learner steps per env step stay near this ratio once training runs (0: no pacing; a real robot paces itself at 10 Hz).',
    ),
  pacingSlack: z.number().int().min(0).default(50).describe('Learner steps the actor may run ahead of the pacing ratio.'),
  sendEvery: z.number().int().min(1).default(10).describe('Transitions per message to the learner (an episode end always flushes).'),
  maxUnackedMb: z
    .number()
    .min(1)
    .default(256)
    .describe(
      'Megabytes of sent but unacked transitions kept in memory. While the learner is away the actor keeps stepping: past this bound batches are spilled to --spill-path, past --max-spill-mb (or --max-unacked-batches) it pauses, with a log line, until the learner acks.',
    ),
  spillPath: z.string().default('').describe('Folder for spilled unacked batches, deleted when the actor stops (empty: a folder in the OS temp dir).'),
  maxSpillMb: z.number().min(0).default(4096).describe('Megabytes of unacked batches spilled to disk before the actor pauses (0: never spill).'),
  maxUnackedBatches: z
    .number()
    .int()
    .min(1)
    .default(100000)
    .describe('Unacked batches (of --send-every transitions) in memory and spilled together before the actor pauses.'),
  flushTimeout: z
    .number()
    .min(0)
    .default(10)
    .describe(
      'Seconds to wait, when stopping (max steps, Ctrl-C, SIGTERM), for the learner to ack what was sent; the JSON summary line then says how much was acked.',
    ),
  seed: z.number().int().default(1).describe('Seed for env resets and policy noise.'),
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto').describe('TensorFlow.js backend for the policy.'),
  checkpointPath: z.string().default('runs/learner').describe('Learner checkpoint folder, used with --eval-checkpoint-step.'),
  evalCheckpointStep: z.number().int().min(0).optional().describe('Evaluate checkpoint_<N> deterministically instead of training (no learner needed).'),
  evalNTrajs: z.number().int().min(1).default(20).describe('Episodes to run in evaluation.'),
  encoder: z
    .enum(['default', 'resnet10', 'small'])
    .default('default')
    .describe(
      "Frozen image encoder to run when the learner's policy reads camera features (learner --encoder); loaded only then. small: the learner trains the encoder and sends its weights with every policy, so nothing is loaded here (a policy that carries an encoder is run with it whatever this flag says).",
    ),
  encoderWeights: z
    .string()
    .default('')
    .describe(
      "Weights of --encoder: safetensors, or for resnet10 hil-serl's resnet10_params.pkl; empty: the shipped default. Must be the learner's file (checked by sha256).",
    ),
  rewardClassifier: z
    .string()
    .default('')
    .describe(
      "Success classifier (train-reward-classifier output) that replaces the sim's reward: 1 and episode end when p(success) > 0.5 on the camera frames, else 0 (pick-cube-vision; reads --encoder features, the default encoder's with --encoder small).",
    ),
  hiddenDims: z.array(z.number().int().positive()).default([256, 256]).describe('Hidden layer sizes of the policy (must match the learner).'),
  ...policyFlagsSchema.shape,
});

export type ActorConfig = Readonly<z.infer<typeof actorConfigSchema>>;
