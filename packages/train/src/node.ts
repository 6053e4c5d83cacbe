/**
 * Node-only persistence (`@mlpkit/train/node`): TF.js layers-model directories (model.json +
 * weights.bin), written atomically.
 */
import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compileModel, fromKerasConfig, parseSpec, type ModelSpec } from '@mlpkit/models';
import type { SavedModelMetadata } from './browser.js';
import { ModelFileError } from './errors.js';
import type { Trainer } from './types.js';

export type { SavedModelMetadata } from './browser.js';

const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

export interface SaveOptions {
  /** Replace an existing model directory (default true). */
  overwrite?: boolean;
}

export interface SaveResult {
  dir: string;
  files: string[];
  weightBytes: number;
}

export interface LoadedModel {
  /**
   * The TF.js model. With a spec that has a `features` stage, it takes the mapped features:
   * `model.predict(tf.tensor2d(mapFeatures(spec, x), [n, spec.features.length]))`
   * (mapFeatures of @mlpkit/models), or train a Trainer and use its predict.
   */
  model: tf.LayersModel;
  /** The stored spec (or one derived from the topology when none was stored). */
  spec?: ModelSpec;
  /** model.json's userDefinedMetadata (where the spec and class names live). */
  metadata: SavedModelMetadata;
}

function isTrainer(value: tf.LayersModel | Trainer): value is Trainer {
  return typeof (value as Trainer).toLayersModel === 'function' && typeof (value as Trainer).getWeights === 'function' && 'spec' in value;
}

async function writeFileSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync a directory so a rename inside it is durable (not supported on every platform). */
async function syncDir(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, fsConstants.O_RDONLY);
    await handle.sync();
  } catch {
    // Windows cannot open directories; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

let tempCounter = 0;
const tempName = (dir: string, kind: string) => join(dirname(dir), `.${basename(dir)}.${kind}-${process.pid}-${Date.now()}-${tempCounter++}`);

/**
 * Saves a model (or a Trainer's current model) in TF.js layers format under `dir`. The files are
 * written into a temporary sibling directory, fsynced, and renamed into place, so `dir` either
 * holds a complete model or is untouched. `metadata.spec` (defaulting to the trainer's spec) and
 * the rest of `metadata` are stored in model.json's userDefinedMetadata.
 */
export async function saveModel(modelOrTrainer: tf.LayersModel | Trainer, dir: string, metadata: SavedModelMetadata = {}, options: SaveOptions = {}): Promise<SaveResult> {
  const target = resolve(dir);
  if (await exists(target)) {
    if (!(await stat(target)).isDirectory()) throw new ModelFileError(`cannot save the model to ${target}: a file with that name exists`);
    if (options.overwrite === false) throw new ModelFileError(`cannot save the model to ${target}: the directory exists (overwrite is false)`);
  }
  const trainer = isTrainer(modelOrTrainer) ? modelOrTrainer : undefined;
  const model = trainer ? await trainer.toLayersModel() : (modelOrTrainer as tf.LayersModel);
  const userDefinedMetadata: SavedModelMetadata = { ...metadata };
  if (!userDefinedMetadata.spec && trainer) userDefinedMetadata.spec = trainer.spec;
  const temp = tempName(target, 'tmp');
  try {
    await mkdir(dirname(target), { recursive: true });
    await mkdir(temp);
    let weightBytes = 0;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = new Uint8Array(artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0));
        weightBytes = weights.byteLength;
        await writeFileSynced(join(temp, WEIGHTS_BIN), weights);
        const modelJson = {
          format: 'layers-model',
          generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
          userDefinedMetadata,
        };
        // JSON.stringify throws on values JSON cannot hold (BigInt, cycles): nothing is renamed then.
        await writeFileSynced(join(temp, MODEL_JSON), JSON.stringify(modelJson));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightBytes } };
      }),
    );
    await syncDir(temp);
    if (await exists(target)) {
      // Swap: the old model is moved aside first, so `dir` always holds one complete model.
      const old = tempName(target, 'old');
      await rename(target, old);
      try {
        await rename(temp, target);
      } catch (error) {
        await rename(old, target);
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, target);
    }
    await syncDir(dirname(target));
    return { dir: target, files: [MODEL_JSON, WEIGHTS_BIN], weightBytes };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof ModelFileError) throw error;
    throw new ModelFileError(`could not save the model to ${target}: ${(error as Error).message}`);
  } finally {
    if (trainer) model.dispose();
  }
}

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  userDefinedMetadata?: SavedModelMetadata;
  format?: string;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };

/**
 * Loads a model saved by saveModel (or any TF.js layers-model directory with relative weight
 * paths). Missing directory or files, invalid JSON and weight files whose size does not match
 * model.json give a ModelFileError naming the problem. The model is compiled when a spec is known.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const root = resolve(dir);
  if (!(await exists(root))) throw new ModelFileError(`model directory not found: ${root}`);
  if (!(await stat(root)).isDirectory()) throw new ModelFileError(`not a model directory: ${root} is a file`);
  const jsonPath = join(root, MODEL_JSON);
  if (!(await exists(jsonPath))) throw new ModelFileError(`no ${MODEL_JSON} in ${root}`);
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as ModelJson;
  } catch (error) {
    throw new ModelFileError(`${jsonPath} is not valid JSON (${(error as Error).message}); the file is corrupt`);
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError(`${jsonPath} is not a TF.js layers model (it needs modelTopology and weightsManifest)`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    const expected = group.weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[w.dtype] ?? 4), 0);
    let actual = 0;
    for (const path of group.paths) {
      const file = join(root, path);
      if (!(await exists(file))) throw new ModelFileError(`weights file ${file} named in ${MODEL_JSON} is missing`);
      const bytes = new Uint8Array(await readFile(file));
      actual += bytes.byteLength;
      buffers.push(bytes);
    }
    if (actual !== expected) {
      throw new ModelFileError(`weights size mismatch in ${root}: ${group.paths.join(', ')} hold ${actual} bytes but ${MODEL_JSON} describes ${expected}; the files are corrupt or from different saves`);
    }
  }
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  const metadata: SavedModelMetadata = json.userDefinedMetadata ?? {};
  let spec: ModelSpec | undefined;
  if (metadata.spec !== undefined) {
    try {
      spec = parseSpec(metadata.spec);
    } catch (error) {
      throw new ModelFileError(`${jsonPath} stores an invalid spec: ${(error as Error).message}`);
    }
  } else {
    try {
      spec = fromKerasConfig(json.modelTopology);
    } catch {
      spec = undefined; // Not a Dense-only Sequential model: still loadable, just without a spec.
    }
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology as object, weightSpecs, weightData: weightData.buffer, userDefinedMetadata: metadata }),
    );
  } catch (error) {
    throw new ModelFileError(`could not load the model in ${root}: ${(error as Error).message}`);
  }
  if (spec) compileModel(model, spec);
  return { model, ...(spec ? { spec } : {}), metadata };
}
