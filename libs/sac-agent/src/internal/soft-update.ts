/** Polyak averaging, in place: target ← tau · params + (1 - tau) · target. */
export function softUpdate(target: Float32Array, params: Float32Array, tau: number): void {
  if (target.length !== params.length) throw new Error(`softUpdate: ${target.length} targets for ${params.length} params`);
  for (let i = 0; i < target.length; i++) target[i] = tau * params[i] + (1 - tau) * target[i];
}
