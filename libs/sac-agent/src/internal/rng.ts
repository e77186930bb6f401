/**
 * Seeded random numbers (xoshiro128**, 4 x uint32 state) with an exportable state, so that
 * exploration noise and initialisation are reproducible and survive checkpoints.
 */
export class Rng {
  private readonly s = new Uint32Array(4);

  constructor(seed: number) {
    // splitmix32 expands the seed into a non-zero state.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
  }

  /** Next uint32. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Fills `out` with standard normal samples (Box-Muller; no cached spare, so the state says it all). */
  fillNormal(out: Float32Array): Float32Array {
    for (let i = 0; i < out.length; i += 2) {
      const u1 = 1 - this.uniform(); // (0, 1]
      const u2 = this.uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      out[i] = r * Math.cos(2 * Math.PI * u2);
      if (i + 1 < out.length) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
    }
    return out;
  }

  /** `count` distinct indices from [0, n), uniformly (partial Fisher-Yates). */
  choose(n: number, count: number): number[] {
    const idx = [...Array(n).keys()];
    for (let i = 0; i < count; i++) {
      const j = i + (this.nextUint32() % (n - i));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    return idx.slice(0, count);
  }

  getState(): Uint32Array {
    return Uint32Array.from(this.s);
  }

  setState(state: Uint32Array): void {
    if (state.length !== 4) throw new Error(`Rng.setState: expected 4 uint32 words, got ${state.length}`);
    this.s.set(state);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
