import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildModel,
  createOptimizer,
  applyLegacySgdDecay,
  decayedLearningRate,
  decodeOutputs,
  OutputError,
  legacyDecayMomentum,
  resolveOptimizer,
  encodeTargets,
  fromKerasConfig,
  getPreset,
  layerSeed,
  listPresets,
  parseSpec,
  presets,
  SpecError,
  summary,
  summaryText,
  toKerasConfig,
  huberLoss,
  mapFeatures,
  type ModelSpec,
} from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const EXPERIMENT_IDS = [
  'spirals-1x12', 'spirals-3x12', 'circles5k-logreg', 'circles5k-relu5', 'circles5k-relu128',
  'circles5k-relu128x2', 'linear-logreg', 'moons-logreg', 'circles-logreg', 'moons-ann', 'circles-ann',
  'sine-ann', 'spiral3-softmax', 'spiral3-ann', 'xor-gauss', 'xor-table-16', 'xor-table-16x2', 'xor-table-32',
];

const softmax3: ModelSpec = {
  input: 2,
  layers: [{ units: 5, activation: 'relu' }, { units: 3, activation: 'softmax' }],
  compile: { optimizer: { name: 'adam' }, loss: 'categoricalCrossentropy' },
};

describe('encodeTargets / decodeOutputs', () => {
  const y = Int32Array.from([0, 2, 1, 2]);
  it('one-hot encodes for K units', () => {
    const { targets, width } = encodeTargets(softmax3, y, 3);
    expect(width).toBe(3);
    expect(Array.from(targets)).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]);
  });
  it('keeps ids for sparse categorical CE and 0/1 for one unit', () => {
    const sparse = { ...softmax3, compile: { ...softmax3.compile, loss: 'sparseCategoricalCrossentropy' as const } };
    expect(encodeTargets(sparse, y, 3)).toEqual({ targets: Float32Array.from([0, 2, 1, 2]), width: 1 });
    const binary = getPreset('moons-logreg');
    expect(encodeTargets(binary, Int32Array.from([1, 0, 1]), 2)).toEqual({ targets: Float32Array.from([1, 0, 1]), width: 1 });
  });
  it('rejects out-of-range ids and too many classes', () => {
    expect(() => encodeTargets(getPreset('moons-logreg'), Int32Array.from([0, 2]), 2)).toThrow('y[1] is 2, outside 0..1 for a 1-unit output');
    expect(() => encodeTargets(softmax3, y, 4)).toThrow(SpecError);
  });
  it('decodes by threshold and argmax, inverse of encode', () => {
    expect(Array.from(decodeOutputs(getPreset('moons-logreg'), Float32Array.from([0.49, 0.5, 0.5000001, 0.9])))).toEqual([0, 0, 1, 1]);
    const { targets } = encodeTargets(softmax3, y, 3);
    expect(decodeOutputs(softmax3, targets)).toEqual(y);
    expect(Array.from(decodeOutputs(softmax3, Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2])))).toEqual([1, 0]);
  });
  it('refuses NaN and infinite outputs (they would decode as class 0), naming the row', () => {
    expect(() => decodeOutputs(getPreset('moons-logreg'), Float32Array.from([0.2, Number.NaN]))).toThrow(
      "the model's output for row 2 is NaN (not a finite number): its inputs are likely far outside the range it was trained on, or its weights diverged",
    );
    let caught: unknown;
    try {
      decodeOutputs(softmax3, Float32Array.from([0.2, 0.5, 0.3, 0.1, Number.POSITIVE_INFINITY, 0]));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OutputError);
    expect((caught as OutputError).row).toBe(1);
    expect((caught as OutputError).code).toBe('MLPKIT_INVALID_INPUT');
  });
  it('thresholds like Keras binary accuracy (p > 0.5), so decoded classes agree with it', () => {
    const outputs = Float32Array.from([0, 0.25, 0.4999999, 0.5, 0.5000001, 0.75, 1]);
    const labels = Float32Array.from([0, 0, 0, 1, 1, 1, 1]);
    const decoded = decodeOutputs(getPreset('moons-logreg'), outputs);
    const ourAccuracy = decoded.reduce((hits, c, i) => hits + (c === labels[i] ? 1 : 0), 0) / labels.length;
    const keras = tf.tidy(() => tf.metrics.binaryAccuracy(tf.tensor1d(labels), tf.tensor1d(outputs)).mean().dataSync()[0]!);
    expect(ourAccuracy).toBeCloseTo(keras, 6);
    expect(ourAccuracy).toBeCloseTo(6 / 7, 6); // only the exact 0.5 is class 0
  });
});

describe('buildModel', () => {
  it('builds Dense layers with Keras defaults and seeded, reproducible kernels', () => {
    const spec = getPreset('spirals-3x12');
    const a = buildModel(spec, { seed: 7 });
    const b = buildModel(spec, { seed: 7 });
    const c = buildModel(spec, { seed: 8 });
    const wa = a.getWeights().map((w) => w.dataSync());
    const wb = b.getWeights().map((w) => w.dataSync());
    const wc = c.getWeights().map((w) => w.dataSync());
    expect(wa.length).toBe(8);
    expect(wa).toEqual(wb);
    expect(wa[0]).not.toEqual(wc[0]);
    // Biases zero, kernels within the glorot-uniform limit sqrt(6 / (fanIn + fanOut)).
    expect(Array.from(wa[1]!).every((v) => v === 0)).toBe(true);
    const limit = Math.sqrt(6 / (2 + 12));
    expect(Math.max(...Array.from(wa[0]!, Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...Array.from(wa[0]!, Math.abs))).toBeGreaterThan(limit * 0.5);
    // Layers with identical shapes get different seeds, hence different kernels.
    expect(wa[2]).not.toEqual(wa[4]);
    expect(a.outputs[0]!.shape).toEqual([null, 1]);
    expect(a.countParams()).toBe(summary(spec).totalParams);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('derives distinct per-layer seeds deterministically', () => {
    const seeds = new Set<number>();
    for (let s = 0; s < 20; s++) for (let l = 0; l < 5; l++) seeds.add(layerSeed(s, l));
    expect(seeds.size).toBe(100);
    expect(layerSeed(3, 1)).toBe(layerSeed(3, 1));
  });

  it('adds l1/l2 kernel regularisers', () => {
    const spec: ModelSpec = { ...getPreset('moons-logreg'), layers: [{ units: 1, activation: 'sigmoid', kernelRegularizer: { l2: 0.01 } }] };
    const model = buildModel(spec);
    const cfg = (model.layers[0]!.getConfig() as { kernelRegularizer: { config: { l1: number; l2: number } } }).kernelRegularizer.config;
    expect(cfg).toEqual({ l1: 0, l2: 0.01 });
    model.dispose();
  });
});

describe('createOptimizer', () => {
  it('uses Keras defaults, passed explicitly', () => {
    const adam = createOptimizer({ name: 'adam' }).getConfig();
    expect(adam).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const rms = createOptimizer({ name: 'rmsprop' }).getConfig();
    expect(rms).toMatchObject({ learningRate: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
    expect(createOptimizer({ name: 'sgd' }).getConfig()).toEqual({ learningRate: 0.01 });
    const momentum = createOptimizer({ name: 'sgd', momentum: 0.99 });
    expect(momentum.getClassName()).toBe('Momentum');
    expect(momentum.getConfig()).toEqual({ learningRate: 0.01, momentum: 0.99, useNesterov: false });
    expect(createOptimizer({ name: 'adagrad' }).getConfig()).toEqual({ learningRate: 0.001, initialAccumulatorValue: 0.1 });
    expect(createOptimizer({ name: 'adam', learningRate: 0.01 }).getConfig()).toMatchObject({ learningRate: 0.01 });
  });
  it('computes the legacy inverse-time decay', () => {
    expect(decayedLearningRate(0.01, 0.001, 0)).toBe(0.01);
    expect(decayedLearningRate(0.01, 0.001, 1000)).toBeCloseTo(0.005, 12);
    expect(decayedLearningRate(0.01, 0, 1000)).toBe(0.01);
  });

  it('makes tf.train.momentum take Keras legacy SGD steps under decay, without leaking', () => {
    expect(legacyDecayMomentum(0.99, 0.001, 0)).toBe(0.99);
    expect(legacyDecayMomentum(0.99, 0, 50)).toBe(0.99);
    expect(legacyDecayMomentum(0.9, 0.5, 2)).toBeCloseTo((0.9 * 2) / 1.5, 12);
    // Minimise (w − 3)² from w = 0 with Keras's v = m·v − lr_t·g; w += v, in float64.
    const o = resolveOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.9, decay: 0.5 });
    let kerasW = 0;
    let v = 0;
    for (let t = 0; t < 6; t++) {
      v = o.momentum * v - decayedLearningRate(o.learningRate, o.decay, t) * 2 * (kerasW - 3);
      kerasW += v;
    }
    const optimizer = createOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.9, decay: 0.5 });
    const w = tf.variable(tf.scalar(0));
    const before = tf.memory().numTensors;
    for (let t = 0; t < 6; t++) {
      applyLegacySgdDecay(optimizer, o, optimizer.iterations);
      optimizer.minimize(() => tf.square(tf.sub(w, 3)) as tf.Scalar, false, [w]);
    }
    expect(w.dataSync()[0]).toBeCloseTo(kerasW, 5);
    // One momentum accumulation was added; the replaced rate and momentum scalars were freed.
    expect(tf.memory().numTensors).toBe(before + 1);
    optimizer.dispose();
    w.dispose();
  });
});

describe('summary', () => {
  it('counts parameters per layer like Keras', () => {
    const s = summary(getPreset('spirals-3x12'));
    expect(s.layers.map((l) => l.params)).toEqual([36, 156, 156, 13]);
    expect(s.totalParams).toBe(361);
    expect(summary(getPreset('spiral3-ann')).totalParams).toBe(2 * 64 + 64 + 64 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3);
  });
  it('prints a Keras-style table', () => {
    const text = summaryText(getPreset('moons-ann'));
    expect(text.split('\n')).toEqual([
      'Model: "moons-ann"',
      '_'.repeat(65),
      ' Layer (type)                Output Shape              Param #',
      '='.repeat(65),
      ' dense_1 (Dense)             (None, 4)                 12',
      '',
      ' dense_2 (Dense)             (None, 2)                 10',
      '',
      ' dense_3 (Dense)             (None, 1)                 3',
      '='.repeat(65),
      'Total params: 25',
      'Trainable params: 25',
      'Non-trainable params: 0',
      '_'.repeat(65),
    ]);
  });
});

describe('Keras config round trip', () => {
  it('recovers every preset from the TF.js model JSON', () => {
    for (const id of listPresets()) {
      const spec = getPreset(id);
      const model = buildModel(spec, { seed: 1 });
      const json = JSON.parse(model.toJSON(null, true) as string) as unknown;
      const back = fromKerasConfig(json, { compile: spec.compile });
      expect(back).toEqual(spec);
      model.dispose();
    }
  });
  it('toKerasConfig matches the TF.js topology apart from seeds and names', () => {
    const spec: ModelSpec = {
      ...getPreset('xor-gauss'),
      layers: [
        { units: 4, activation: 'relu', kernelInitializer: 'heNormal', kernelRegularizer: { l1: 0.001, l2: 0.01 } },
        { units: 2, activation: 'softmax' },
      ],
    };
    const model = buildModel(spec, { seed: 3 });
    const tfjs = JSON.parse(model.toJSON(null, true) as string) as { config: { layers: Array<{ config: { kernel_initializer: { config: { seed: unknown } } } }> } };
    for (const l of tfjs.config.layers) l.config.kernel_initializer.config.seed = null;
    const ours = toKerasConfig(spec);
    expect(ours.config.layers).toEqual(tfjs.config.layers);
    expect(fromKerasConfig(JSON.stringify(ours), { compile: spec.compile })).toEqual(spec);
    // A model.json wrapper works too, and compile defaults from the output activation.
    expect(fromKerasConfig({ modelTopology: ours }).compile).toEqual({ optimizer: { name: 'adam' }, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    model.dispose();
  });
  it('reads Python Keras initializer names and rejects other layer types', () => {
    const cfg = toKerasConfig(getPreset('moons-logreg'));
    (cfg.config.layers[0]!.config as Record<string, unknown>).kernel_initializer = { class_name: 'HeUniform', config: {} };
    expect(fromKerasConfig(cfg).layers[0]!.kernelInitializer).toBe('heUniform');
    cfg.config.layers.push({ class_name: 'Dropout', config: { rate: 0.5 } });
    expect(() => fromKerasConfig(cfg)).toThrow('config.layers[1]: only Dense layers are supported, got "Dropout"');
    expect(() => fromKerasConfig({ class_name: 'Model' })).toThrow('Keras config: expected a Sequential model, got "Model"');
  });
});

describe('presets', () => {
  it('has exactly one valid preset per experiment id', () => {
    expect(listPresets()).toEqual(EXPERIMENT_IDS);
    for (const id of EXPERIMENT_IDS) {
      expect(parseSpec(presets[id])).toEqual(presets[id]);
      expect(presets[id]!.name).toBe(id);
    }
  });
  it('matches the table', () => {
    const shape = (id: string) => presets[id]!.layers.map((l) => `${l.units}${l.activation}`).join(',');
    expect(shape('spirals-3x12')).toBe('12tanh,12tanh,12tanh,1sigmoid');
    expect(shape('sine-ann')).toBe('64tanh,64tanh,64tanh,1sigmoid');
    expect(shape('spiral3-ann')).toBe('64tanh,32tanh,16tanh,3softmax');
    expect(shape('xor-gauss')).toBe('4relu,4relu,2softmax');
    expect(presets['xor-gauss']!.compile).toEqual({ optimizer: { name: 'sgd', learningRate: 0.01, momentum: 0.99, decay: 0.001 }, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    expect(presets['moons-ann']!.compile.optimizer).toEqual({ name: 'adam', learningRate: 0.01 });
    expect(presets['spirals-1x12']!.compile.optimizer.name).toBe('rmsprop');
    expect(presets['xor-table-32']!.compile.loss).toBe('meanSquaredError');
  });
  it('getPreset returns a copy and names the presets for an unknown id', () => {
    const p = getPreset('moons-ann');
    p.layers[0]!.units = 99;
    expect(presets['moons-ann']!.layers[0]!.units).toBe(4);
    expect(() => getPreset('moons')).toThrow(`unknown preset "moons"; available: ${EXPERIMENT_IDS.join(', ')}`);
  });
});

describe('regression and features', () => {
  const reg: ModelSpec = {
    task: 'regression',
    input: 3,
    features: ['x0', 'x1^2', 'x0*x2', 'sin(x1)'],
    layers: [{ units: 5, activation: 'tanh' }, { units: 2, activation: 'linear' }],
    compile: { optimizer: { name: 'adam' }, loss: 'huber' },
  };

  it('buildModel: the first layer takes the feature count; huber and mae are compiled in', async () => {
    const model = buildModel(reg, { seed: 3 });
    expect(model.inputs[0]!.shape).toEqual([null, 4]);
    expect(model.getWeights()[0]!.shape).toEqual([4, 5]);
    expect(model.metricsNames).toEqual(['loss', 'mae']);
    const x = Float32Array.from({ length: 6 * 3 }, (_, i) => Math.sin(i) * 2);
    const y = Float32Array.from({ length: 6 * 2 }, (_, i) => Math.cos(i) * 3);
    const xs = tf.tensor2d(mapFeatures(reg, x), [6, 4]);
    const ys = tf.tensor2d(y, [6, 2]);
    const pred = (model.predict(xs) as tf.Tensor).dataSync();
    // Keras Huber(delta=1): mean over outputs, then rows; mae likewise.
    const e = Array.from(pred, (p, i) => p - y[i]!);
    const huber = e.reduce((s, v) => s + (Math.abs(v) <= 1 ? 0.5 * v * v : Math.abs(v) - 0.5), 0) / e.length;
    const mae = e.reduce((s, v) => s + Math.abs(v), 0) / e.length;
    const [loss, metric] = (model.evaluate(xs, ys) as tf.Scalar[]).map((t) => t.dataSync()[0]!);
    expect(loss).toBeCloseTo(huber, 5);
    expect(metric).toBeCloseTo(mae, 5);
    // The loss function itself, per row.
    const perRow = tf.tidy(() => huberLoss(tf.tensor2d([[0.5, 3]]), tf.tensor2d([[0, 0]])).arraySync() as number[]);
    expect(perRow[0]).toBeCloseTo((0.125 + 2.5) / 2, 6);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('summary and Keras config use the network width; fromKerasConfig needs the features and the raw input', () => {
    expect(summary(reg).layers[0]).toMatchObject({ inputs: 4, params: 25 });
    expect(summaryText(reg).split('\n')[1]).toBe('Features: x0, x1^2, x0*x2, sin(x1) (3 raw inputs → 4 network inputs)');
    const config = toKerasConfig(reg);
    expect(config.config.layers[0]!.config.batch_input_shape).toEqual([null, 4]);
    expect(fromKerasConfig(config, { compile: reg.compile, task: 'regression', features: reg.features!, input: 3, name: 'r' })).toEqual({ ...reg, name: 'r' });
    expect(fromKerasConfig(config, { task: 'regression' }).compile).toEqual({ optimizer: { name: 'adam' }, loss: 'meanSquaredError' });
    expect(() => fromKerasConfig(config, { features: reg.features! })).toThrow(
      'fromKerasConfig: options.features needs options.input, the raw input count (the topology only has the network input width)',
    );
    expect(() => fromKerasConfig(config, { features: ['x0'], input: 3 })).toThrow('fromKerasConfig: the topology takes 4 inputs but options.features lists 1 expressions');
    expect(() => fromKerasConfig(config, { input: 3 })).toThrow('fromKerasConfig: options.input is 3 but the topology takes 4 inputs (pass options.features when the model takes mapped features)');
  });

  it('class-id helpers refuse a regression spec', () => {
    expect(() => decodeOutputs(reg, new Float32Array(4))).toThrow(
      new SpecError('decodeOutputs turns a classifier\'s outputs into class ids; a regression model (task "regression") outputs values: use them as they are'),
    );
    expect(() => encodeTargets(reg, new Int32Array(2), 2)).toThrow(
      new SpecError('encodeTargets encodes class ids for a classifier; a regression model (task "regression") trains on the numeric targets as they are (n × outputs)'),
    );
  });
});

describe('memory', () => {
  it('model.dispose() frees the weights and the optimizer (incl. after training steps)', async () => {
    for (const id of ['moons-ann', 'xor-gauss', 'spirals-1x12']) {
      const before = tf.memory().numTensors;
      const spec = getPreset(id);
      const model = buildModel(spec, { seed: 1 });
      const xs = tf.randomUniform([8, 2], -1, 1, 'float32', 1);
      const ys = tf.tensor2d(Float32Array.from({ length: 8 * outputUnitsOf(spec) }, (_, i) => (i % 2)), [8, outputUnitsOf(spec)]);
      await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
      tf.dispose([xs, ys]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe('memory (regression)', () => {
  it('a huber model trains and frees everything: the loss function leaks no tensors', async () => {
    const spec: ModelSpec = { task: 'regression', input: 2, layers: [{ units: 4, activation: 'relu' }, { units: 1, activation: 'linear' }], compile: { optimizer: { name: 'adam' }, loss: 'huber' } };
    const before = tf.memory().numTensors;
    const model = buildModel(spec, { seed: 1 });
    const xs = tf.randomUniform([8, 2], -1, 1, 'float32', 1);
    const ys = tf.randomUniform([8, 1], -3, 3, 'float32', 2);
    await model.fit(xs, ys, { epochs: 3, batchSize: 4, verbose: 0 });
    tf.dispose([xs, ys]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

function outputUnitsOf(spec: ModelSpec): number {
  return spec.layers[spec.layers.length - 1]!.units;
}
