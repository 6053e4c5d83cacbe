/**
 * Which points a plot draws: all of them up to `maxPoints` (default 5,000), else a seeded,
 * stratified sample, so that a 200,000-row data set gives a plot of normal size in which the
 * decision boundary stays visible under the points.
 */
import { PlotInputError } from './errors.js';
import type { PlotData } from './types.js';

/** Points drawn at most by default. */
export const DEFAULT_MAX_POINTS = 5000;

/** A 32-bit hash of (seed, i): the rank of row i in the sample (splitmix-style mixing). */
function rank(seed: number, i: number): number {
  let h = (Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(seed | 0, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface PointSample {
  /** Row indices to draw, ascending; null when every row is drawn. */
  rows: Int32Array | null;
  /** Rows drawn and rows in the data. */
  shown: number;
  total: number;
}

/**
 * The rows to draw: every row when there are at most `maxPoints`; else `maxPoints` rows, each
 * class keeping its share (largest remainder; every present class at least one row), chosen by a
 * hash of (`seed`, row) so the same data and seed give the same plot. Throws PlotInputError for a
 * `maxPoints` that is not a positive integer (or Infinity).
 */
export function samplePoints(data: Pick<PlotData, 'y' | 'classes'>, maxPoints = DEFAULT_MAX_POINTS, seed = 0): PointSample {
  if (!(maxPoints === Infinity || (Number.isInteger(maxPoints) && maxPoints >= 1))) {
    throw new PlotInputError(`maxPoints must be a positive integer or Infinity, got ${maxPoints}`);
  }
  const n = data.y.length;
  if (n <= maxPoints) return { rows: null, shown: n, total: n };
  const counts = new Array<number>(data.classes).fill(0);
  for (let r = 0; r < n; r++) counts[data.y[r]!]!++;
  // Largest-remainder allocation of maxPoints over the classes, at least 1 for a present class.
  const exact = counts.map((c) => (c * maxPoints) / n);
  const quota = exact.map((e, k) => Math.min(counts[k]!, Math.max(counts[k]! > 0 ? 1 : 0, Math.floor(e))));
  let total = quota.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((_, k) => k).sort((a, b) => exact[b]! - Math.floor(exact[b]!) - (exact[a]! - Math.floor(exact[a]!)) || a - b);
  while (total < maxPoints) {
    const k = byRemainder.find((c) => quota[c]! < counts[c]! && quota[c]! <= exact[c]!) ?? byRemainder.find((c) => quota[c]! < counts[c]!);
    if (k === undefined) break;
    quota[k]!++;
    total++;
  }
  while (total > maxPoints) {
    // Too many from the one-per-class floor: take back from the classes most above their share.
    let k = -1;
    for (let c = 0; c < quota.length; c++) if (quota[c]! > 1 && (k < 0 || quota[c]! - exact[c]! > quota[k]! - exact[k]!)) k = c;
    if (k < 0) break;
    quota[k]!--;
    total--;
  }
  // Per class, the rows of lowest rank.
  const byClass: number[][] = counts.map(() => []);
  for (let r = 0; r < n; r++) byClass[data.y[r]!]!.push(r);
  const chosen: number[] = [];
  byClass.forEach((rows, k) => {
    if (quota[k]! >= rows.length) {
      for (const r of rows) chosen.push(r);
      return;
    }
    // (rank, row) packed in 64 bits and sorted natively: ties of the 32-bit rank go to the lower row.
    const keys = new BigUint64Array(rows.length);
    for (let i = 0; i < rows.length; i++) keys[i] = (BigInt(rank(seed, rows[i]!)) << 32n) | BigInt(rows[i]!);
    keys.sort();
    for (let i = 0; i < quota[k]!; i++) chosen.push(Number(keys[i]! & 0xffffffffn));
  });
  const rows = Int32Array.from(chosen).sort();
  return { rows, shown: rows.length, total: n };
}

/** " · 5,000 of 200,000 points shown (stratified sample)" for a title, or "" when all are shown. */
export function sampleCaption(s: PointSample): string {
  if (s.rows === null) return '';
  const fmt = (v: number) => v.toLocaleString('en-US');
  return ` · ${fmt(s.shown)} of ${fmt(s.total)} points shown (stratified sample)`;
}
