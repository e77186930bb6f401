import {
  agentObservation,
  agentObservationDim,
  checkEncoderMetadata,
  decodeSafetensors,
  observationFeatures,
  observationKeysFromMetadata,
  Policy,
  smallEncoderFromPolicy,
  withFeatureColumns,
  type LoadedEncoder,
  type NamedTensors,
  type PolicyOptions,
} from '@rlpd/sac-agent';
import { boxSize, type EnvSpec, type Observation } from '@rlpd/spaces';

/** What the actor needs to build its policy besides the parameters (the input size follows from the keys). */
export interface PolicyInputOptions extends Omit<PolicyOptions, 'observationDim' | 'actionDim'> {
  /** Loads the frozen encoder (--encoder, --encoder-weights), called once if a policy reads `<camera>_features`. */
  readonly loadEncoder?: () => LoadedEncoder;
}

/** True when a policy's keys name encoder features (`<camera>_features`) rather than observation keys. */
function readsFeatures(keys: readonly string[], space: EnvSpec['observationSpace']): boolean {
  return keys.some((key) => !Object.hasOwn(space, key) && key.endsWith('_features'));
}

/**
 * The actor's policy and the observation keys it reads. The learner decides the keys (its
 * --agent-observation-keys) and sends them with every parameter blob (safetensors metadata), so
 * the policy is (re)built when parameters arrive: its input is those keys of the env's
 * observation, concatenated; the other keys (camera images) are only recorded and sent.
 */
export class PolicyInput {
  private policy: Policy | null = null;
  private keys: readonly string[] = [];
  private encoder: LoadedEncoder | null = null;
  /** True when `encoder` came with the parameters (--encoder small), so the next parameters replace it. */
  private carriedEncoder = false;
  /** Milliseconds of the last observation's encoding (both cameras), 0 without an encoder. */
  lastEncodeMs = 0;

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
    let space = this.spec.observationSpace;
    // --encoder small: the learner trains the encoder and sends its weights with the policy.
    const carried = smallEncoderFromPolicy(tensors);
    if (carried !== null) {
      if (this.carriedEncoder) this.encoder?.dispose();
      this.encoder = carried;
      this.carriedEncoder = true;
      space = withFeatureColumns(space, carried);
    } else if (readsFeatures(keys, space)) {
      if (this.carriedEncoder) {
        this.encoder?.dispose();
        this.encoder = null;
        this.carriedEncoder = false;
      }
      if (this.encoder === null) {
        if (this.options.loadEncoder === undefined) throw new Error(`the policy reads encoder features [${keys.join(', ')}] and this actor has no encoder`);
        this.encoder = this.options.loadEncoder();
      }
      checkEncoderMetadata(metadata, this.encoder);
      space = withFeatureColumns(space, this.encoder);
    }
    if (this.policy === null || keys.join(',') !== this.keys.join(',')) {
      const { loadEncoder: _loadEncoder, ...policyOptions } = this.options;
      this.policy = Policy.create({ ...policyOptions, observationDim: agentObservationDim(space, keys), actionDim: boxSize(this.spec.actionSpace) });
      this.keys = keys;
    }
    this.policy.loadParams(tensors);
  }

  /** The policy's action for `observation`; throws before the first parameters. */
  act(observation: Observation, deterministic = false): Float32Array {
    if (this.policy === null) throw new Error('PolicyInput.act: no parameters loaded yet');
    if (this.encoder === null || !readsFeatures(this.keys, this.spec.observationSpace))
      return this.policy.act(agentObservation(observation, this.keys), deterministic);
    const started = performance.now();
    const features = observationFeatures(this.encoder, observation);
    this.lastEncodeMs = performance.now() - started;
    return this.policy.act(agentObservation({ ...observation, ...features }, this.keys), deterministic);
  }

  /** Frees the encoder's tensors. */
  dispose(): void {
    this.encoder?.dispose();
    this.encoder = null;
  }
}
