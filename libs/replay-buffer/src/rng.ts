/**
 * A small seeded random number generator (xoshiro128**, seeded through splitmix32) whose
 * state can be saved and restored, so a learner's sampling is reproducible across restarts.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n) for an integer 1 <= n <= 2^32 (unbiased, by rejection). */
  nextInt(n: number): number;
  /** The generator's state as plain JSON-serialisable data. */
  getState(): RngState;
  /** Restores a state returned by `getState()`. */
  setState(state: RngState): void;
}

/** Serialisable state of an `Rng`: the four 32-bit words of xoshiro128**. */
export interface RngState {
  readonly algorithm: 'xoshiro128**';
  readonly words: readonly [number, number, number, number];
}

const TWO_POW_32 = 4294967296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

class Xoshiro128 implements Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`createRng: seed must be a safe integer, got ${seed}`);
    }
    // splitmix32 over the low and high halves of the seed fills the four state words.
    let s = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) >>> 0, 0x9e3779b9);
    const splitmix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitmix();
    this.b = splitmix();
    this.c = splitmix();
    this.d = splitmix();
  }

  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`Rng.nextInt: n must be an integer in [1, 2^32], got ${n}`);
    }
    // Reject the top partial block of 2^32 so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  getState(): RngState {
    return { algorithm: 'xoshiro128**', words: [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0] };
  }

  setState(state: RngState): void {
    const w = state.words;
    const valid =
      state.algorithm === 'xoshiro128**' &&
      Array.isArray(w) &&
      w.length === 4 &&
      w.every((x) => Number.isInteger(x) && x >= 0 && x < TWO_POW_32) &&
      w.some((x) => x !== 0);
    if (!valid) {
      throw new Error(`Rng.setState: expected { algorithm: 'xoshiro128**', words: four uint32, not all zero }, got ${JSON.stringify(state)}`);
    }
    [this.a, this.b, this.c, this.d] = [w[0] | 0, w[1] | 0, w[2] | 0, w[3] | 0];
  }
}

/** Creates a seeded generator; the same seed always yields the same sequence. */
export function createRng(seed: number): Rng {
  return new Xoshiro128(seed);
}
