import { z } from 'zod';
import type { Observation } from '@rlpd/spaces';
import type { Intervener } from './intervener.js';
import { createNoIntervener } from './no-intervener.js';
import { createOracleIntervener } from './oracle-intervener.js';
import type { HidBackend } from './spacemouse/hid-device.js';
import type { TeleopLog } from './teleop-log.js';
import { createKeyboardIntervener } from './teleop/keyboard-intervener.js';
import { createSpaceMouseIntervener } from './teleop/spacemouse-intervener.js';
import { HIL_SERL_AXIS_MAP } from './teleop/twist-mapping.js';

const numberList = (name: string, size: number) =>
  z.string().regex(new RegExp(`^\\s*-?[\\d.]+(\\s*,\\s*-?[\\d.]+){${size - 1}}\\s*$`), `${name} needs ${size} comma-separated numbers`);

/**
 * The intervention flags shared by the actor and record-demos (spread `.shape` into a
 * program's schema): oracle modes, SpaceMouse mapping, keyboard speed, and the common
 * threshold, hold time and mask.
 */
export const intervenerFlagsSchema = z.object({
  oracleMode: z
    .enum(['stall', 'budget', 'always-after-step'])
    .default('stall')
    .describe(
      'Oracle: stall (take over whenever the policy stalls), budget (at most --oracle-budget-fraction of each episode, halving every --oracle-budget-half-life learner steps), always-after-step (only from learner step --oracle-start-step).',
    ),
  stallSteps: z.number().int().min(1).default(10).describe('Oracle: steps without progress (best reward not improving) before it takes over.'),
  takeoverSteps: z.number().int().min(1).default(20).describe('Oracle: steps it keeps control once it takes over.'),
  oracleBudgetFraction: z
    .number()
    .min(0)
    .max(1)
    .default(0.2)
    .describe("Oracle budget mode: largest fraction of an episode's steps it may take, at learner step 0."),
  oracleBudgetHalfLife: z.number().min(0).default(5000).describe('Oracle budget mode: learner steps after which the fraction halves (0: no decay).'),
  oracleStartStep: z.number().int().min(0).default(1000).describe('Oracle always-after-step mode: learner step from which it may take over.'),
  oracleStopStep: z
    .number()
    .int()
    .min(0)
    .default(0)
    .describe(
      'Oracle, every mode: learner step from which it no longer takes over (0: never stops); with always-after-step it intervenes while --oracle-start-step <= learner step < --oracle-stop-step.',
    ),
  spacemice: z.number().int().min(1).max(2).default(1).describe('SpaceMice to open, one per arm (2 for a 14-D bimanual action).'),
  spacemouseAxisMap: z
    .string()
    .default(HIL_SERL_AXIS_MAP.join(','))
    .describe("Reading axis feeding each of the action's x,y,z,roll,pitch,yaw ('-' flips, 0 none); hil-serl's default."),
  spacemouseScale: z.number().min(0).default(1).describe('Gain from SpaceMouse deflection (about -1..1) to action units.'),
  spacemouseDeadzone: z.number().min(0).default(0).describe('SpaceMouse readings at or below this magnitude count as 0.'),
  spacemouseStaleMs: z.number().int().min(1).default(300).describe('A deflected SpaceMouse silent this long is stale: no intervention, logged.'),
  keyboardSpeed: z.number().min(0).default(0.5).describe('Keyboard: action units per step for a held key.'),
  interveneThreshold: z.number().min(0).default(0.001).describe('Teleop: a person takes over when the twist norm exceeds this, or on a gripper button.'),
  interveneHoldMs: z.number().min(0).default(0).describe('Teleop: keep intervening this long after the last input (serl: 500).'),
  interveneMask: numberList('--intervene-mask', 7)
    .default('1,1,1,1,1,1,1')
    .describe('Teleop: which of x,y,z,roll,pitch,yaw,gripper the person controls (1) or not (0).'),
});
export type IntervenerFlags = Readonly<z.infer<typeof intervenerFlagsSchema>>;

/** Who may take over. */
export type IntervenerKind = 'none' | 'oracle' | 'spacemouse' | 'keyboard';

export interface IntervenerDeps {
  readonly actionDim: number;
  /** Gripper target that keeps the gripper as observed (e.g. `pickCubeGripperTarget`). */
  readonly initialGripper?: (observation: Observation) => number;
  /** The person drives every step (recording demos). */
  readonly alwaysIntervene?: boolean;
  /** Oracle noise and seed (record-demos). */
  readonly oracleNoise?: number;
  readonly oracleSeed?: number;
  readonly hidBackend?: HidBackend;
  readonly keyboardInput?: NodeJS.ReadStream;
  readonly log?: TeleopLog;
  readonly now?: () => number;
}

/** Builds the intervener of `kind` from the shared flags. SpaceMouse opening may fail: the error says why. */
export async function createIntervenerFromFlags(kind: IntervenerKind, flags: IntervenerFlags, deps: IntervenerDeps): Promise<Intervener> {
  if (kind === 'none') return createNoIntervener();
  if (kind === 'oracle') {
    return createOracleIntervener({
      mode: flags.oracleMode,
      stallSteps: flags.stallSteps,
      takeoverSteps: flags.takeoverSteps,
      budgetFraction: flags.oracleBudgetFraction,
      budgetHalfLife: flags.oracleBudgetHalfLife,
      startStep: flags.oracleStartStep,
      stopStep: flags.oracleStopStep,
      noise: deps.oracleNoise ?? 0,
      seed: deps.oracleSeed ?? 0,
    });
  }
  const teleop = {
    actionDim: deps.actionDim,
    threshold: flags.interveneThreshold,
    holdMs: flags.interveneHoldMs,
    mask: flags.interveneMask.split(',').map(Number),
    initialGripper: deps.initialGripper,
    alwaysIntervene: deps.alwaysIntervene,
    now: deps.now,
    log: deps.log,
  };
  if (kind === 'keyboard')
    return createKeyboardIntervener({ ...teleop, speed: flags.keyboardSpeed, rotationSpeed: flags.keyboardSpeed, input: deps.keyboardInput });
  return createSpaceMouseIntervener({
    ...teleop,
    backend: deps.hidBackend,
    devices: flags.spacemice,
    staleMs: flags.spacemouseStaleMs,
    mapping: { axisMap: flags.spacemouseAxisMap.split(','), scale: flags.spacemouseScale, deadzone: flags.spacemouseDeadzone },
  });
}
