/**
 * Every layer's output over a set of points, from a model's weights: the forward pass behind the
 * per-neuron heatmaps. Runs in the training worker on the heat grid (36 × 36 points) from
 * `trainer.getWeights()`, so it works the same for every backend. Pure; checked against
 * `trainer.predictProba` in test/activations.test.ts.
 */
import { mapFeatures, networkInputs, type Activation, type ModelSpec } from '@mlpkit/models';

/** The units of each Dense layer (hidden layers, then the output layer). */
export function layerSizes(spec: Pick<ModelSpec, 'layers'>): number[] {
  return spec.layers.map((l) => l.units);
}

function activate(a: Float32Array, rows: number, units: number, activation: Activation): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < a.length; i++) if (a[i]! < 0) a[i] = 0;
      return;
    case 'tanh':
      for (let i = 0; i < a.length; i++) a[i] = Math.tanh(a[i]!);
      return;
    case 'sigmoid':
      for (let i = 0; i < a.length; i++) a[i] = 1 / (1 + Math.exp(-a[i]!));
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const o = r * units;
        let max = -Infinity;
        for (let u = 0; u < units; u++) max = Math.max(max, a[o + u]!);
        let sum = 0;
        for (let u = 0; u < units; u++) {
          const e = Math.exp(a[o + u]! - max);
          a[o + u] = e;
          sum += e;
        }
        for (let u = 0; u < units; u++) a[o + u] = a[o + u]! / sum;
      }
      return;
  }
}

/**
 * Outputs of every Dense layer for the `rows` rows of `x` (rows × spec.input raw columns,
 * row-major; with a feature stage, the features are computed first, as the trainer does).
 * `weights` in Keras order (per layer: kernel in × out row-major, then bias). Returns one
 * rows × units array per layer, the last being the model's output.
 */
export function layerOutputs(spec: Pick<ModelSpec, 'input' | 'layers' | 'features'>, weights: readonly Float32Array[], x: Float32Array, rows: number): Float32Array[] {
  if (weights.length !== spec.layers.length * 2) {
    throw new Error(`expected ${spec.layers.length * 2} weight arrays, got ${weights.length}`);
  }
  const outputs: Float32Array[] = [];
  let input = mapFeatures(spec, x);
  let width = networkInputs(spec);
  spec.layers.forEach((layer, l) => {
    const kernel = weights[2 * l]!;
    const bias = weights[2 * l + 1]!;
    const units = layer.units;
    const out = new Float32Array(rows * units);
    for (let r = 0; r < rows; r++) {
      const io = r * width;
      const oo = r * units;
      for (let u = 0; u < units; u++) {
        let sum = bias[u]!;
        for (let k = 0; k < width; k++) sum += input[io + k]! * kernel[k * units + u]!;
        out[oo + u] = sum;
      }
    }
    activate(out, rows, units, layer.activation);
    outputs.push(out);
    input = out;
    width = units;
  });
  return outputs;
}

/** Which units of each layer the diagram draws (the first `max` of wide layers). */
export function shownUnits(sizes: readonly number[], max: number): number[] {
  return sizes.map((n) => Math.min(n, max));
}

/**
 * The heatmaps the diagram shows, packed: for each layer, for each shown unit, its output at
 * every grid point (grid-point-major per unit). Layout: `shownUnits(sizes, max)`.
 */
export function packHeatmaps(outputs: readonly Float32Array[], sizes: readonly number[], points: number, max: number): Float32Array {
  const shown = shownUnits(sizes, max);
  const packed = new Float32Array(shown.reduce((a, b) => a + b, 0) * points);
  let offset = 0;
  outputs.forEach((out, l) => {
    const units = sizes[l]!;
    for (let u = 0; u < shown[l]!; u++) {
      for (let p = 0; p < points; p++) packed[offset + p] = out[p * units + u]!;
      offset += points;
    }
  });
  return packed;
}
