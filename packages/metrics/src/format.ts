import { MetricsInputError } from './errors.js';
import type { RegressionReport, RegressionScores } from './regression.js';
import type { ClassificationReport } from './report.js';

/**
 * Python's `'{:.{digits}f}'.format(x)`: the exact binary value rounded half-to-even.
 * `Number.prototype.toFixed` rounds exact ties up (0.125 → '0.13' where Python prints '0.12'),
 * so the exact value is rounded with BigInt arithmetic instead.
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { mantissa, exponent } = decompose(Math.abs(x));
  const scale = 10n ** BigInt(digits);
  let scaled: bigint;
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * scale;
  } else {
    const numerator = mantissa * scale;
    const denominator = 1n << BigInt(-exponent);
    scaled = numerator / denominator;
    const twiceRemainder = 2n * (numerator % denominator);
    if (twiceRemainder > denominator || (twiceRemainder === denominator && (scaled & 1n) === 1n)) {
      scaled += 1n;
    }
  }
  let text = scaled.toString();
  if (digits > 0) {
    text = text.padStart(digits + 1, '0');
    text = `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  }
  return sign + text;
}

/** x = mantissa · 2^exponent exactly, for finite x ≥ 0. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biasedExponent === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biasedExponent - 1075 };
}

/** Length in code points, as Python's `len` counts (what `{:>{width}s}` pads by). */
function codePointLength(s: string): number {
  return [...s].length;
}

function padLeft(s: string, width: number): string {
  const missing = width - codePointLength(s);
  return missing > 0 ? ' '.repeat(missing) + s : s;
}

function padRight(s: string, width: number): string {
  const missing = width - codePointLength(s);
  return missing > 0 ? s + ' '.repeat(missing) : s;
}

function escapeMarkdownCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** One GitHub table row. */
function markdownRow(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new MetricsInputError(`digits must be an integer in 0..100, got ${digits}`);
  }
}

export interface FormatReportOptions {
  /** Decimals of precision/recall/f1/accuracy (sklearn's `digits`, default 2). Ignored by json. */
  digits?: number;
  /** 'text' (sklearn's layout, default), 'markdown' (GitHub table) or 'json'. */
  format?: 'text' | 'markdown' | 'json';
}

const HEADERS = ['precision', 'recall', 'f1-score', 'support'] as const;

/**
 * Renders a report. 'text' is byte-for-byte scikit-learn's `classification_report` string
 * (including its trailing newline); 'markdown' is a GitHub table with the same rows; 'json' is
 * `JSON.stringify(report, null, 2)` with unrounded numbers (like sklearn's `output_dict`).
 */
export function formatClassificationReport(
  r: ClassificationReport,
  o: FormatReportOptions = {},
): string {
  const digits = o.digits ?? 2;
  checkDigits(digits);
  const format = o.format ?? 'text';
  const accuracyLabel = r.accuracyLabel ?? 'accuracy';
  const fixed = (x: number): string => formatFixed(x, digits);
  const averages = [
    ['macro avg', r.macroAvg],
    ['weighted avg', r.weightedAvg],
  ] as const;

  if (format === 'json') return JSON.stringify(r, null, 2);

  if (format === 'markdown') {
    const lines = [markdownRow(['', ...HEADERS]), '|---|--:|--:|--:|--:|'];
    for (const c of r.classes) {
      lines.push(markdownRow([escapeMarkdownCell(c.label), fixed(c.precision), fixed(c.recall), fixed(c.f1), String(c.support)]));
    }
    const a = fixed(r.accuracy);
    lines.push(
      accuracyLabel === 'accuracy'
        ? markdownRow(['accuracy', '', '', a, String(r.support)])
        : markdownRow([accuracyLabel, a, a, a, String(r.support)]),
    );
    for (const [name, s] of averages) {
      lines.push(markdownRow([name, fixed(s.precision), fixed(s.recall), fixed(s.f1), String(s.support)]));
    }
    return `${lines.join('\n')}\n`;
  }

  if (format !== 'text') {
    throw new MetricsInputError(`format must be 'text', 'markdown' or 'json', got ${String(format)}`);
  }
  // sklearn: width = max(len(name) for target names, len('weighted avg'), digits).
  const width = Math.max(...r.classes.map((c) => codePointLength(c.label)), 'weighted avg'.length, digits);
  const cell = (s: string): string => ` ${padLeft(s, 9)}`;
  const line = (name: string, cells: string[]): string => `${padLeft(name, width)} ${cells.map(cell).join('')}\n`;
  // The header line is a row with an empty name, followed by one blank line.
  let text = `${line('', [...HEADERS])}\n`;
  for (const c of r.classes) {
    text += line(c.label, [fixed(c.precision), fixed(c.recall), fixed(c.f1), String(c.support)]);
  }
  text += '\n';
  const a = fixed(r.accuracy);
  text +=
    accuracyLabel === 'accuracy'
      ? line('accuracy', ['', '', a, String(r.support)])
      : line(accuracyLabel, [a, a, a, String(r.support)]);
  for (const [name, s] of averages) {
    text += line(name, [fixed(s.precision), fixed(s.recall), fixed(s.f1), String(s.support)]);
  }
  return text;
}

export interface FormatConfusionMatrixOptions {
  /** Names of the classes in row/column order; default '0', '1', ... */
  labels?: string[];
  /** 'text' (aligned columns, default) or 'markdown' (GitHub table). */
  format?: 'text' | 'markdown';
}

const CORNER = 'true \\ pred';

/**
 * Renders a confusion matrix (rows = true class, columns = predicted class) with a header row of
 * predicted labels and a first column of true labels.
 */
export function formatConfusionMatrix(cm: number[][], o: FormatConfusionMatrixOptions = {}): string {
  const size = cm.length;
  if (size === 0) throw new MetricsInputError('confusion matrix is empty');
  cm.forEach((row, i) => {
    if (row.length !== size) {
      throw new MetricsInputError(`confusion matrix must be square: row ${i} has ${row.length} entries, expected ${size}`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new MetricsInputError(`confusion matrix entry [${i}][${j}] = ${v} is not a finite number`);
    });
  });
  const labels = o.labels ?? cm.map((_, i) => String(i));
  if (labels.length !== size) {
    throw new MetricsInputError(`labels has ${labels.length} names but the confusion matrix has ${size} classes`);
  }
  const format = o.format ?? 'text';

  if (format === 'markdown') {
    const lines = [
      markdownRow([escapeMarkdownCell(CORNER), ...labels.map(escapeMarkdownCell)]),
      `|---|${'--:|'.repeat(size)}`,
      ...cm.map((r, i) => markdownRow([escapeMarkdownCell(labels[i] as string), ...r.map(String)])),
    ];
    return `${lines.join('\n')}\n`;
  }
  if (format !== 'text') {
    throw new MetricsInputError(`format must be 'text' or 'markdown', got ${String(format)}`);
  }
  const firstWidth = Math.max(CORNER.length, ...labels.map(codePointLength));
  const colWidths = labels.map((label, j) =>
    Math.max(codePointLength(label), ...cm.map((r) => String(r[j]).length)),
  );
  const line = (first: string, cells: string[]): string =>
    `${padRight(first, firstWidth)}${cells.map((c, j) => `  ${padLeft(c, colWidths[j] as number)}`).join('')}`.trimEnd();
  const lines = [line(CORNER, labels), ...cm.map((r, i) => line(labels[i] as string, r.map(String)))];
  return `${lines.join('\n')}\n`;
}

const REGRESSION_HEADERS = ['r2', 'mae', 'mse', 'rmse', 'explained_var', 'support'] as const;

/**
 * Renders a regression report in the layout of `formatClassificationReport`: one row per output
 * and, for several outputs, a `uniform avg` row ('text'); a GitHub table ('markdown'); or
 * `JSON.stringify(report, null, 2)` ('json'). `digits` defaults to 4.
 */
export function formatRegressionReport(r: RegressionReport, o: FormatReportOptions = {}): string {
  const digits = o.digits ?? 4;
  checkDigits(digits);
  const format = o.format ?? 'text';
  if (format === 'json') return JSON.stringify(r, null, 2);
  const fixed = (x: number): string => formatFixed(x, digits);
  const rows: Array<[string, RegressionScores | RegressionReport]> = r.outputs.map((s) => [s.name, s]);
  if (r.outputs.length > 1) rows.push(['uniform avg', r]);
  const cells = (s: RegressionScores | RegressionReport) => [fixed(s.r2), fixed(s.mae), fixed(s.mse), fixed(s.rmse), fixed(s.explainedVariance), String(r.support)];
  if (format === 'markdown') {
    const lines = [markdownRow(['', ...REGRESSION_HEADERS]), '|---|--:|--:|--:|--:|--:|--:|'];
    for (const [name, s] of rows) lines.push(markdownRow([escapeMarkdownCell(name), ...cells(s)]));
    return `${lines.join('\n')}\n`;
  }
  const nameWidth = Math.max(...rows.map(([n]) => codePointLength(n)), 'uniform avg'.length);
  const widths = REGRESSION_HEADERS.map((h) => Math.max(h.length, digits + 3));
  const line = (first: string, rest: readonly string[]) => `${padRight(first, nameWidth)} ${rest.map((c, k) => padLeft(c, widths[k]!)).join(' ')}`.trimEnd();
  return `${[line('', REGRESSION_HEADERS), '', ...rows.map(([n, s]) => line(n, cells(s)))].join('\n')}\n`;
}
