/**
 * Class ids of two label sets must mean the same class: a CSV's ids come from sorting its own
 * labels, so a test file (or data given to a saved model) is re-indexed by class name.
 */
import type { Dataset } from '@mlpkit/datasets';
import { UsageError } from './errors.js';

export function alignClassNames(d: Dataset, names: readonly string[] | undefined, source: string): Dataset {
  if (!names || !d.classNames) return d;
  const same = d.classNames.length === names.length && d.classNames.every((n, i) => n === names[i]);
  if (same) return d;
  const index = new Map(names.map((n, i) => [n, i]));
  const remap = d.classNames.map((n) => {
    const id = index.get(n);
    if (id === undefined) {
      throw new UsageError(`${source}: label "${n}" is not one of the model's classes (${names.join(', ')})`);
    }
    return id;
  });
  const y = Int32Array.from(d.y, (id) => remap[id]!);
  return { ...d, y, classes: names.length, classNames: [...names] };
}
