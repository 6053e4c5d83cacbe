import { networkInputs } from './features.js';
import { layerName } from './naming.js';
import type { Activation, ModelSpec } from './types.js';

export interface LayerSummary {
  name: string;
  units: number;
  activation: Activation;
  /** Width of this layer's input. */
  inputs: number;
  /** inputs × units kernel + units bias. */
  params: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  totalParams: number;
}

/**
 * Parameter count per Dense layer, as Keras's model.summary() reports it. The first layer's
 * inputs are networkInputs(spec) (the feature count when the spec has a `features` stage).
 */
export function summary(spec: ModelSpec): ModelSummary {
  let inputs = networkInputs(spec);
  const layers = spec.layers.map((layer, i) => {
    const row: LayerSummary = {
      name: layerName(i),
      units: layer.units,
      activation: layer.activation,
      inputs,
      params: inputs * layer.units + layer.units,
    };
    inputs = layer.units;
    return row;
  });
  return { layers, totalParams: layers.reduce((sum, l) => sum + l.params, 0) };
}

const pad = (s: string, width: number) => (s.length >= width ? `${s} ` : s + ' '.repeat(width - s.length));

/**
 * A text table in the layout of Keras's model.summary(); a spec with a `features` stage gets one
 * more line before the table, e.g. `Features: x0^2, x1^2 (2 raw inputs → 2 network inputs)`.
 */
export function summaryText(spec: ModelSpec): string {
  const { layers, totalParams } = summary(spec);
  const rule = '_'.repeat(65);
  const lines = [
    `Model: "${spec.name ?? 'sequential'}"`,
    ...(spec.features ? [`Features: ${spec.features.join(', ')} (${spec.input} raw input${spec.input === 1 ? '' : 's'} → ${spec.features.length} network input${spec.features.length === 1 ? '' : 's'})`] : []),
    rule,
    ` ${pad('Layer (type)', 27)} ${pad('Output Shape', 25)} Param #`,
    '='.repeat(65),
  ];
  layers.forEach((l, i) => {
    lines.push(` ${pad(`${l.name} (Dense)`, 27)} ${pad(`(None, ${l.units})`, 25)} ${l.params}`);
    lines.push(i === layers.length - 1 ? '='.repeat(65) : '');
  });
  lines.push(`Total params: ${totalParams.toLocaleString('en-US')}`);
  lines.push(`Trainable params: ${totalParams.toLocaleString('en-US')}`);
  lines.push('Non-trainable params: 0');
  lines.push(rule);
  return lines.join('\n');
}
