import { SpecError } from './errors.js';
import type { Activation, CompileSpec, ModelSpec } from './types.js';

/** Hidden layers then output, e.g. dense([12, 'tanh'], [1, 'sigmoid']). */
function dense(...layers: Array<[number, Activation]>): ModelSpec['layers'] {
  return layers.map(([units, activation]) => ({ units, activation }));
}

const adamBinary: CompileSpec = { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy', metrics: ['accuracy'] };
const adam01Binary: CompileSpec = { optimizer: { name: 'adam', learningRate: 0.01 }, loss: 'binaryCrossentropy', metrics: ['accuracy'] };
const rmspropBinary: CompileSpec = { optimizer: { name: 'rmsprop' }, loss: 'binaryCrossentropy', metrics: ['accuracy'] };
const adamCategorical: CompileSpec = { optimizer: { name: 'adam' }, loss: 'categoricalCrossentropy', metrics: ['accuracy'] };
const adamMse: CompileSpec = { optimizer: { name: 'adam' }, loss: 'meanSquaredError', metrics: ['accuracy'] };

const preset = (name: string, layers: ModelSpec['layers'], compile: CompileSpec): ModelSpec => ({ name, input: 2, layers, compile });

/**
 * One model per experiment id of shared/experiments.md (model and compile settings only; data,
 * epochs and batch size belong to the experiment).
 */
/** The preset names (one per seed experiment), for autocompletion. */
export const PRESET_NAMES = [
  'spirals-1x12',
  'spirals-3x12',
  'circles5k-logreg',
  'circles5k-relu5',
  'circles5k-relu128',
  'circles5k-relu128x2',
  'linear-logreg',
  'moons-logreg',
  'circles-logreg',
  'moons-ann',
  'circles-ann',
  'sine-ann',
  'spiral3-softmax',
  'spiral3-ann',
  'xor-gauss',
  'xor-table-16',
  'xor-table-16x2',
  'xor-table-32',
] as const;

/** A preset name; any string is accepted (and checked at run time), the known ones autocomplete. */
export type PresetName = (typeof PRESET_NAMES)[number] | (string & {});

export const presets: Readonly<Record<string, ModelSpec>> = Object.freeze({
  'spirals-1x12': preset('spirals-1x12', dense([12, 'tanh'], [1, 'sigmoid']), rmspropBinary),
  'spirals-3x12': preset('spirals-3x12', dense([12, 'tanh'], [12, 'tanh'], [12, 'tanh'], [1, 'sigmoid']), rmspropBinary),
  'circles5k-logreg': preset('circles5k-logreg', dense([1, 'sigmoid']), adamBinary),
  'circles5k-relu5': preset('circles5k-relu5', dense([5, 'relu'], [1, 'sigmoid']), adamBinary),
  'circles5k-relu128': preset('circles5k-relu128', dense([128, 'relu'], [1, 'sigmoid']), adamBinary),
  'circles5k-relu128x2': preset('circles5k-relu128x2', dense([128, 'relu'], [128, 'relu'], [1, 'sigmoid']), adamBinary),
  'linear-logreg': preset('linear-logreg', dense([1, 'sigmoid']), adamBinary),
  'moons-logreg': preset('moons-logreg', dense([1, 'sigmoid']), adamBinary),
  'circles-logreg': preset('circles-logreg', dense([1, 'sigmoid']), adamBinary),
  'moons-ann': preset('moons-ann', dense([4, 'tanh'], [2, 'tanh'], [1, 'sigmoid']), adam01Binary),
  'circles-ann': preset('circles-ann', dense([4, 'tanh'], [2, 'tanh'], [1, 'sigmoid']), adam01Binary),
  'sine-ann': preset('sine-ann', dense([64, 'tanh'], [64, 'tanh'], [64, 'tanh'], [1, 'sigmoid']), adamBinary),
  'spiral3-softmax': preset('spiral3-softmax', dense([3, 'softmax']), adamCategorical),
  'spiral3-ann': preset('spiral3-ann', dense([64, 'tanh'], [32, 'tanh'], [16, 'tanh'], [3, 'softmax']), adamCategorical),
  'xor-gauss': preset('xor-gauss', dense([4, 'relu'], [4, 'relu'], [2, 'softmax']), {
    optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0.99, decay: 0.001 },
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  }),
  'xor-table-16': preset('xor-table-16', dense([16, 'relu'], [1, 'sigmoid']), adamMse),
  'xor-table-16x2': preset('xor-table-16x2', dense([16, 'relu'], [16, 'relu'], [1, 'sigmoid']), adamMse),
  'xor-table-32': preset('xor-table-32', dense([32, 'relu'], [1, 'sigmoid']), adamMse),
});

/** Preset ids in table order. */
export function listPresets(): Array<(typeof PRESET_NAMES)[number]> {
  return [...PRESET_NAMES];
}

/** A deep copy of a preset (safe to modify). Unknown name → SpecError listing the names. */
export function getPreset(name: PresetName): ModelSpec {
  const spec = presets[name];
  if (!spec) throw new SpecError(`unknown preset "${name}"; available: ${listPresets().join(', ')}`);
  return structuredClone(spec);
}
