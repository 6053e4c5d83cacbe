import { networkInputs } from './features.js';
import { layerName } from './naming.js';
import { SpecError } from './errors.js';
import { parseSpec } from './schema.js';
import type { Activation, CompileSpec, DenseLayerSpec, KernelInitializer, ModelSpec, Task } from './types.js';

/** The subset of a Keras/TF.js layers-model JSON topology that mlpkit reads and writes. */
export interface KerasModelConfig {
  class_name: 'Sequential';
  config: { name: string; layers: KerasLayerConfig[] };
  keras_version?: string;
  backend?: string;
}

export interface KerasLayerConfig {
  class_name: string;
  config: Record<string, unknown>;
}

interface VarianceScaling {
  scale: number;
  mode: 'fan_in' | 'fan_out' | 'fan_avg';
  distribution: 'uniform' | 'normal' | 'truncated_normal';
}

const VARIANCE_SCALING: Record<Exclude<KernelInitializer, 'zeros'>, VarianceScaling> = {
  glorotUniform: { scale: 1, mode: 'fan_avg', distribution: 'uniform' },
  glorotNormal: { scale: 1, mode: 'fan_avg', distribution: 'normal' },
  heUniform: { scale: 2, mode: 'fan_in', distribution: 'uniform' },
  heNormal: { scale: 2, mode: 'fan_in', distribution: 'normal' },
  leCunUniform: { scale: 1, mode: 'fan_in', distribution: 'uniform' },
  leCunNormal: { scale: 1, mode: 'fan_in', distribution: 'normal' },
};

/** Python Keras writes these class names; TF.js writes VarianceScaling. */
const KERAS_INITIALIZER_CLASSES: Record<string, KernelInitializer> = {
  GlorotUniform: 'glorotUniform',
  GlorotNormal: 'glorotNormal',
  HeUniform: 'heUniform',
  HeNormal: 'heNormal',
  LecunUniform: 'leCunUniform',
  LeCunUniform: 'leCunUniform',
  LecunNormal: 'leCunNormal',
  LeCunNormal: 'leCunNormal',
  Zeros: 'zeros',
};

function initializerConfig(name: KernelInitializer): KerasLayerConfig {
  if (name === 'zeros') return { class_name: 'Zeros', config: {} };
  return { class_name: 'VarianceScaling', config: { ...VARIANCE_SCALING[name], seed: null } };
}

/**
 * The Keras Sequential topology of a spec, in the shape `model.toJSON(null, false)` produces
 * (Dense layers with snake_case configs, batch_input_shape on the first). Seeds are not part of
 * a spec, so initialisers carry `seed: null`. With a `features` stage, batch_input_shape is the
 * feature count (networkInputs): the Keras model takes the mapped features, not the raw columns.
 */
export function toKerasConfig(spec: ModelSpec): KerasModelConfig {
  return {
    class_name: 'Sequential',
    config: {
      name: spec.name ?? 'sequential',
      layers: spec.layers.map((layer, i) => ({
        class_name: 'Dense',
        config: {
          units: layer.units,
          activation: layer.activation,
          use_bias: true,
          kernel_initializer: initializerConfig(layer.kernelInitializer ?? 'glorotUniform'),
          bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: layer.kernelRegularizer
            ? { class_name: 'L1L2', config: { l1: layer.kernelRegularizer.l1 ?? 0, l2: layer.kernelRegularizer.l2 ?? 0 } }
            : null,
          bias_regularizer: null,
          activity_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
          name: layerName(i),
          trainable: true,
          ...(i === 0 ? { batch_input_shape: [null, networkInputs(spec)], dtype: 'float32' } : {}),
        },
      })),
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
}

function readInitializer(value: unknown, where: string): KernelInitializer | undefined {
  if (value == null) return undefined;
  const init = value as { class_name?: string; config?: Partial<VarianceScaling> };
  if (init.class_name === 'VarianceScaling') {
    const c = init.config ?? {};
    const found = (Object.keys(VARIANCE_SCALING) as Array<keyof typeof VARIANCE_SCALING>).find((k) => {
      const v = VARIANCE_SCALING[k];
      const dist = c.distribution === 'truncated_normal' ? 'normal' : c.distribution;
      return v.scale === c.scale && v.mode === c.mode && v.distribution === dist;
    });
    if (!found) throw new SpecError(`${where}.kernel_initializer: unsupported VarianceScaling ${JSON.stringify(c)}`);
    return found;
  }
  const mapped = init.class_name ? KERAS_INITIALIZER_CLASSES[init.class_name] : undefined;
  if (!mapped) throw new SpecError(`${where}.kernel_initializer: unsupported initializer ${JSON.stringify(init.class_name)}`);
  return mapped;
}

/** Default compile settings when the JSON has no training config: adam and the loss the output implies. */
function defaultCompile(out: DenseLayerSpec, task: Task | undefined): CompileSpec {
  if (task === 'regression') return { optimizer: { name: 'adam' }, loss: 'meanSquaredError' };
  const loss =
    out.activation === 'softmax' ? 'categoricalCrossentropy' : out.activation === 'sigmoid' ? 'binaryCrossentropy' : 'meanSquaredError';
  return { optimizer: { name: 'adam' }, loss, metrics: ['accuracy'] };
}

/** Options of fromKerasConfig: what the topology does not say. */
export interface FromKerasOptions {
  /** Compile settings (the topology has none); default adam with the loss the output implies. */
  compile?: CompileSpec;
  name?: string;
  /** 'regression' for a model that predicts values (default compile: adam + meanSquaredError). */
  task?: Task;
  /**
   * The feature stage the model was trained with; the topology's input width must equal its
   * length, and `input` (the raw column count) is then required.
   */
  features?: string[];
  /** Raw input count, required with `features` (the topology only knows the network's width). */
  input?: number;
}

/**
 * Reads a Keras/TF.js Sequential topology of Dense layers back into a spec (validated with
 * parseSpec). Accepts the topology itself, a model.json (`{ modelTopology }`) or a string. The
 * topology has no optimizer or loss, so `compile` is taken from the argument, else adam with the
 * loss the output layer implies (sigmoid → binary CE, softmax → categorical CE, else MSE; MSE for
 * `task: 'regression'`). A feature stage is not part of a Keras topology: pass `features` and the
 * raw `input` count to get it back (the topology's input width must be `features.length`).
 */
export function fromKerasConfig(config: unknown, options: FromKerasOptions = {}): ModelSpec {
  let topology = typeof config === 'string' ? (JSON.parse(config) as unknown) : config;
  if (topology && typeof topology === 'object' && 'modelTopology' in topology) {
    topology = (topology as { modelTopology: unknown }).modelTopology;
  }
  const t = topology as { class_name?: unknown; config?: { name?: unknown; layers?: unknown } } | null;
  if (!t || typeof t !== 'object' || t.class_name !== 'Sequential') {
    throw new SpecError(`Keras config: expected a Sequential model, got ${t && typeof t === 'object' ? JSON.stringify(t.class_name) : typeof t}`);
  }
  const rawLayers = t.config?.layers;
  if (!Array.isArray(rawLayers)) throw new SpecError('Keras config: config.layers must be an array');
  let input: number | undefined;
  const layers: DenseLayerSpec[] = [];
  rawLayers.forEach((raw: KerasLayerConfig, i) => {
    const where = `config.layers[${i}]`;
    const c = raw?.config ?? {};
    const shape = (c.batch_input_shape ?? c.batchInputShape) as unknown;
    if (raw?.class_name === 'InputLayer') {
      if (Array.isArray(shape)) input = Number(shape[shape.length - 1]);
      return;
    }
    if (raw?.class_name !== 'Dense') throw new SpecError(`${where}: only Dense layers are supported, got ${JSON.stringify(raw?.class_name)}`);
    if (layers.length === 0 && Array.isArray(shape)) input = Number(shape[shape.length - 1]);
    if (c.use_bias === false) throw new SpecError(`${where}: Dense layers without bias are not supported`);
    const layer: DenseLayerSpec = { units: Number(c.units), activation: String(c.activation ?? 'linear') as Activation };
    const init = readInitializer(c.kernel_initializer, where);
    if (init && init !== 'glorotUniform') layer.kernelInitializer = init;
    const reg = c.kernel_regularizer as { class_name?: string; config?: { l1?: number; l2?: number } } | null | undefined;
    if (reg) {
      const l1 = reg.class_name === 'L2' ? 0 : Number(reg.config?.l1 ?? 0);
      const l2 = reg.class_name === 'L1' ? 0 : Number(reg.config?.l2 ?? 0);
      layer.kernelRegularizer = { ...(l1 ? { l1 } : {}), ...(l2 ? { l2 } : {}) };
    }
    layers.push(layer);
  });
  if (input === undefined) throw new SpecError('Keras config: the first layer has no batch_input_shape, so the input size is unknown');
  const out = layers[layers.length - 1];
  if (!out) throw new SpecError('Keras config: no Dense layers');
  const name = options.name ?? (typeof t.config?.name === 'string' ? t.config.name : undefined);
  let raw = input;
  if (options.features) {
    if (options.input === undefined) throw new SpecError('fromKerasConfig: options.features needs options.input, the raw input count (the topology only has the network input width)');
    if (input !== options.features.length) {
      throw new SpecError(`fromKerasConfig: the topology takes ${input} inputs but options.features lists ${options.features.length} expressions`);
    }
    raw = options.input;
  } else if (options.input !== undefined && options.input !== input) {
    throw new SpecError(`fromKerasConfig: options.input is ${options.input} but the topology takes ${input} inputs (pass options.features when the model takes mapped features)`);
  }
  return parseSpec({
    ...(name ? { name } : {}),
    ...(options.task ? { task: options.task } : {}),
    input: raw,
    ...(options.features ? { features: options.features } : {}),
    layers,
    compile: options.compile ?? defaultCompile(out, options.task),
  });
}
