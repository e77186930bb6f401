/** A standard normal sample from a uniform [0, 1) source (Box-Muller). */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]: keeps log finite
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
