/**
 * `--dataset <name|file.csv>` plus the generator parameters as flags. The flags are generated
 * from the dataset registry's ParamSpec lists, so a new dataset's parameters appear without CLI
 * changes; a parameter the chosen dataset does not take is an error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { describeCsvInfo, getDataset, listDatasets, parseCsvWithInfo, parseDatasetJson, type Dataset, type DatasetEntry, type ParamSpec, type ParseCsvOptions } from '@mlpkit/datasets';
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

/** A data file (CSV/TSV/TXT/JSON, or any existing file) rather than a registry name. */
export function isCsvPath(arg: string): boolean {
  return /\.(csv|tsv|txt|json|data)$/i.test(arg) || (existsSync(arg) && statSync(arg).isFile());
}

export interface LoadedData {
  data: Dataset;
  info: DatasetInfo;
  /** One-line notes for the user (how a CSV was read). */
  notes: string[];
  /** The label column (its name in the file; "label" for generated data). */
  labelColumn: string;
  /** Whether the data came from a user's file (CSV or JSON) rather than a generator. */
  fromFile: boolean;
}

/** How to read a CSV: `--label-column`, `--header`/`--no-header`, `--ignore-columns`. */
export interface CsvArgs {
  labelColumn?: string | undefined;
  header?: boolean | undefined;
  ignoreColumns?: string | undefined;
}

export function csvOptions(a: CsvArgs): Pick<ParseCsvOptions, 'labelColumn' | 'header' | 'ignoreColumns'> {
  return {
    ...(a.labelColumn !== undefined ? { labelColumn: a.labelColumn } : {}),
    header: a.header ?? 'auto',
    ...(a.ignoreColumns !== undefined ? { ignoreColumns: a.ignoreColumns.split(',').map((c) => c.trim()).filter((c) => c !== '') } : {}),
  };
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

/** Reads a file's text, or a UsageError naming it. */
export function readText(path: string, what = 'file'): string {
  if (!existsSync(path)) throw new UsageError(`${what} not found: ${path}`);
  if (statSync(path).isDirectory()) throw new UsageError(`${path} is a folder, not a ${what}`);
  return readFileSync(path, 'utf8');
}

/** Prefixes a data error with the file it is about. */
function inFile<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Error && !err.message.startsWith(path)) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

/** Reads a CSV (or a `data --format json` JSON) file into a Dataset; bad files name the row and column. */
export function readCsvDataset(path: string, args: CsvArgs = {}): LoadedData {
  const text = readText(path, 'data file');
  if (/\.json$/i.test(path)) {
    if (args.labelColumn !== undefined || args.header !== undefined || args.ignoreColumns !== undefined) {
      throw new UsageError(`--label-column, --header and --ignore-columns apply to CSV files, not to ${path} (JSON)`);
    }
    const data = inFile(path, () => parseDatasetJson(text, { name: basename(path) }));
    return {
      data,
      info: { name: basename(path), params: { file: path }, rows: data.y.length },
      notes: [],
      labelColumn: 'label',
      fromFile: true,
    };
  }
  const { data, info } = inFile(path, () => parseCsvWithInfo(text, { name: basename(path), ...csvOptions(args) }));
  return {
    data,
    info: {
      name: basename(path),
      params: {
        file: path,
        labelColumn: info.labelColumn,
        header: info.hasHeader,
        ...(info.ignoredColumns.length > 0 ? { ignoreColumns: info.ignoredColumns.join(',') } : {}),
      },
      rows: data.y.length,
    },
    notes: [`read ${basename(path)}: ${describeCsvInfo(info)}`],
    labelColumn: info.labelColumn,
    fromFile: true,
  };
}

/**
 * Loads `--dataset` (or `--test`): a registry name generated with the given parameters and seed,
 * or a CSV/JSON file. Generator parameters with a file are an error.
 */
export function loadDataset(arg: string, given: Record<string, string>, o: { seed: number } & CsvArgs): LoadedData {
  if (isCsvPath(arg)) {
    const names = Object.keys(given);
    if (names.length > 0) {
      throw new UsageError(`${names.map((n) => `--${kebab(n)}`).join(', ')}: generator parameters do not apply to a data file (${arg})`);
    }
    return readCsvDataset(arg, o);
  }
  if (o.labelColumn !== undefined || o.header !== undefined || o.ignoreColumns !== undefined) {
    throw new UsageError(`--label-column, --header and --ignore-columns apply to CSV files, not to the generated dataset "${arg}"`);
  }
  const entry = getDataset(arg);
  checkParamsBelong(entry, given);
  const seeded = entry.params.some((p) => p.name === 'seed');
  const data = entry.generate({ ...given, ...(seeded ? { seed: o.seed } : {}) });
  return { data, info: { name: data.name, params: { ...(data.params ?? {}) }, rows: data.y.length }, notes: [], labelColumn: 'label', fromFile: false };
}
