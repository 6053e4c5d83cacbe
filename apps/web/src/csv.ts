/**
 * An uploaded CSV as the playground uses it: @mlpkit/datasets reads it (header detection, the
 * label column, numeric features, class labels or a numeric target); the page picks the label
 * column and the two feature columns it draws (the network takes every feature column), and
 * words every message for its own controls instead of the CLI's flags. Pure: unit-tested in test/csv.test.ts.
 */
import { datasetSize, isRegression, parseCsvWithInfo, readCsvTable, type AnyDataset } from '@mlpkit/datasets';
import type { DatasetEntry } from '@mlpkit/datasets';
import { DEFAULT_DATASET, defaultParams, playgroundDatasets, WEB_PARAM_LIMITS, type AppState, type Task } from './state.js';

/** Most rows an upload may have (the playground trains in the tab). */
export const MAX_CSV_ROWS = WEB_PARAM_LIMITS.samples!.max;

/**
 * The user's picks for a file: its label column, the two features drawn on x and y (null: the
 * default), and how to read the label column (null: detect it; see readUpload).
 */
export interface CsvChoice {
  label: string | null;
  x: string | null;
  y: string | null;
  task?: Task | null;
}

export const NO_CHOICE: Readonly<CsvChoice> = Object.freeze({ label: null, x: null, y: null, task: null });

export interface CsvUpload {
  /** Every feature column of the file (the network takes them all); class ids or numeric targets. */
  dataset: AnyDataset;
  fileName: string;
  /** Every column of the file, in order. */
  columns: string[];
  label: string;
  /** The two features the canvas shows (x, y), and their indices among the dataset's features. */
  features: [string, string];
  axes: [number, number];
  /** What the label column was read as. */
  task: Task;
  /** What the page should say about how it read the file (e.g. a detected numeric target). */
  notes: string[];
  /**
   * What may make a model silently wrong (@mlpkit/datasets' CsvInfo.warnings: a feature column
   * that counts the rows like an index, an integer label column read as many classes), worded for
   * the page's controls. Shown as warnings and recorded in metrics.json.
   */
  warnings: string[];
}

export interface CsvRead {
  /** The columns, when the file could be read as a table (so the menus can offer them even after an error). */
  columns: string[];
  /** The label column used (the pick, or the default: a column named "label", else the last). */
  label: string | null;
  upload?: CsvUpload;
  error?: string;
}

/**
 * The datasets package's CSV messages name the CLI's flags; the page has menus instead. Every
 * flag they mention is mapped to the playground's control.
 */
export function webCsvMessage(message: string): string {
  return message
    .replace(/, or read it as a numeric target with --task regression/g, ', or switch the Problem type to Regression to read it as a numeric target')
    .replace(/ \(or --task classification if these really are classes\)/g, ' (or switch the Problem type to Classification if these really are classes)')
    .replace(/ \(use --task regression if it is a numeric target\)/g, ' (switch the Problem type to Regression if it is a numeric target)')
    .replace(/pass --label-column \S+ \/ labelColumn: ("(?:[^"\\]|\\.)*")/g, 'pick $1 in the Label column menu')
    .replace(/choose the class column with --label-column/g, 'pick the class column in the Label column menu')
    .replace(/choose another column with --label-column/g, 'pick another column in the Label column menu')
    .replace(/name it with --label-column/g, 'pick it in the Label column menu')
    .replace(/leave it out with --ignore-columns \S+/g, 'remove that column from the file')
    .replace(/read it with --header \/ header: true/g, 'add a header row to the file')
    .replace(/; --header if it holds names/g, '; add a header row if it holds names')
    .replace(/--label-column/g, 'the Label column menu')
    .replace(/--ignore-columns/g, 'a file without that column')
    .replace(/--task regression/g, 'the Regression problem type')
    .replace(/--task classification/g, 'the Classification problem type')
    .replace(/ ?--task \w+/g, '')
    .replace(/--header/g, 'a header row');
}

/** The default label column of parseCsv: a column named "label" (any case), else the last. */
function defaultLabel(columns: readonly string[]): string {
  return columns.find((c) => c.toLowerCase() === 'label') ?? columns[columns.length - 1]!;
}

/**
 * Reads an uploaded file with the user's picks. The label column defaults as parseCsv's does;
 * every other column is a feature the network takes; the canvas shows two of them (the first two
 * unless others are picked; with more, the plane is a slice at the others' training medians).
 * The label column is read as classes or as a numeric target as `choice.task` says, else as
 * @mlpkit/datasets detects it (task 'auto': numbers with a fractional part, or more distinct
 * integers than a class column may have, are a target). Never throws: a problem comes back as
 * `error`, worded for the page.
 */
export function readUpload(text: string, fileName: string, choice: CsvChoice = NO_CHOICE): CsvRead {
  let columns: string[];
  try {
    columns = readCsvTable(text).columns;
  } catch (error) {
    return { columns: [], label: null, error: webCsvMessage(messageOf(error)) };
  }
  const label = choice.label !== null && columns.includes(choice.label) ? choice.label : defaultLabel(columns);
  const others = columns.filter((c) => c !== label);
  const notes: string[] = [];
  if (others.length < 2) {
    return {
      columns,
      label,
      error: `the playground draws a plane of two features: ${fileName} has ${others.length} feature column${others.length === 1 ? '' : 's'} besides the label "${label}", it needs at least 2 (pick another Label column if "${label}" is a feature)`,
    };
  }
  const x = choice.x !== null && others.includes(choice.x) ? choice.x : others[0]!;
  const y = choice.y !== null && others.includes(choice.y) && choice.y !== x ? choice.y : others.find((c) => c !== x)!;
  if (others.length > 2) {
    notes.push(
      `${fileName} has ${others.length} feature columns: the network takes all of them; the canvas shows ${x} and ${y} (pick others in the Feature menus), with the other features at their training medians.`,
    );
  }
  try {
    const { data, info } = parseCsvWithInfo(text, { name: fileName.replace(/\.[^.]*$/, '') || 'csv', labelColumn: label, task: choice.task ?? 'auto' });
    const rows = datasetSize(data);
    if (rows > MAX_CSV_ROWS) {
      return {
        columns,
        label,
        error: `${rows.toLocaleString('en-US')} rows; the playground takes at most ${MAX_CSV_ROWS.toLocaleString('en-US')} (it trains in your browser)`,
      };
    }
    const task: Task = isRegression(data) ? 'regression' : 'classification';
    if (task === 'regression' && info.taskSource === 'detected') {
      notes.push(`The label column "${label}" holds numbers, not classes: read as a numeric target (regression). Switch the Problem type to Classification to read it as classes.`);
    }
    const names = info.featureColumns;
    const axes: [number, number] = [names.indexOf(x), names.indexOf(y)];
    return { columns, label, upload: { dataset: data, fileName, columns, label, features: [x, y], axes, task, notes, warnings: info.warnings.map(webCsvMessage) } };
  } catch (error) {
    return { columns, label, error: webCsvMessage(messageOf(error)) };
  }
}

/** An upload as kept in localStorage (its text and picks). */
export interface StoredCsv {
  fileName: string;
  text: string;
  choice: CsvChoice;
}

/** localStorage's value for the stored CSV, or null when it is missing or not what the page wrote. */
export function parseStoredCsv(raw: string | null): StoredCsv | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as { fileName?: unknown; text?: unknown; choice?: Partial<CsvChoice> } | null;
    if (!value || typeof value.fileName !== 'string' || typeof value.text !== 'string') return null;
    const choice = value.choice && typeof value.choice === 'object' ? value.choice : {};
    return { fileName: value.fileName, text: value.text, choice: { ...NO_CHOICE, ...choice } };
  } catch {
    return null;
  }
}

/**
 * A link's state with the CSV stored in this browser (or none): the stored text is read again
 * with readUpload, as an upload is. Readable: it decides a `dataset=csv` link's task and plotted
 * pair. Missing or unreadable: a `dataset=csv` link falls back to the task's default dataset with
 * a notice line, and an unreadable stored file is to be dropped (`drop`). Mutates `state`.
 */
export function restoreStoredCsv(
  state: AppState,
  stored: StoredCsv | null,
  datasets: readonly DatasetEntry[],
): { read: CsvRead | null; upload: CsvUpload | null; drop: boolean; warnings: string[] } {
  const read = stored ? readUpload(stored.text, stored.fileName, stored.choice) : null;
  const upload = read?.upload ?? null;
  const warnings: string[] = [];
  if (state.dataset === 'csv') {
    if (upload) {
      // The stored file decides the problem (its label column) and the plotted pair.
      state.task = upload.task;
      state.axes = upload.axes;
    } else {
      warnings.push(
        stored
          ? `dataset=csv: the CSV stored in this browser (${stored.fileName}) could not be read (${read?.error ?? 'unknown problem'}); upload it again`
          : 'dataset=csv: the uploaded CSV is not stored in this browser any more; upload it again',
      );
      state.dataset = DEFAULT_DATASET[state.task];
      state.datasetParams = defaultParams(playgroundDatasets(datasets, state.task).find((d) => d.name === state.dataset));
    }
  }
  return { read, upload, drop: stored !== null && upload === null, warnings };
}

/**
 * What an attempt to use a file (a new upload, or new picks for the current one) leaves as the
 * page's CSV: `source` (its menus) and whether to store it. Only a file that reads is stored, so
 * a rejected upload never replaces the stored good one. A rejected *new* file changes nothing
 * while a good upload is in use (its menus, status and controls stay); without one, the rejected
 * file's columns are kept for the menus (pick another label). Rejected new picks for the current
 * file keep their menus so another pick can be tried.
 */
export function csvAfterRead<S extends StoredCsv>(current: S | null, hasGoodUpload: boolean, next: S, read: CsvRead): { source: S | null; store: boolean } {
  if (read.upload) return { source: next, store: true };
  const sameFile = current !== null && current.fileName === next.fileName && current.text === next.text;
  if (!sameFile && hasGoodUpload) return { source: current, store: false };
  return { source: next, store: false };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
