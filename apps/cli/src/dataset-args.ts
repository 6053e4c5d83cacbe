/**
 * `--dataset <name|file.csv>` plus the generator parameters as flags. The flags are generated
 * from the dataset registry's ParamSpec lists, so a new dataset's parameters appear without CLI
 * changes; a parameter the chosen dataset does not take is an error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { getDataset, listDatasets, parseCsv, type Dataset, type DatasetEntry, type ParamSpec } from '@mlpkit/datasets';
import type { DatasetInfo } from '@mlpkit/experiments';
import type { Command } from 'commander';
import { UsageError } from './errors.js';

/** `classSep` → `class-sep` (commander maps `--class-sep` back to `classSep`). */
export const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Parameters handled by a command's own flags rather than as dataset parameters. */
const RESERVED = new Set(['seed']);

/** Every generator parameter of the registry (first spec seen per name), with its datasets. */
export function datasetParamFlags(): Array<{ spec: ParamSpec; datasets: string[] }> {
  const byName = new Map<string, { spec: ParamSpec; datasets: string[] }>();
  for (const entry of listDatasets()) {
    for (const spec of entry.params) {
      if (RESERVED.has(spec.name)) continue;
      const found = byName.get(spec.name);
      if (found) found.datasets.push(entry.name);
      else byName.set(spec.name, { spec, datasets: [entry.name] });
    }
  }
  return [...byName.values()];
}

/** Adds `--<param> <value>` for every generator parameter of the registry. */
/** The dataset parameters each command registered as flags. */
const registeredParams = new WeakMap<Command, string[]>();

export function addDatasetParamOptions(cmd: Command): Command {
  const names: string[] = [];
  registeredParams.set(cmd, names);
  for (const { spec, datasets } of datasetParamFlags()) {
    // A parameter named like one of the command's own flags (e.g. a future "epochs") keeps the
    // command's meaning rather than breaking the parser.
    if (cmd.options.some((o) => o.long === `--${kebab(spec.name)}`)) continue;
    const value = spec.type === 'boolean' ? '<true|false>' : spec.type === 'int' ? '<n>' : '<x>';
    cmd.option(`--${kebab(spec.name)} ${value}`, `dataset parameter (${datasets.join(', ')})`);
    names.push(spec.name);
  }
  return cmd;
}

/** The dataset-parameter flags present on `cmd`'s command line, as `{ name: rawValue }`. */
export function givenDatasetParams(cmd: Command): Record<string, string> {
  const opts = cmd.opts<Record<string, unknown>>();
  const given: Record<string, string> = {};
  for (const name of registeredParams.get(cmd) ?? []) {
    const v = opts[name];
    if (v !== undefined) given[name] = String(v);
  }
  return given;
}

export function isCsvPath(arg: string): boolean {
  return /\.(csv|tsv|txt)$/i.test(arg) || (existsSync(arg) && statSync(arg).isFile());
}

export interface LoadedData {
  data: Dataset;
  info: DatasetInfo;
}

function checkParamsBelong(entry: DatasetEntry, given: Record<string, string>): void {
  const allowed = new Set(entry.params.map((p) => p.name));
  const wrong = Object.keys(given).filter((k) => !allowed.has(k));
  if (wrong.length > 0) {
    const takes = entry.params.map((p) => `--${kebab(p.name)}`).join(', ') || '(none)';
    throw new UsageError(
      `dataset "${entry.name}" has no parameter ${wrong.map((w) => `--${kebab(w)}`).join(', ')}; its parameters: ${takes}`,
    );
  }
}

/** Reads a CSV file into a Dataset (bad files are CsvErrors naming the row and column). */
export function readCsvDataset(path: string, labelColumn: string | undefined): LoadedData {
  if (!existsSync(path)) throw new UsageError(`CSV file not found: ${path}`);
  const text = readFileSync(path, 'utf8');
  let data: Dataset;
  try {
    data = parseCsv(text, { name: basename(path), ...(labelColumn !== undefined ? { labelColumn } : {}) });
  } catch (err) {
    if (err instanceof Error) err.message = `${path}: ${err.message}`;
    throw err;
  }
  return {
    data,
    info: { name: basename(path), params: { file: path, ...(labelColumn !== undefined ? { labelColumn } : {}) }, rows: data.y.length },
  };
}

/**
 * Loads `--dataset` (or `--test`): a registry name generated with the given parameters and seed,
 * or a CSV file. Generator parameters with a CSV file are an error.
 */
export function loadDataset(
  arg: string,
  given: Record<string, string>,
  o: { seed: number; labelColumn?: string | undefined },
): LoadedData {
  if (isCsvPath(arg)) {
    const names = Object.keys(given);
    if (names.length > 0) {
      throw new UsageError(`${names.map((n) => `--${kebab(n)}`).join(', ')}: generator parameters do not apply to a CSV file (${arg})`);
    }
    return readCsvDataset(arg, o.labelColumn);
  }
  const entry = getDataset(arg);
  checkParamsBelong(entry, given);
  const seeded = entry.params.some((p) => p.name === 'seed');
  const data = entry.generate({ ...given, ...(seeded ? { seed: o.seed } : {}) });
  return { data, info: { name: data.name, params: { ...(data.params ?? {}) }, rows: data.y.length } };
}
