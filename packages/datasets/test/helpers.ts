import type { Dataset } from '../src/index.js';

/** Rows of a 2-feature dataset as [x0, x1, label] for readable assertions. */
export function rowsOf(d: Dataset): [number, number, number][] {
  return Array.from(d.y, (label, r) => [d.x[2 * r]!, d.x[2 * r + 1]!, label]);
}

export function classCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.classes).fill(0);
  for (const c of d.y) counts[c]! += 1;
  return counts;
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i]! - m) ** 2;
  return Math.sqrt(s / values.length);
}

export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Feature column `f` of the rows with label `c` (all rows when c is undefined). */
export function column(d: Dataset, f: number, c?: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < d.y.length; r++) if (c === undefined || d.y[r] === c) out.push(d.x[r * d.features + f]!);
  return out;
}

export function radii(d: Dataset, c: number): number[] {
  const xs = column(d, 0, c);
  const ys = column(d, 1, c);
  return xs.map((x, i) => Math.hypot(x, ys[i]!));
}

/** float32 rounding tolerance for values of magnitude ≤ ~20. */
export const F32 = 1e-5;
