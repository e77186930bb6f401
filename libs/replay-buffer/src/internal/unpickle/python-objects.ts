/**
 * Python values as the data-only unpickler builds them: None is `null`, bool/int/float/str are
 * JS primitives (ints beyond 2^53 are `bigint`), lists are arrays, tuples frozen arrays, dicts
 * `Map`s, sets `Set`s, bytes/bytearray `PyBytes`; numpy values have their own classes.
 */

/** Where a payload's bytes can be read again (the pickle's source), and whether a window view is still intact. */
export interface PayloadSource {
  /** Refills of the read window so far. */
  readonly generation: number;
  /** A fresh copy of `n` bytes at absolute `position`. */
  reread(position: number, n: number): Uint8Array;
}

/**
 * bytes or bytearray. Its data can be released and is then re-read from the file on access.
 * Holds its source and offset rather than closures, so a payload costs one small object.
 */
export class PyBytes {
  constructor(
    private data: Uint8Array | null,
    /** Where to re-read released (or overwritten) data from; null when the bytes exist only here. */
    private readonly source: PayloadSource | null = null,
    /** Where the bytes sit, contiguous, in the pickle's source (null when they were built, e.g. from a latin-1 str). */
    readonly sourceOffset: number | null = null,
    /** For views of a reused read window: valid while the source's generation is at most this. */
    private validUpTo = Infinity,
    private readonly length = data?.length ?? 0,
  ) {}

  get bytes(): Uint8Array {
    if (this.data !== null && this.validUpTo !== Infinity && this.source !== null && this.source.generation > this.validUpTo) this.data = null;
    if (this.data === null) {
      if (this.source === null || this.sourceOffset === null) throw new Error('PyBytes: data was released and cannot be re-read');
      this.data = this.source.reread(this.sourceOffset, this.length);
      this.validUpTo = Infinity;
    }
    return this.data;
  }

  /** Drops the reference to the data (views handed out stay valid); re-read on next access. */
  release(): void {
    if (this.source !== null) this.data = null;
  }
}

/** A callable the allow-list resolved from a GLOBAL / STACK_GLOBAL. */
/**
 * A Python float whose value is a whole number (`1.0`). JS numbers cannot tell `1.0` from
 * `1`, and summaries report dtypes as stored, so such floats keep their type in this wrapper.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyCallable {
  constructor(
    readonly qualifiedName: string,
    readonly call: (args: readonly unknown[]) => unknown,
  ) {}
}

/** An object that accepts BUILD (numpy arrays and dtypes). */
export interface Buildable {
  setState(state: unknown): void;
}

export function isBuildable(value: unknown): value is Buildable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<Buildable>).setState === 'function';
}

/** A tuple: a frozen array, so `describePython` can tell it from a list. */
export function tuple(items: unknown[]): readonly unknown[] {
  return Object.freeze(items);
}
