import { describe, expect, it } from 'vitest';
import { getPreset } from '@mlpkit/models';
import { mlpLoss, mlpOutputLayer, mlpSpec, withOptimizer } from '../src/index.js';

describe('mlpSpec', () => {
  it('infers a 1-unit sigmoid output with binary cross-entropy for 2 classes', () => {
    const spec = mlpSpec({ input: 2, classes: 2, hidden: [12, 12], activation: 'tanh' });
    expect(spec.layers).toEqual([
      { units: 12, activation: 'tanh' },
      { units: 12, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ]);
    expect(spec.compile).toEqual({ optimizer: { name: 'adam' }, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    expect(spec.name).toBe('mlp-12-12');
  });

  it('infers K softmax units with categorical cross-entropy for K classes; [] hidden is softmax regression', () => {
    const spec = mlpSpec({ input: 3, classes: 4, hidden: [] });
    expect(spec).toMatchObject({ name: 'softmax-regression', input: 3, layers: [{ units: 4, activation: 'softmax' }] });
    expect(spec.compile.loss).toBe('categoricalCrossentropy');
    expect(mlpSpec({ input: 2, classes: 2, hidden: [] }).name).toBe('logreg');
  });

  it('takes one activation per hidden layer, and mixes with plain unit counts', () => {
    const spec = mlpSpec({
      input: 2,
      classes: 2,
      hidden: [{ units: 4, activation: 'tanh' }, 3, { units: 2, activation: 'sigmoid' }],
      activation: 'relu',
    });
    expect(spec.layers).toEqual([
      { units: 4, activation: 'tanh' },
      { units: 3, activation: 'relu' },
      { units: 2, activation: 'sigmoid' },
      { units: 1, activation: 'sigmoid' },
    ]);
    expect(spec.name).toBe('mlp-4-3-2');
    // The same net as a preset, built from per-layer choices.
    const moons = getPreset('moons-ann');
    expect(
      mlpSpec({ input: 2, classes: 2, hidden: moons.layers.slice(0, -1), optimizer: moons.compile.optimizer, name: 'moons-ann' }),
    ).toEqual(moons);
  });

  it('takes an output layer and a loss; without a loss it follows the output layer', () => {
    const xor = getPreset('xor-gauss');
    const spec = mlpSpec({
      input: 2,
      classes: 2,
      hidden: [{ units: 4, activation: 'relu' }, { units: 4, activation: 'relu' }],
      output: { units: 2, activation: 'softmax' },
      loss: 'binaryCrossentropy',
      optimizer: xor.compile.optimizer,
      name: 'xor-gauss',
    });
    expect(spec).toEqual(xor);
    expect(mlpSpec({ input: 2, classes: 2, hidden: [], output: { units: 2, activation: 'softmax' } }).compile.loss).toBe('categoricalCrossentropy');
    expect(() => mlpSpec({ input: 2, classes: 2, hidden: [], output: { units: 1, activation: 'softmax' } })).toThrowError(
      /softmax output with 1 unit/,
    );
  });

  it('mlpOutputLayer and mlpLoss are the defaults mlpSpec uses', () => {
    expect(mlpOutputLayer(2)).toEqual({ units: 1, activation: 'sigmoid' });
    expect(mlpOutputLayer(5)).toEqual({ units: 5, activation: 'softmax' });
    expect(mlpLoss({ units: 1, activation: 'sigmoid' })).toBe('binaryCrossentropy');
    expect(mlpLoss({ units: 3, activation: 'softmax' })).toBe('categoricalCrossentropy');
    for (const classes of [2, 3, 7]) {
      const spec = mlpSpec({ input: 2, classes, hidden: [3] });
      expect(spec.layers.at(-1)).toEqual(mlpOutputLayer(classes));
      expect(spec.compile.loss).toBe(mlpLoss(mlpOutputLayer(classes)));
    }
  });

  it('rejects what the models schema rejects', () => {
    expect(() => mlpSpec({ input: 2, classes: 2, hidden: [4], activation: 'tanhh' as never })).toThrowError(
      /layers\[0\]\.activation must be one of linear, relu, tanh, sigmoid, softmax, got "tanhh"/,
    );
    expect(() => mlpSpec({ input: 2, classes: 2, hidden: [0] })).toThrowError(/layers\[0\]\.units must be a positive integer, got 0/);
  });
});

describe('withOptimizer', () => {
  it('switching optimizer drops the old settings; the learning rate is kept or set', () => {
    const xor = getPreset('xor-gauss');
    expect(withOptimizer(xor, { name: 'adam' }).compile.optimizer).toEqual({ name: 'adam' });
    expect(withOptimizer(xor, { learningRate: 0.1 }).compile.optimizer).toEqual({ name: 'sgd', learningRate: 0.1, momentum: 0.99, decay: 0.001 });
    expect(withOptimizer(xor, { name: 'rmsprop', learningRate: 0.01 }).compile.optimizer).toEqual({ name: 'rmsprop', learningRate: 0.01 });
    expect(() => withOptimizer(xor, { learningRate: -1 })).toThrowError(/learningRate must be a positive number, got -1/);
  });
});
