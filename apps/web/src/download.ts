/** Browser downloads: the report, and a TF.js model sent over from the training worker. */
import type { ModelArtifactsMessage } from './training/protocol.js';

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Saves TF.js layers-model artifacts as `<name>.json` + `<name>.weights.bin`, the files
 * `tf.io.browserDownloads` writes (loadable with `tf.loadLayersModel`). The model was trained in
 * a worker, where no download can start, so the page writes the files.
 */
export function downloadModel(name: string, artifacts: ModelArtifactsMessage): void {
  const weightsFile = `${name}.weights.bin`;
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
    ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    weightsManifest: [{ paths: [`./${weightsFile}`], weights: artifacts.weightSpecs }],
  };
  downloadBlob(new Blob([JSON.stringify(modelJson)], { type: 'application/json' }), `${name}.json`);
  downloadBlob(new Blob([artifacts.weightData], { type: 'application/octet-stream' }), weightsFile);
}
