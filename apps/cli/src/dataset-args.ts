/**
 * `--dataset <name|file.csv>` plus the generator parameters as flags. The flags are generated
 * from the dataset registry's ParamSpec lists, so a new dataset's parameters appear without CLI
 * changes; a parameter the chosen dataset does not take is an error.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  datasetSize,
  describeCsvInfo,
  getDataset,
  listDatasets,
  parseCsvWithInfo,
  parseDatasetJson,
  type RandomState,
  type AnyDataset,
  type DatasetEntry,
  type ParamSpec,
  type ParseCsvOptions,
} from '@mlpkit/datasets';
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

/** The dataset parameters each command registered as flags: parameter name → commander option key. */
const registeredParams = new WeakMap<Command, Map<string, string>>();

/**
 * Adds `--<param> <value>` for every generator parameter of the registry. A parameter named like
 * one of the command's own flags (friedman1's `features` on `train`, whose `--features` is the
 * input-feature stage) gets `--dataset-<param>` instead, so both stay usable.
 */
export function addDatasetParamOptions(cmd: Command): Command {
  const names = new Map<string, string>();
  registeredParams.set(cmd, names);
  for (const { spec, datasets } of datasetParamFlags()) {
    const value = spec.type === 'boolean' ? '<true|false>' : spec.type === 'int' ? '<n>' : '<x>';
    const clash = cmd.options.some((o) => o.long === `--${kebab(spec.name)}`);
    const flag = clash ? `dataset-${kebab(spec.name)}` : kebab(spec.name);
    cmd.option(`--${flag} ${value}`, `dataset parameter "${spec.name}" (${datasets.join(', ')})`);
    names.set(spec.name, flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
  }
  return cmd;
}

/** The dataset-parameter flags present on `cmd`'s command line, as `{ name: rawValue }`. */
export function givenDatasetParams(cmd: Command): Record<string, string> {
  const opts = cmd.opts<Record<string, unknown>>();
  const given: Record<string, string> = {};
  for (const [name, key] of registeredParams.get(cmd) ?? []) {
    const v = opts[key];
    if (v !== undefined) given[name] = String(v);
  }
  return given;
}

/** A data file (CSV/TSV/TXT/JSON, or any existing file) rather than a registry name. */
export function isCsvPath(arg: string): boolean {
  return /\.(csv|tsv|txt|json|data)$/i.test(arg) || (existsSync(arg) && statSync(arg).isFile());
}

export interface LoadedData {
  /** Class labels (Dataset) or numeric targets (RegressionDataset, `task: 'regression'`). */
  data: AnyDataset;
  info: DatasetInfo;
  /** One-line notes for the user (how a CSV was read). */
  notes: string[];
  /** The label column (its name in the file; "label" for generated data). */
  labelColumn: string;
  /** A CSV's columns in file order (header names, or x0, x1, … without one), for the model's schema. */
  columns?: string[];
  /** Whether the data came from a user's file (CSV or JSON) rather than a generator. */
  fromFile: boolean;
  /** A CSV's 1-based record number of each data row (to name rows in errors). */
  rowNumbers?: number[];
  /** What may make a model silently wrong (CsvInfo.warnings): shown as warnings and saved in metrics.json. */
  warnings?: string[];
}

/** How to read a CSV: `--label-column`, `--header`/`--no-header`, `--ignore-columns`, `--task`. */
export interface CsvArgs {
  labelColumn?: string | undefined;
  header?: boolean | undefined;
  ignoreColumns?: string | undefined;
  /** What the label column holds: class labels, a numeric target, or detected (default). */
  task?: 'auto' | 'classification' | 'regression' | undefined;
}

export function csvOptions(a: CsvArgs): Pick<ParseCsvOptions, 'labelColumn' | 'header' | 'ignoreColumns' | 'task'> {
  return {
    task: a.task ?? 'auto',
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

/** `--task classification|regression` on data whose task is fixed (a generator, a JSON file) must agree with it. */
function checkTask(data: AnyDataset, task: CsvArgs['task'], what: string): void {
  if (task === undefined || task === 'auto') return;
  const actual = data.task === 'regression' ? 'regression' : 'classification';
  if (task !== actual) {
    throw new UsageError(`--task ${task}: ${what} is a ${actual} dataset (${actual === 'regression' ? 'numeric targets' : 'class labels'}); leave out --task`);
  }
}

/** Reads a file's text, or a UsageError naming it. */
export function readText(path: string, what = 'file'): string {
  if (!existsSync(path)) throw new UsageError(`${what} not found: ${path}`);
  if (statSync(path).isDirectory()) throw new UsageError(`${path} is a folder, not a ${what}`);
  return decodeUtf8(readFileSync(path), path);
}

/**
 * The text of a file's bytes, which must be UTF-8 (a BOM is allowed): anything else is a
 * UsageError naming the file and the byte, rather than text with U+FFFD where the bytes were.
 */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new UsageError(`${path} is UTF-16 text; save it as UTF-8 (e.g. "CSV UTF-8" in a spreadsheet) and try again`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const at = text.indexOf('\uFFFD');
    const line = text.slice(0, Math.max(0, at)).split('\n').length;
    throw new UsageError(`${path} is not UTF-8 text (near line ${line}); save it as UTF-8 and try again`);
  }
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
    checkTask(data, args.task, path);
    return {
      data,
      info: { name: basename(path), params: { file: path }, rows: datasetSize(data) },
      notes: [],
      labelColumn: 'label',
      fromFile: true,
    };
  }
  const { data, info, table } = inFile(path, () => parseCsvWithInfo(text, { name: basename(path), ...csvOptions(args) }));
  const taskNote =
    info.task === 'regression'
      ? `label column "${info.labelColumn}" holds ${info.taskSource === 'detected' ? 'continuous numbers: training a regression model (--task classification if they are class labels)' : 'the numeric target (--task regression)'}`
      : undefined;
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
      rows: datasetSize(data),
    },
    notes: [`read ${basename(path)}: ${describeCsvInfo(info)}`, ...(taskNote ? [`${basename(path)}: ${taskNote}`] : []), ...info.notes.map((n) => `${basename(path)}: ${n}`)],
    labelColumn: info.labelColumn,
    columns: info.columns,
    rowNumbers: table.rowNumbers,
    warnings: info.warnings.map((w) => `${basename(path)}: ${w}`),
    fromFile: true,
  };
}

/**
 * Loads `--dataset` (or `--test`): a registry name generated with the given parameters and seed,
 * or a CSV/JSON file. Generator parameters with a file are an error.
 */
export function loadDataset(arg: string, given: Record<string, string>, o: { seed: number; stream?: RandomState } & CsvArgs): LoadedData {
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
  let data: AnyDataset;
  if (o.stream && given.randomState !== undefined && entry.generateFrom) {
    // A test set continuing the training set's NumPy stream (as a tutorial's second sklearn call).
    const { randomState, ...rest } = given;
    const drawn = entry.generateFrom(rest, o.stream);
    data = { ...drawn, params: { ...(drawn.params ?? {}), randomState: Number(randomState), continuesStream: true } };
  } else {
    data = entry.generate({ ...given, ...(seeded ? { seed: o.seed } : {}) });
  }
  checkTask(data, o.task, `dataset "${arg}"`);
  const label = data.task === 'regression' ? 'y' : 'label';
  return { data, info: { name: data.name, params: { ...(data.params ?? {}) }, rows: datasetSize(data) }, notes: [], labelColumn: label, fromFile: false };
}
