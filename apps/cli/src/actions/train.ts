/**
 * The work of `mlpkit train` (loaded on demand: it pulls in TF.js).
 */
import '../tf-quiet.js';
import { classNamesOf, featureNamesOf, type DataSchema } from '@mlpkit/datasets';
import { formatClassificationReport, formatConfusionMatrix } from '@mlpkit/metrics';
import { runJob, TEST_SEED_OFFSET, type Evaluation, type Job, type JobResult } from '@mlpkit/experiments';
import { jobOutputNames, writeJobOutputs } from '../artifacts.js';
import { isCsvPath, loadDataset, type CsvArgs, type LoadedData } from '../dataset-args.js';
import { loadForSchema } from '../schema-data.js';
import { UsageError } from '../errors.js';
import { isSpecPath, resolveModelSpec } from '../model-args.js';
import { describeCommit, openOutputDir } from '../outdir.js';
import { epochProgress, progressMode } from '../progress.js';
import type { Terminal } from '../terminal.js';

export interface TrainOpts extends CsvArgs {
  /** Generator parameters given as flags. */
  datasetParams: Record<string, string>;
  dataset?: string;
  test?: string;
  validationSplit?: number;
  validationSplitMode?: 'last' | 'stratified';
  /** Standardize the features (default: on for a data file, off for a generated dataset). */
  standardize?: boolean;
  model?: string;
  layers?: string;
  activation?: string;
  optimizer?: string;
  lr?: number;
  epochs: number;
  batchSize: number;
  backend: string;
  seed: number;
  out?: string;
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  png: boolean;
}

/** The files `train` reads (never overwritten by --out). */
function trainInputs(o: TrainOpts): string[] {
  const files: string[] = [];
  if (o.dataset !== undefined && isCsvPath(o.dataset)) files.push(o.dataset);
  if (o.test !== undefined && isCsvPath(o.test)) files.push(o.test);
  if (o.model !== undefined && isSpecPath(o.model)) files.push(o.model);
  return files;
}

/** Prints the end-of-run summary: accuracy, classification report, confusion matrix. */
export function printEvaluation(
  term: Terminal,
  m: Pick<Evaluation, 'report' | 'confusionMatrix'>,
  classNames: string[],
  heading: string,
): void {
  term.print(term.out.bold(heading));
  term.print('');
  term.print(formatClassificationReport(m.report, { digits: 3 }).trimEnd());
  term.print('');
  term.print(term.out.bold('Confusion matrix'));
  term.print(formatConfusionMatrix(m.confusionMatrix, { labels: classNames }).trimEnd());
}

export async function trainAction(o: TrainOpts, term: Terminal): Promise<void> {
  if (o.test !== undefined && o.validationSplit !== undefined) {
    throw new UsageError('use either --test or --validation-split, not both');
  }
  if (o.validationSplitMode !== undefined && o.validationSplit === undefined) {
    throw new UsageError('--validation-split-mode goes with --validation-split');
  }
  const given = o.datasetParams;
  const train = loadDataset(o.dataset!, given, { seed: o.seed, labelColumn: o.labelColumn, header: o.header, ignoreColumns: o.ignoreColumns });
  const schema: DataSchema = { features: featureNamesOf(train.data), label: train.labelColumn, classNames: classNamesOf(train.data) };
  let test: LoadedData | undefined;
  if (o.test !== undefined) {
    // The test set is read against the training data's schema: columns by name, labels by value.
    test = isCsvPath(o.test)
      ? loadForSchema(o.test, {}, schema, { seed: o.seed, header: o.header })
      : loadForSchema(o.test, isCsvPath(o.dataset!) ? {} : given, schema, { seed: o.seed + TEST_SEED_OFFSET });
  }
  const note = (text: string) => {
    if (!o.quiet) term.note(text);
  };
  for (const n of [...train.notes, ...(test?.notes ?? [])]) note(n);
  const standardize = o.standardize ?? train.fromFile;
  if (standardize && o.standardize === undefined) {
    note(`standardizing the ${train.data.features} feature${train.data.features === 1 ? '' : 's'} (mean and std of the training rows, saved with the model; --no-standardize to train on raw values)`);
  }
  const classes = train.data.classes;
  const spec = resolveModelSpec(o, { features: train.data.features, classes });

  const job: Job = {
    experiment: null,
    train: { ...train.data, classNames: schema.classNames, featureNames: schema.features },
    trainInfo: { ...train.info, params: { ...train.info.params, labelColumn: train.labelColumn } },
    ...(test ? { evaluation: test.data, evaluationInfo: test.info } : {}),
    evaluationKind: test ? 'test' : o.validationSplit !== undefined ? 'validation' : 'train',
    spec,
    fit: {
      epochs: o.epochs,
      batchSize: o.batchSize,
      ...(o.validationSplit !== undefined ? { validationSplit: o.validationSplit } : {}),
      ...(o.validationSplitMode !== undefined ? { validationSplitMode: o.validationSplitMode } : {}),
    },
    preprocessing: { standardize },
    seed: o.seed,
    backend: o.backend,
    onWarning: (w) => term.note(`${term.err.yellow('mlpkit: warning:')} ${w}`),
  };
  // Open the output first: a bad --out fails before training, and a failure removes it.
  const out = o.out !== undefined ? openOutputDir(o.out, { force: o.force, inputs: trainInputs(o), expected: jobOutputNames({ png: o.png }) }) : undefined;
  const progress = epochProgress({ label: 'train', totalEpochs: o.epochs, mode: progressMode(o) });
  let result: JobResult | undefined;
  let wrote: string | undefined;
  try {
    result = await runJob({ ...job, onEpochEnd: (logs) => progress.onEpochEnd(logs) });
    progress.stop(true);
    if (out) {
      await writeJobOutputs(out.path, result, { png: o.png });
      wrote = describeCommit(o.out!, out.commit());
    }
  } catch (err) {
    progress.stop();
    out?.abort();
    throw err;
  } finally {
    result?.trainer.dispose();
  }
  const m = result.metrics;
  if (o.json) {
    term.json(m);
    if (wrote && !o.quiet) term.note(wrote);
    return;
  }
  if (!o.quiet) {
    term.note(
      `trained ${spec.name ?? 'model'} on ${m.dataset.name} for ${m.epochs} epochs with ${m.backend} in ${(m.trainMs / 1000).toFixed(2)} s`,
    );
  }
  printEvaluation(term, m, result.classNames, `Accuracy on the ${m.evaluatedOn} data: ${m.accuracy.toFixed(4)}`);
  if (wrote && !o.quiet) term.note(wrote);
}
