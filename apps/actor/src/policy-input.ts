import { agentObservation, agentObservationDim, decodeSafetensors, observationKeysFromMetadata, Policy, type NamedTensors, type PolicyOptions } from '@rlpd/sac-agent';
import { boxSize, type EnvSpec, type Observation } from '@rlpd/spaces';

/** What the actor needs to build its policy besides the parameters (the input size follows from the keys). */
export type PolicyInputOptions = Omit<PolicyOptions, 'observationDim' | 'actionDim'>;

/**
 * The actor's policy and the observation keys it reads. The learner decides the keys (its
 * --agent-observation-keys) and sends them with every parameter blob (safetensors metadata), so
 * the policy is (re)built when parameters arrive: its input is those keys of the env's
 * observation, concatenated; the other keys (camera images) are only recorded and sent.
 */
export class PolicyInput {
  private policy: Policy | null = null;
  private keys: readonly string[] = [];

  constructor(
    private readonly spec: EnvSpec,
    private readonly options: PolicyInputOptions,
  ) {}

  /** True once parameters were loaded. */
  get ready(): boolean {
    return this.policy !== null;
  }

  /** The keys the current policy reads (empty before the first parameters). */
  get observationKeys(): readonly string[] {
    return this.keys;
  }

  /** Loads a parameter blob from the learner. */
  loadBytes(bytes: Uint8Array): void {
    const { tensors, metadata } = decodeSafetensors(bytes);
    this.load(tensors, metadata);
  }

  /** Loads `actor/…` tensors with the metadata naming their observation keys (a params blob's, or a checkpoint's). */
  load(tensors: NamedTensors, metadata: Readonly<Record<string, string>>): void {
    const keys = observationKeysFromMetadata(metadata);
    if (this.policy === null || keys.join(',') !== this.keys.join(',')) {
      this.policy = Policy.create({ ...this.options, observationDim: agentObservationDim(this.spec.observationSpace, keys), actionDim: boxSize(this.spec.actionSpace) });
      this.keys = keys;
    }
    this.policy.loadParams(tensors);
  }

  /** The policy's action for `observation`; throws before the first parameters. */
  act(observation: Observation, deterministic = false): Float32Array {
    if (this.policy === null) throw new Error('PolicyInput.act: no parameters loaded yet');
    return this.policy.act(agentObservation(observation, this.keys), deterministic);
  }
}

