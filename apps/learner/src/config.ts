import { z } from 'zod';
import { agentFlagsSchema } from './agent-flags.js';

/**
 * The learner's whole configuration: every field is a flag (`batchSize` is `--batch-size`),
 * with hil-serl's defaults (`DefaultTrainingConfig`) where hil-serl has the field.
 */
export const learnerConfigSchema = z.object({
  port: z.number().int().min(0).max(65535).default(5588).describe('Port for actors (socket.io) and GET /status. 0 picks a free port.'),
  host: z.string().default('127.0.0.1').describe('Address to listen on. Use 0.0.0.0 to accept actors from other machines.'),
  token: z.string().min(1).default('rlpd-dev-token').describe('Shared secret actors must present; set your own outside a single machine.'),
  env: z
    .enum(['pick-cube', 'pick-cube-vision', 'franka-http'])
    .default('pick-cube')
    .describe(
      "Task whose observation/action spec the learner trains on. pick-cube-vision adds front and wrist camera images (uint8 128x128x3), which are stored and batched beside the state; franka-http is a robot (or sim) behind serl's HTTP robot server.",
    ),
  robotConfig: z
    .string()
    .optional()
    .describe('franka-http: the JSON file of FrankaEnvConfig fields the actor uses (--robot-config), for the spec; no robot is contacted.'),
  agentObservationKeys: z
    .array(z.string().min(1))
    .min(1)
    .default(['state'])
    .describe(
      "Observation keys the agent reads (float32 keys, concatenated); the other keys, such as camera images, travel, are stored and are batched beside them. Actors follow the learner's choice (it travels with the parameters).",
    ),
  encoder: z
    .enum(['none', 'default', 'resnet10', 'small'])
    .default('none')
    .describe(
      "Image encoder. Frozen, features cached per stored frame (--encoder-crops DrQ crops): default is the small conv net that ships with the project (pretrained on sim renders, see docs/pixels.md); resnet10 is hil-serl's ResNet-10 trunk, average-pooled to 512 features, with --encoder-weights resnet10_params.pkl. Trained: small is the same conv net per camera from random weights, trained end to end by the critic loss on the frames of every batch with DrQ shifts drawn per row (slower per step; its weights travel to actors with the policy). The agent reads <camera>_features of every camera before --agent-observation-keys.",
    ),
  drqSameShiftAcrossCameras: z
    .boolean()
    .default(true)
    .describe(
      "--encoder small: shift every camera of a batch row by the same DrQ offset, as hil-serl does (one random key for all image keys); --no-drq-same-shift-across-cameras draws each camera's offset independently.",
    ),
  encoderWeights: z
    .string()
    .default('')
    .describe(
      "Weights of --encoder: safetensors, or for resnet10 hil-serl's resnet10_params.pkl; empty: the shipped default. Actors must load the same file (checked by sha256).",
    ),
  encoderCrops: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('Pre-augmented crops (random 4-pixel shifts) cached per frame with --encoder; each batch row draws one.'),
  checkpointPath: z.string().default('runs/learner').describe('Folder for checkpoints (checkpoint_<step>/) and metrics.jsonl.'),
  demoPath: z.array(z.string()).default([]).describe('Demo pickle (hil-serl layout) to load into the demo buffer.'),
  resume: z.boolean().default(false).describe('Continue from the latest checkpoint in --checkpoint-path.'),
  force: z
    .boolean()
    .default(false)
    .describe(
      'Start a new run in a --checkpoint-path that holds one: its checkpoint_<step>/, buffer dumps and metrics.jsonl are deleted first (without --force or --resume such a path is refused).',
    ),
  journalFsync: z
    .enum(['batch', 'interval', 'none'])
    .default('batch')
    .describe(
      'When a received batch counts as durable (only then is it acked): batch = after an fsync of the journal (batches arriving during one fsync share the next); interval = after the next of the fsyncs run every --journal-fsync-interval-ms; none = once written to the OS (survives a learner crash, not a machine crash).',
    ),
  journalFsyncIntervalMs: z.number().int().min(1).default(50).describe('Milliseconds between journal fsyncs with --journal-fsync interval.'),
  batchSize: z
    .number()
    .int()
    .min(2, 'must be at least 2: half of each batch is online data, half demo data')
    .refine((n) => n % 2 === 0, 'must be even: half of each batch is online data, half demo data')
    .default(256)
    .describe('Transitions per update: half online, half demo (even, at least 2).'),
  ctaRatio: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('Critic updates per actor update: each learner step is (ctaRatio-1) critic-only updates and one full update.'),
  discount: z.number().min(0).max(1).default(0.97).describe('Discount factor gamma.'),
  trainingStarts: z.number().int().min(1).default(100).describe('Online transitions to wait for before training.'),
  stepsPerUpdate: z.number().int().min(1).default(50).describe('Learner steps between parameter broadcasts to actors.'),
  replayBufferCapacity: z.number().int().min(1).default(200000).describe('Capacity of the online buffer and of the demo buffer.'),
  prefetchDepth: z
    .number()
    .int()
    .min(1)
    .default(2)
    .describe('Batches sampled ahead of the learner, so an update rarely waits on the buffer; hil-serl prefetches 2.'),
  prefetchWorkers: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      "Worker threads that copy the image frames of prefetched batches while the learner trains. 0 fills batches on the learner's thread while it yields, right for state-only observations; 2 for camera observations.",
    ),
  maxSteps: z.number().int().min(1).default(1000000).describe('Learner steps after which the learner stops.'),
  tensorboard: z.boolean().default(false).describe('Also write the metrics as TensorBoard scalars, to <checkpoint-path>/tensorboard/events.out.tfevents.*.'),
  logPeriod: z.number().int().min(1).default(10).describe('Learner steps between metric lines in metrics.jsonl.'),
  checkpointPeriod: z.number().int().min(0).default(0).describe('Learner steps between checkpoints (0: only the final one, written on stop and Ctrl-C).'),
  interventionBuffers: z
    .enum(['demo-and-online', 'online'])
    .default('demo-and-online')
    .describe(
      'Where intervened transitions go: demo-and-online (hil-serl: they count as demonstrations, so they enter the demo buffer as well as the online buffer) or online (the online buffer only, like any other transition). A --resume replays the journal by the same rule.',
    ),
  pretrainSteps: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe("Demo-only updates before online training starts (the seed document's warm-up; 200-500 is a sensible range)."),
  hiddenDims: z.array(z.number().int().positive()).default([256, 256]).describe('Hidden layer sizes of actor and critics.'),
  criticEnsembleSize: z.number().int().min(1).default(2).describe('Critics in the ensemble.'),
  seed: z.number().int().default(42).describe('Seed for network init, sampling and exploration noise.'),
  backend: z
    .enum(['auto', 'tensorflow', 'wasm', 'cpu'])
    .default('auto')
    .describe('TensorFlow.js backend: auto tries tensorflow (tfjs-node), then wasm, then cpu.'),
  ...agentFlagsSchema.shape,
  statusFile: z.string().default('').describe('Also write the final summary JSON to this file (used by npm start).'),
});

export type LearnerConfig = Readonly<z.infer<typeof learnerConfigSchema>>;
