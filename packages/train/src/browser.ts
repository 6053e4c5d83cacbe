import type * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '@mlpkit/models';
import { ModelFileError } from './errors.js';

/** What mlpkit stores in model.json's userDefinedMetadata. */
export interface SavedModelMetadata {
  spec?: ModelSpec;
  classNames?: string[];
  [key: string]: unknown;
}

/**
 * Saves a model in the browser through a TF.js URL: 'downloads://name' (model.json + weights.bin
 * downloads) or 'indexeddb://name'. The metadata (e.g. the spec) goes into userDefinedMetadata.
 */
export async function saveModelToBrowser(model: tf.LayersModel, url: string, metadata?: SavedModelMetadata): Promise<tf.io.SaveResult> {
  if (!/^(downloads|indexeddb):\/\/.+/.test(url)) {
    throw new ModelFileError(`save URL must be "downloads://<name>" or "indexeddb://<name>", got "${url}"`);
  }
  if (metadata) model.setUserDefinedMetadata(JSON.parse(JSON.stringify(metadata)) as object);
  return model.save(url);
}
