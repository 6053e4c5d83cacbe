/**
 * Checks on a data argument before any work: a folder given where a data file or dataset name is
 * expected is exit 2 saying so (rather than "unknown dataset" or a read error).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listDatasets } from '@mlpkit/datasets';
import { UsageError } from '../errors.js';

/**
 * Throws a UsageError when `arg` (the value of `flag`, e.g. "--dataset") names a folder and no
 * registry dataset. A folder holding a saved model (model.json, model/ or a run manifest) gets a
 * hint to pass it to --model.
 */
export function refuseFolder(arg: string | undefined, flag: string, what = 'a CSV or JSON data file'): void {
  if (arg === undefined || listDatasets().some((d) => d.name === arg)) return;
  let folder = false;
  try {
    folder = existsSync(arg) && statSync(arg).isDirectory();
  } catch {
    return; // unreadable: the command's own reading reports it
  }
  if (!folder) return;
  const isModel = ['model.json', 'model', '.mlpkit-run.json'].some((f) => existsSync(join(arg, f)));
  throw new UsageError(
    `${flag} ${arg}: ${arg} is a folder; expected ${what}${isModel ? "; it holds a saved model: pass it to --model" : ''}`,
  );
}
