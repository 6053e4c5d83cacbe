import { describe, expect, it } from 'vitest';
import { checkSpecAgainstData, parseSpec, SpecError, specSchema, type ModelSpec } from '../src/index.js';

const valid = (): ModelSpec => ({
  input: 2,
  layers: [
    { units: 12, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ],
  compile: { optimizer: { name: 'rmsprop' }, loss: 'binaryCrossentropy', metrics: ['accuracy'] },
});

function messageOf(json: unknown): string {
  try {
    parseSpec(json);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('MLPKIT_INVALID_INPUT');
    return (e as Error).message;
  }
  throw new Error('parseSpec accepted an invalid spec');
}

describe('parseSpec', () => {
  it('accepts a valid spec unchanged', () => {
    expect(parseSpec(valid())).toEqual(valid());
    expect(specSchema.safeParse(valid()).success).toBe(true);
  });

  it('names the path and the bad value for negative units', () => {
    const spec = valid();
    spec.layers[1]!.units = -3;
    expect(messageOf(spec)).toBe('layers[1].units must be a positive integer, got -3');
  });

  it('rejects fractional units', () => {
    const spec = valid();
    spec.layers[0]!.units = 2.5;
    expect(messageOf(spec)).toBe('layers[0].units must be a positive integer, got 2.5');
  });

  it('lists the activations for an unknown one', () => {
    const spec = valid() as unknown as { layers: Array<{ activation: string }> };
    spec.layers[0]!.activation = 'gelu';
    expect(messageOf(spec)).toBe('layers[0].activation must be one of linear, relu, tanh, sigmoid, softmax, got "gelu"');
  });

  it('rejects softmax with one unit', () => {
    const spec = valid();
    spec.layers[1]!.activation = 'softmax';
    spec.compile.loss = 'categoricalCrossentropy';
    expect(messageOf(spec)).toContain('softmax output with 1 unit: use sigmoid for binary classification or ≥2 units');
    expect(messageOf(spec)).toContain('categoricalCrossentropy needs an output layer with ≥2 units');
  });

  it('rejects a categorical loss with one output unit', () => {
    const spec = valid();
    spec.compile.loss = 'sparseCategoricalCrossentropy';
    expect(messageOf(spec)).toBe(
      'sparseCategoricalCrossentropy needs an output layer with ≥2 units (one per class), got 1 unit: use binaryCrossentropy with a 1-unit sigmoid output for two classes',
    );
  });

  it('rejects sigmoid + binary CE with >1 units unless multiLabel', () => {
    const spec = valid();
    spec.layers[1]!.units = 3;
    expect(messageOf(spec)).toMatch(/^sigmoid output with 3 units and binaryCrossentropy .*"multiLabel": true/);
    expect(parseSpec({ ...spec, multiLabel: true }).multiLabel).toBe(true);
  });

  it('rejects SGD-only options on other optimizers', () => {
    const spec = valid();
    spec.compile.optimizer = { name: 'adam', momentum: 0.9 };
    expect(messageOf(spec)).toBe('compile.optimizer.momentum applies to sgd only, not adam');
    spec.compile.optimizer = { name: 'rmsprop', decay: 0.01 };
    expect(messageOf(spec)).toBe('compile.optimizer.decay applies to sgd only, not rmsprop');
    expect(parseSpec({ ...spec, compile: { ...spec.compile, optimizer: { name: 'sgd', momentum: 0.99, decay: 0.001 } } }).compile.optimizer.decay).toBe(0.001);
  });

  it('reports missing fields, unknown fields and several problems at once', () => {
    expect(messageOf({ layers: valid().layers, compile: valid().compile })).toBe('input is required (must be a positive integer)');
    expect(messageOf({ ...valid(), lyers: [] })).toBe('spec has unknown field "lyers"');
    const spec = valid() as unknown as { input: number; layers: Array<{ units: number; activation: string }> };
    spec.input = 0;
    spec.layers[0]!.activation = 'swish';
    const msg = messageOf(spec);
    expect(msg.split('\n')).toEqual([
      'invalid model spec:',
      '- input must be a positive integer, got 0',
      '- layers[0].activation must be one of linear, relu, tanh, sigmoid, softmax, got "swish"',
    ]);
  });

  it('rejects an empty layer list and a non-object', () => {
    expect(messageOf({ ...valid(), layers: [] })).toBe('layers must contain at least one layer (the output layer), got an array');
    expect(messageOf('hello')).toBe('spec must be a model spec object, got "hello"');
    expect(messageOf({ ...valid(), layers: 'dense' })).toBe('layers must be an array of Dense layers, got "dense"');
  });
});

describe('task: regression', () => {
  const regression = (): ModelSpec => ({
    task: 'regression',
    input: 2,
    layers: [{ units: 8, activation: 'tanh' }, { units: 2, activation: 'linear' }],
    compile: { optimizer: { name: 'adam' }, loss: 'meanSquaredError' },
  });

  it('accepts a linear output with each regression loss and metrics ["mae"]', () => {
    for (const loss of ['meanSquaredError', 'meanAbsoluteError', 'huber'] as const) {
      const spec = { ...regression(), compile: { optimizer: { name: 'adam' as const }, loss, metrics: ['mae' as const] } };
      expect(parseSpec(spec)).toEqual(spec);
    }
    // No task means classification: every spec written before regression stays valid.
    expect(parseSpec(valid()).task).toBeUndefined();
  });

  it('refuses a sigmoid or softmax output, saying how to fix it', () => {
    const spec = regression();
    spec.layers[1]!.activation = 'sigmoid';
    expect(messageOf(spec)).toBe('regression needs a linear output layer (units = number of targets); got sigmoid: use activation "linear"');
    spec.layers[1]!.activation = 'softmax';
    expect(messageOf(spec)).toBe('regression needs a linear output layer (units = number of targets); got softmax: use activation "linear"');
  });

  it('refuses a cross-entropy loss, accuracy and multiLabel', () => {
    for (const loss of ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy'] as const) {
      expect(messageOf({ ...regression(), compile: { optimizer: { name: 'adam' }, loss } })).toBe(
        `regression needs a regression loss; got ${loss}, a classification loss: use "meanSquaredError", "meanAbsoluteError" or "huber"`,
      );
    }
    expect(messageOf({ ...regression(), compile: { optimizer: { name: 'adam' }, loss: 'huber', metrics: ['accuracy'] } })).toBe(
      'compile.metrics "accuracy" is a classification metric; a regression model reports mae: use ["mae"] or leave metrics out',
    );
    expect(messageOf({ ...regression(), multiLabel: true })).toBe('multiLabel applies to classification only; remove it for a regression model');
    expect(messageOf({ ...regression(), task: 'ranking' })).toBe('task must be one of classification, regression, got "ranking"');
  });

  it('refuses the regression losses for classification', () => {
    for (const loss of ['meanAbsoluteError', 'huber'] as const) {
      expect(messageOf({ ...valid(), compile: { optimizer: { name: 'adam' }, loss } })).toBe(
        `${loss} is a regression loss: set "task": "regression" (with a linear output layer, one unit per target), or use binaryCrossentropy, categoricalCrossentropy or meanSquaredError for classification`,
      );
    }
    // meanSquaredError stays a classification loss (the XOR tutorial's sigmoid + MSE).
    expect(parseSpec({ ...valid(), compile: { optimizer: { name: 'adam' }, loss: 'meanSquaredError' } }).compile.loss).toBe('meanSquaredError');
  });

  it('checkSpecAgainstData: one output unit per target; labels vs targets mismatches name the fix', () => {
    expect(() => checkSpecAgainstData(regression(), { features: 2, targets: 2 })).not.toThrow();
    expect(() => checkSpecAgainstData(regression(), { features: 2, targets: 1, task: 'regression' })).toThrow(
      new SpecError('model output is 2 units but the data has 1 target: a regression model needs one linear output unit per target'),
    );
    expect(() => checkSpecAgainstData(regression(), { features: 2, classes: 3 })).toThrow(
      new SpecError('the model is a regression model (task "regression") but the data has class labels (3 classes): use data with numeric targets ({ y: Float32Array, targets }), or a classification model'),
    );
    expect(() => checkSpecAgainstData(valid(), { features: 2, targets: 1 })).toThrow(
      new SpecError('the data has numeric targets (a regression dataset) but the model is a classifier: set "task": "regression" with a linear output layer of 1 unit and a regression loss (meanSquaredError, meanAbsoluteError or huber)'),
    );
    // task decides over a stray field.
    expect(() => checkSpecAgainstData(valid(), { features: 2, classes: 2, targets: 1, task: 'classification' })).not.toThrow();
  });
});

describe('checkSpecAgainstData', () => {
  it('accepts matching data', () => {
    expect(() => checkSpecAgainstData(valid(), { features: 2, classes: 2 })).not.toThrow();
  });
  it('names input mismatches', () => {
    expect(() => checkSpecAgainstData({ ...valid(), input: 3 }, { features: 2, classes: 2 })).toThrow(
      new SpecError('model input is 3 features but the data has 2'),
    );
  });
  it('compares the raw input count with a features stage', () => {
    const spec = { ...valid(), features: ['x0^2', 'x1^2', 'x0*x1'] };
    expect(() => checkSpecAgainstData(spec, { features: 2, classes: 2 })).not.toThrow();
    expect(() => checkSpecAgainstData(spec, { features: 3, classes: 2 })).toThrow(new SpecError('model input is 2 features raw (its features map them to 3 network inputs) but the data has 3'));
  });
  it('names output/class mismatches', () => {
    expect(() => checkSpecAgainstData(valid(), { features: 2, classes: 3 })).toThrow(/model output is 1 unit \(binary\) but the data has 3 classes/);
    const softmax: ModelSpec = { ...valid(), layers: [{ units: 4, activation: 'softmax' }], compile: { optimizer: { name: 'adam' }, loss: 'categoricalCrossentropy' } };
    expect(() => checkSpecAgainstData(softmax, { features: 2, classes: 3 })).toThrow('model output is 4 units but the data has 3 classes');
  });
});

describe('preset names', () => {
  it('PRESET_NAMES lists exactly the presets, in order', async () => {
    const { PRESET_NAMES, presets, listPresets } = await import('../src/index.js');
    expect(Object.keys(presets)).toEqual([...PRESET_NAMES]);
    expect(listPresets()).toEqual([...PRESET_NAMES]);
  });
});
