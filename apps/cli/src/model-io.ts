/**
 * Saved models: TF.js layers format (model.json + weights.bin) through @mlpkit/train/node, with
 * the spec and class names in model.json's userDefinedMetadata.
 */
import { createTrainer, ModelFileError, type Trainer } from '@mlpkit/train';
import { loadModel, saveModel } from '@mlpkit/train/node';
import type { ModelSpec } from '@mlpkit/models';

export interface SavedModelInfo {
  spec: ModelSpec;
  classNames: string[];
}

/** Writes `trainer`'s model into `dir` (atomically, by @mlpkit/train/node). */
export async function saveTrainedModel(trainer: Trainer, dir: string, info: SavedModelInfo): Promise<void> {
  await saveModel(trainer, dir, { spec: info.spec, classNames: info.classNames });
}

/**
 * Loads a saved model directory into a Trainer on `backend`, so prediction runs on the same
 * engines as training. Missing or corrupt files are ModelFileErrors (exit 2).
 */
export async function loadTrainedModel(dir: string, backend: string): Promise<{ trainer: Trainer } & SavedModelInfo> {
  const loaded = await loadModel(dir);
  let weights: Float32Array[];
  try {
    weights = loaded.model.getWeights().map((w) => new Float32Array(w.dataSync()));
  } finally {
    loaded.model.optimizer?.dispose();
    loaded.model.dispose();
  }
  if (!loaded.spec) throw new ModelFileError(`the model in ${dir} is not a Dense-only mlpkit model (no spec)`);
  const names = loaded.metadata.classNames;
  const classNames = Array.isArray(names) ? names.map(String) : [];
  const trainer = await createTrainer(loaded.spec, { backend });
  await trainer.setWeights(weights);
  return { trainer, spec: loaded.spec, classNames };
}
