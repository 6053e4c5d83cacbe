import { DatasetParamError } from './errors.js';
import { builtinDatasets } from './generators/index.js';
import type { DatasetEntry } from './params.js';
import type { Dataset } from './types.js';

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
export function getDataset(name: string): DatasetEntry {
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

/** Validates `params` against the dataset's schema, applies defaults and generates. */
export function generateDataset(name: string, params: Record<string, unknown> = {}): Dataset {
  return getDataset(name).generate(params);
}
