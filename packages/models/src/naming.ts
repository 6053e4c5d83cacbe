/**
 * Layer naming, in a module without TF.js: summary(), toKerasConfig() and buildModel() share it,
 * and a bundler can keep the first two without pulling in TF.js.
 */

/** Stable Keras-style layer name: dense_1, dense_2, … */
export function layerName(index: number): string {
  return `dense_${index + 1}`;
}
