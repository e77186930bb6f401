/**
 * pick-cube's dense reward (serl's PandaPickCube):
 * `0.3 * exp(-20 * |tcp - cube|) + 0.7 * clip((zCube - z0) / fullLift, 0, 1)`.
 */
export function pickCubeReward(tcp: ArrayLike<number>, cube: ArrayLike<number>, restingHeight: number, fullRewardLift: number): number {
  const dx = tcp[0] - cube[0];
  const dy = tcp[1] - cube[1];
  const dz = tcp[2] - cube[2];
  const dist = Math.sqrt(dx * dx + dy * dy + dz * dz);
  const lift = Math.min(Math.max((cube[2] - restingHeight) / fullRewardLift, 0), 1);
  return 0.3 * Math.exp(-20 * dist) + 0.7 * lift;
}
