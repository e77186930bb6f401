/** Throws `<owner>: <name> must be a positive integer, got <v>` for the first bad dimension. */
export function assertPositiveDims(owner: string, dims: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(dims)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${owner}: ${name} must be a positive integer, got ${v}`);
  }
}
