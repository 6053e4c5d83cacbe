/** Per-layer initialiser seeds, in a module without TF.js. */

/** Deterministic per-layer seed (a 32-bit integer mix of seed and layer index). */
export function layerSeed(seed: number, layerIndex: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(layerIndex + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
