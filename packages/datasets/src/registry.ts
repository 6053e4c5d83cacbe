import { DatasetParamError } from './errors.js';
import { builtinDatasets, type DatasetName } from './generators/index.js';
import type { DatasetEntry } from './params.js';
import { isRegression, type AnyDataset, type Dataset } from './types.js';

// Built-ins are listed explicitly (not registered by module side effects) so bundlers
// can keep `sideEffects: false`.
const registry = new Map<string, DatasetEntry>(builtinDatasets.map((e) => [e.name, e]));

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Adds a dataset to the registry (e.g. a plugin's). Names are kebab-case and unique. */
export function registerDataset(entry: DatasetEntry): void {
  if (!NAME_PATTERN.test(entry.name)) {
    throw new DatasetParamError(`registerDataset: name must be kebab-case (a-z, 0-9, -), got ${JSON.stringify(entry.name)}`);
  }
  if (registry.has(entry.name)) {
    throw new DatasetParamError(`registerDataset: a dataset named "${entry.name}" is already registered`);
  }
  registry.set(entry.name, entry);
}

/** The entry for `name`; unknown names throw a DatasetParamError listing the known ones. */
export function getDataset(name: DatasetName): DatasetEntry {
  const entry = registry.get(name);
  if (!entry) {
    throw new DatasetParamError(`unknown dataset "${name}"; known datasets: ${[...registry.keys()].join(', ')}`);
  }
  return entry;
}

/** All registered datasets, built-ins first, in registration order. */
export function listDatasets(): DatasetEntry[] {
  return [...registry.values()];
}

/**
 * Validates `params` against the dataset's schema, applies defaults and generates: a Dataset, or
 * a RegressionDataset for a regression entry (`isRegression` tells them apart).
 */
export function generateDataset(name: DatasetName, params: Record<string, unknown> = {}): AnyDataset {
  return getDataset(name).generate(params);
}

/**
 * `d` as a classification dataset; a regression dataset is a DatasetParamError (MLPKIT_INVALID_INPUT)
 * naming `what` (e.g. the experiment that needs class labels).
 */
export function asClassification(d: AnyDataset, what = 'this'): Dataset {
  if (isRegression(d)) {
    throw new DatasetParamError(`${what} needs class labels, but "${d.name}" is a regression dataset (continuous targets)`);
  }
  return d;
}
