import seedrandom from 'seedrandom/seedrandom.js';

/** Seeded random source used by every generator and helper. */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Gaussian sample (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

/**
 * A seedrandom (ARC4) generator: the same seed gives the same stream on every platform.
 * The key is prefixed because ARC4 repeats short keys: bare "1" and "11" (or "12" and "1212")
 * would give the same stream.
 */
export function createRng(seed: number | string): Rng {
  const prng = seedrandom(`mlpkit-data:${seed}`);
  // Box–Muller yields pairs; keep the second value for the next call.
  let spare: number | undefined;
  const uniform = (): number => prng.double();
  return {
    uniform,
    normal(mean = 0, std = 1): number {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + std * z;
      }
      // 1 - u is in (0, 1], so the log is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
      const angle = 2 * Math.PI * uniform();
      spare = radius * Math.sin(angle);
      return mean + std * radius * Math.cos(angle);
    },
    int(maxExclusive: number): number {
      return Math.floor(uniform() * maxExclusive);
    },
  };
}

/** In-place Fisher–Yates shuffle of an index array. */
export function shuffleIndices(indices: Int32Array | number[], rng: Rng): void {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = tmp;
  }
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  shuffleIndices(p, rng);
  return p;
}
