/**
 * Floating-point operations of one SAC update, counted from the layer sizes: every matMul the
 * update runs (forward and backward), 2·M·K·N each. Element-wise work (LayerNorm, tanh, the
 * losses) is left out: it is small next to the products and not what a matMul rate measures.
 * Mirrors what `SacAgent` computes: no input gradient for a first layer, only the action
 * gradient of the frozen critics in the actor loss, the target critics' forward pass only.
 */
export interface SacFlopsShape {
  readonly batchSize: number;
  readonly observationDim: number;
  /** Dimensions of the continuous policy. */
  readonly actionDim: number;
  readonly hiddenDims: readonly number[];
  readonly criticEnsembleSize: number;
  /** Target critics evaluated per update (RLPD's subset; the whole ensemble without one). */
  readonly targetCritics: number;
  /** Learned gripper: the grasp critic's hidden widths and outputs (3); absent without one. */
  readonly graspCritic?: { readonly hiddenDims: readonly number[]; readonly actions: number };
}

/** [fanIn, fanOut] of each Dense of an MLP with hidden layers `hidden` and `outputs` outputs. */
function layers(inputDim: number, hidden: readonly number[], outputs: number): [number, number][] {
  const widths = [inputDim, ...hidden, outputs];
  return widths.slice(1).map((w, i) => [widths[i], w]);
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** FLOPs of one critic-only update (`full: false`) or one critic + actor + temperature update. */
export function sacUpdateFlops(s: SacFlopsShape, full: boolean): number {
  const B = s.batchSize;
  const mm = (k: number, n: number) => 2 * B * k * n;
  const critic = layers(s.observationDim + s.actionDim, s.hiddenDims, 1);
  const trunk = layers(s.observationDim, s.hiddenDims, 0).slice(0, -1); // hidden layers only
  const last = s.hiddenDims[s.hiddenDims.length - 1];
  const heads = mm(last, s.actionDim) * 2; // mean and log-std
  const forward = (ls: [number, number][]) => sum(ls.map(([k, n]) => mm(k, n)));
  const policyForward = forward(trunk) + heads;
  const criticForward = forward(critic);
  // Parameter gradients of every layer; input gradients of all but the first.
  const criticBackward = sum(critic.map(([k, n]) => mm(k, n))) + sum(critic.slice(1).map(([k, n]) => mm(k, n)));
  let flops = policyForward + s.targetCritics * criticForward + s.criticEnsembleSize * (criticForward + criticBackward);
  if (s.graspCritic) {
    // Grasp critic, every critic step: online forward + backward at s, online and target forward at s' (double DQN).
    const grasp = layers(s.observationDim, s.graspCritic.hiddenDims, s.graspCritic.actions);
    const graspForward = forward(grasp);
    flops += 3 * graspForward + sum(grasp.map(([k, n]) => mm(k, n))) + sum(grasp.slice(1).map(([k, n]) => mm(k, n)));
  }
  if (!full) return flops;
  // Actor: policy forward, frozen critics forward and back to the actions, policy backward.
  const actionGrad = sum(critic.slice(1).map(([k, n]) => mm(k, n))) + mm(s.actionDim, critic[0][1]);
  const policyBackward = heads * 2 + sum(trunk.map(([k, n]) => mm(k, n))) + sum(trunk.slice(1).map(([k, n]) => mm(k, n)));
  return flops + policyForward + s.criticEnsembleSize * (criticForward + actionGrad) + policyBackward;
}
