import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { buildModel, getPreset } from '@mlpkit/models';
import { moons } from '@mlpkit/datasets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, ModelFileError, saveModelToBrowser } from '../src/index.js';
import { loadModel, saveModel } from '../src/node.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'mlpkit-train-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const data = moons({ samples: 100, noise: 0.1, seed: 1 });

async function failure(p: Promise<unknown>): Promise<ModelFileError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as ModelFileError).code).toBe('MLPKIT_INVALID_INPUT');
  return error as ModelFileError;
}

describe('saveModel / loadModel', () => {
  it('round-trips a trained model: same predictions, spec and metadata', async () => {
    const spec = getPreset('moons-ann');
    const trainer = await createTrainer(spec, { backend: 'cpu', seed: 3 });
    await trainer.train(data, { epochs: 3 });
    const dir = join(root, 'moons');
    const result = await saveModel(trainer, dir, { classNames: ['outer', 'inner'] });
    expect(result.files).toEqual(['model.json', 'weights.bin']);
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { format: string; userDefinedMetadata: unknown };
    expect(json.format).toBe('layers-model');
    expect(json.userDefinedMetadata).toEqual({ classNames: ['outer', 'inner'], spec });

    const loaded = await loadModel(dir);
    expect(loaded.spec).toEqual(spec);
    expect(loaded.metadata.classNames).toEqual(['outer', 'inner']);
    const expected = await trainer.predictProba(data.x);
    const actual = tf.tidy(() => (loaded.model.predict(tf.tensor2d(data.x, [100, 2])) as tf.Tensor).dataSync());
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    // Weights are stored bit for bit.
    expect(loaded.model.getWeights().map((w) => w.dataSync())).toEqual(await trainer.getWeights());
    loaded.model.dispose();
    trainer.dispose();
  });

  it('saves a plain LayersModel; loads a spec-less directory by reading the topology', async () => {
    const spec = getPreset('spiral3-softmax');
    const model = buildModel(spec, { seed: 1 });
    const dir = join(root, 'plain');
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    // No stored spec: derived from the Keras topology, compile defaults to adam + the output's loss.
    expect(loaded.spec?.layers).toEqual(spec.layers);
    expect(loaded.spec?.compile.loss).toBe('categoricalCrossentropy');
    expect(loaded.model.getWeights()[0]!.dataSync()).toEqual(model.getWeights()[0]!.dataSync());
    loaded.model.dispose();
    model.dispose();
  });

  it('replaces an existing model atomically, or refuses when overwrite is false', async () => {
    const dir = join(root, 'replace');
    const a = buildModel(getPreset('moons-logreg'), { seed: 1 });
    const b = buildModel(getPreset('moons-logreg'), { seed: 2 });
    await saveModel(a, dir);
    await saveModel(b, dir);
    const loaded = await loadModel(dir);
    expect(loaded.model.getWeights()[0]!.dataSync()).toEqual(b.getWeights()[0]!.dataSync());
    const error = await failure(saveModel(a, dir, {}, { overwrite: false }));
    expect(error.message).toBe(`cannot save the model to ${dir}: the directory exists (overwrite is false)`);
    expect((await readdir(root)).filter((n) => n.startsWith('.replace'))).toEqual([]);
    [a, b, loaded.model].forEach((m) => m.dispose());
  });

  it('a failed save leaves no directory and no temporary files', async () => {
    const model = buildModel(getPreset('moons-logreg'));
    const dir = join(root, 'never');
    // BigInt cannot be written as JSON: the save fails after weights.bin was written.
    const error = await failure(saveModel(model, dir, { note: 10n }));
    expect(error.message).toMatch(/^could not save the model to .*never: .*BigInt/);
    expect((await readdir(root)).filter((n) => n.includes('never'))).toEqual([]);
    // Same for a failed replacement: the old model stays intact.
    await saveModel(model, dir);
    await failure(saveModel(model, dir, { note: 10n }));
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    expect((await readdir(root)).filter((n) => n.includes('never'))).toEqual(['never']);
    model.dispose();
  });

  it('reports missing and corrupt files clearly', async () => {
    const missing = join(root, 'nope');
    expect((await failure(loadModel(missing))).message).toBe(`model directory not found: ${missing}`);

    const dir = join(root, 'broken');
    const model = buildModel(getPreset('moons-ann'));
    await saveModel(model, dir);
    await writeFile(join(dir, 'model.json'), '{"modelTopology": {');
    expect((await failure(loadModel(dir))).message).toMatch(/^.*broken\/model\.json is not valid JSON \(.*\); the file is corrupt$/);

    await saveModel(model, dir);
    await truncate(join(dir, 'weights.bin'), 40);
    expect((await failure(loadModel(dir))).message).toBe(
      `weights size mismatch in ${dir}: ./weights.bin hold 40 bytes but model.json describes 100; the files are corrupt or from different saves`,
    );

    await saveModel(model, dir);
    await rm(join(dir, 'weights.bin'));
    expect((await failure(loadModel(dir))).message).toBe(`weights file ${join(dir, 'weights.bin')} named in model.json is missing`);

    await rm(join(dir, 'model.json'));
    expect((await failure(loadModel(dir))).message).toBe(`no model.json in ${dir}`);

    await writeFile(join(dir, 'model.json'), '{"hello": 1}');
    expect((await failure(loadModel(dir))).message).toBe(`${join(dir, 'model.json')} is not a TF.js layers model (it needs modelTopology and weightsManifest)`);

    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    expect((await failure(saveModel(model, file))).message).toBe(`cannot save the model to ${file}: a file with that name exists`);
    model.dispose();
  });

  it('saveModelToBrowser only accepts downloads:// and indexeddb:// URLs', async () => {
    const model = buildModel(getPreset('moons-logreg'));
    expect((await failure(saveModelToBrowser(model, 'file:///tmp/x'))).message).toBe('save URL must be "downloads://<name>" or "indexeddb://<name>", got "file:///tmp/x"');
    model.dispose();
  });
});
