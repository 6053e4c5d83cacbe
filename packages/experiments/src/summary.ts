/**
 * Judging measurements against the tutorials, for one seed or many.
 */
import type { ExperimentDefinition, Measurement } from './definition.js';
import type { MetricsJson } from './job.js';

export interface SeedSummary {
  median: number;
  min: number;
  max: number;
  /** How many values were summarised. */
  n: number;
}

/** Median (mean of the middle two for an even count), min, max and count of finite values. */
export function summarizeSeeds(values: readonly number[]): SeedSummary {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[n - 1]!, n };
}

/** The measurement of one run that `def.agrees` judges. */
export function measure(def: ExperimentDefinition, metrics: MetricsJson): Measurement {
  const valAccuracy = metrics.history.val_accuracy;
  const m: Measurement = { value: metrics.accuracy, accuracy: metrics.accuracy, valAccuracy };
  if (def.reported.metric === 'epochsTo100') {
    m.epochsTo100 = metrics.epochsTo100 ?? null;
    m.value = m.epochsTo100;
  } else if (def.reported.metric === 'val_accuracy') {
    m.value = valAccuracy[valAccuracy.length - 1] ?? metrics.accuracy;
  }
  return m;
}

/** One experiment judged over one or more seeds. */
export interface ExperimentVerdict {
  id: string;
  reported: string;
  /** The measured metric ('accuracy' for qualitative claims). */
  metric: 'accuracy' | 'val_accuracy' | 'epochsTo100';
  /** Per seed, in run order; null where the value does not exist (xor-table cap hit). */
  values: Array<number | null>;
  seeds: number[];
  summary: SeedSummary;
  /** How many seeds agree with the tutorial. */
  agreeing: number;
  /** The overall judgement: at least half of the seeds agree. */
  agrees: boolean;
  /** Human-readable measured column, e.g. "0.982" or "median 57 (41–88), n=10". */
  measuredText: string;
  tolerance: string;
}

const formatValue = (metric: ExperimentVerdict['metric'], v: number): string =>
  metric === 'epochsTo100' ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : v.toFixed(3);

/** Judges the runs (one per seed) of one experiment. */
export function judgeExperiment(
  def: ExperimentDefinition,
  runs: ReadonlyArray<{ seed: number; metrics: MetricsJson }>,
): ExperimentVerdict {
  const metric = def.reported.metric === 'qualitative' ? 'accuracy' : def.reported.metric;
  const measurements = runs.map((r) => measure(def, r.metrics));
  const values = measurements.map((m) => m.value);
  const agreeing = measurements.filter((m) => def.agrees(m)).length;
  const present = values.filter((v): v is number => v !== null);
  const summary = summarizeSeeds(present);
  const evaluatedOn = runs[0]?.metrics.evaluatedOn;
  const label =
    metric === 'epochsTo100' ? 'epoch' : evaluatedOn === 'test' ? 'test acc' : evaluatedOn === 'validation' ? 'val acc' : 'acc';
  let measuredText: string;
  if (summary.n === 0) {
    measuredText = metric === 'epochsTo100' ? `not reached in ${runs[0]?.metrics.epochs ?? '?'} epoch${runs[0]?.metrics.epochs === 1 ? '' : 's'}` : 'n/a';
  } else if (runs.length === 1) {
    measuredText = `${label} ${formatValue(metric, summary.median)}`;
  } else {
    const missing = values.length - present.length;
    measuredText =
      `${label} median ${formatValue(metric, summary.median)} ` +
      `(${formatValue(metric, summary.min)}–${formatValue(metric, summary.max)}), n=${summary.n}` +
      (missing > 0 ? `, ${missing} not reached` : '');
  }
  return {
    id: def.id,
    reported: def.reported.text,
    metric,
    values,
    seeds: runs.map((r) => r.seed),
    summary,
    agreeing,
    agrees: runs.length > 0 && agreeing * 2 >= runs.length,
    measuredText,
    tolerance: def.reported.tolerance,
  };
}
