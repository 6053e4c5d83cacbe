/**
 * Divergence (issue 11, item 10): after every epoch the driver checks the loss, the weights and
 * whether the loss is stuck at its saturation ceiling, and stops with the same TrainingError
 * (MLPKIT_RUNTIME, naming the epoch, suggesting a lower learning rate) on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { getPreset, type ModelSpec } from '@mlpkit/models';
import { moons, xorTable } from '@mlpkit/datasets';
import { afterAll, describe, expect, it } from 'vitest';
import { createTrainer, lossCeiling, runTraining, SATURATION_EPOCHS, TrainingError, type EncodedData, type EpochResult, type EvalResult, type TrainData, type TrainingEngine } from '../src/index.js';
import { binarySpec, blobsData } from './helpers.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

const BACKENDS = ['fused', 'fused-exact', 'cpu', 'wasm'] as const;

async function failure(backend: string, spec: ModelSpec, data: TrainData, epochs: number, batchSize = 32): Promise<TrainingError | string> {
  const trainer = await createTrainer(spec, { backend, seed: 1 });
  try {
    const h = await trainer.train(data, { epochs, batchSize });
    return `no error; losses ${h.loss.join(', ')}`;
  } catch (error) {
    return error as TrainingError;
  } finally {
    trainer.dispose();
  }
}

function withOptimizer(spec: ModelSpec, optimizer: ModelSpec['compile']['optimizer']): ModelSpec {
  return { ...spec, compile: { ...spec.compile, optimizer } };
}

describe('divergence is the same error on every backend', () => {
  const data = moons({ samples: 200, noise: 0.1, seed: 3 });

  it('adam at lr 1e6 with a sigmoid output: the loss sticks at the clip ceiling', { timeout: 60_000 }, async () => {
    const spec = withOptimizer(getPreset('moons-ann'), { name: 'adam', learningRate: 1e6 });
    const errors: Array<TrainingError | string> = [];
    for (const backend of BACKENDS) errors.push(await failure(backend, spec, data, 20));
    for (const [i, e] of errors.entries()) {
      expect(e, BACKENDS[i]).toBeInstanceOf(TrainingError);
      expect((e as TrainingError).code).toBe('MLPKIT_RUNTIME');
    }
    const messages = errors.map((e) => (e as Error).message);
    expect(messages[0]).toMatch(/^training diverged: loss stuck at its ceiling \(saturated outputs\) at epoch \d+; try a lower learning rate, or standardize the inputs if their values are large$/);
    expect(messages).toEqual(messages.map(() => messages[0]));
  });

  it('adam at lr 1e6 with a 3-unit softmax and categorical cross-entropy', { timeout: 60_000 }, async () => {
    const spec = withOptimizer(getPreset('spiral3-ann'), { name: 'adam', learningRate: 1e6 });
    const three = blobsData(150, 3, 4);
    const messages: string[] = [];
    for (const backend of BACKENDS) messages.push(String(await failure(backend, spec, three, 20).then((e) => (e instanceof Error ? e.message : e))));
    expect(messages[0]).toMatch(/^training diverged: (loss stuck at its ceiling \(saturated outputs\)|weights are not finite|loss is NaN) at epoch \d+; try a lower learning rate/);
    expect(messages).toEqual(messages.map(() => messages[0]));
  });

  it('sgd at lr 1e30: non-finite weights are caught even while the clipped loss stays finite', { timeout: 60_000 }, async () => {
    // What `mlpkit train --dataset moons --layers 16,16 --optimizer sgd --lr 1e30` trains.
    const spec: ModelSpec = {
      input: 2,
      layers: [
        { units: 16, activation: 'relu' },
        { units: 16, activation: 'relu' },
        { units: 1, activation: 'sigmoid' },
      ],
      compile: { optimizer: { name: 'sgd', learningRate: 1e30 }, loss: 'binaryCrossentropy' },
    };
    const messages: string[] = [];
    for (const backend of BACKENDS) messages.push(String(await failure(backend, spec, data, 5).then((e) => (e instanceof Error ? e.message : e))));
    expect(messages[0]).toBe('training diverged: weights are not finite at epoch 1; try a lower learning rate');
    expect(messages).toEqual(messages.map(() => messages[0]));
  });

  it('mean squared error on a sigmoid output (xor-table) at lr 1e6', { timeout: 60_000 }, async () => {
    const spec = withOptimizer(getPreset('xor-table-16'), { name: 'adam', learningRate: 1e6 });
    const messages: string[] = [];
    for (const backend of BACKENDS) messages.push(String(await failure(backend, spec, xorTable(), 30, 4).then((e) => (e instanceof Error ? e.message : e))));
    expect(messages[0]).toMatch(/^training diverged: .* at epoch \d+; try a lower learning rate(, or standardize the inputs if their values are large)?$/);
    expect(messages).toEqual(messages.map(() => messages[0]));
  });

  it('a sane learning rate on the same data trains without a divergence error on every backend', { timeout: 60_000 }, async () => {
    for (const backend of BACKENDS) {
      const result = await failure(backend, getPreset('moons-ann'), data, 30);
      expect(result, backend).toMatch(/^no error/);
    }
  });
});

/** An engine whose epoch results follow a script. */
class ScriptedEngine implements TrainingEngine {
  epoch = 0;
  constructor(private readonly script: (epoch: number) => EpochResult) {}
  async trainEpoch(): Promise<EpochResult> {
    this.epoch++;
    return this.script(this.epoch);
  }
  async evaluate(_data: EncodedData): Promise<EvalResult> {
    return { loss: 1, accuracy: 0.5 };
  }
}

async function messageOf(script: (epoch: number) => EpochResult, spec: ModelSpec = binarySpec(), epochs = 10): Promise<string> {
  return runTraining(new ScriptedEngine(script), blobsData(20, 2, 1), spec, { epochs }).then(
    () => 'completed',
    (e: Error) => e.message,
  );
}

describe('the driver’s divergence rules', () => {
  it('non-finite weights stop training at that epoch', async () => {
    expect(await messageOf((e) => ({ loss: 0.5, accuracy: 0.8, weightsFinite: e < 4 }))).toBe('training diverged: weights are not finite at epoch 4; try a lower learning rate');
    // Engines that do not check (undefined) are not stopped.
    expect(await messageOf(() => ({ loss: 0.5, accuracy: 0.8 }))).toBe('completed');
  });

  it(`a saturated loss stuck for ${SATURATION_EPOCHS} epochs stops; a varying or low one does not`, async () => {
    // Half the rows confidently wrong: loss ≈ ceiling / 2 at accuracy 0.5.
    const stuck = (e: number) => ({ loss: e === 1 ? 7.84 : 7.9712, accuracy: 0.5 });
    expect(await messageOf(stuck)).toBe(
      `training diverged: loss stuck at its ceiling (saturated outputs) at epoch ${1 + SATURATION_EPOCHS}; try a lower learning rate, or standardize the inputs if their values are large`,
    );
    // Saturated but falling every epoch, however slowly (0.02% per epoch, raw inputs in the
    // hundreds): still learning, not stuck (review: a run stopped while its loss fell 7.68 → 6.12).
    expect(await messageOf((e) => ({ loss: 7.9 * (1 - 2e-4) ** e, accuracy: 0.5 }))).toBe('completed');
    // The same level, but moving by more than 0.1%: not stuck.
    expect(await messageOf((e) => ({ loss: 7.9 + 0.05 * (e % 2), accuracy: 0.5 }))).toBe('completed');
    // A legitimate plateau: 99% accuracy, loss constant at 0.15 (the right rows carry it).
    expect(await messageOf(() => ({ loss: 0.15, accuracy: 0.99 }))).toBe('completed');
    // Chance level, stuck: loss ln 2 at accuracy 0.5 (outputs at 0.5, not saturated).
    expect(await messageOf(() => ({ loss: Math.LN2, accuracy: 0.5 }))).toBe('completed');
    // Perfect accuracy never counts as saturated.
    expect(await messageOf(() => ({ loss: 1e-7, accuracy: 1 }))).toBe('completed');
    // Imbalanced data, everything predicted as the majority class with saturated outputs.
    expect(await messageOf(() => ({ loss: 0.1 * 16.118 + 0.9 * 1e-7, accuracy: 0.9 }))).toMatch(/^training diverged: loss stuck at its ceiling/);
  });

  it('knows the ceiling of each loss/output pair, and that MSE on linear outputs has none', () => {
    const ce = -Math.log(Math.fround(1e-7));
    expect(lossCeiling(binarySpec())).toEqual({ ceiling: ce, maxRight: Math.LN2 });
    expect(lossCeiling(getPreset('spiral3-ann'))).toEqual({ ceiling: ce, maxRight: Math.log(3) });
    expect(lossCeiling(getPreset('xor-table-16'))).toEqual({ ceiling: 1, maxRight: 0.25 });
    const linear: ModelSpec = { input: 2, layers: [{ units: 1, activation: 'linear' }], compile: { optimizer: { name: 'sgd' }, loss: 'meanSquaredError' } };
    expect(lossCeiling(linear)).toBeUndefined();
    // Regression has no ceiling, whatever the loss (the rule is classification-only).
    for (const loss of ['meanSquaredError', 'meanAbsoluteError', 'huber'] as const) {
      expect(lossCeiling({ ...linear, task: 'regression', compile: { optimizer: { name: 'sgd' }, loss } })).toBeUndefined();
    }
    expect(ce).toBeCloseTo(16.1181, 4);
  });
});
