/**
 * `mlpkit evaluate` and `mlpkit predict`: use a model saved by `mlpkit train --out`.
 */
import type { Command } from 'commander';
import type { EvaluateOpts, PredictOpts } from '../actions/model-use.js';
import { addDatasetParamOptions, givenDatasetParams } from '../dataset-args.js';
import { parseNonNegativeInt } from '../parse.js';
import type { Terminal } from '../terminal.js';

export function registerModelUseCommands(program: Command, term: Terminal): void {
  const evaluate = program
    .command('evaluate')
    .description('evaluate a saved model on a dataset')
    .requiredOption('--model <dir>', 'a model saved by `mlpkit train --out` (the out dir or its model/)')
    .requiredOption('--dataset <name|file.csv>', 'dataset name or a CSV file')
    .option('--label-column <name>', 'CSV label column (default: "label", else the last column)')
    .option('--seed <n>', 'seed of a generated dataset', parseNonNegativeInt, 0)
    .option('--backend <name>', 'backend for prediction', 'auto')
    .option('--json', 'machine-readable output on stdout');
  addDatasetParamOptions(evaluate);
  evaluate.action(async (o: Omit<EvaluateOpts, 'datasetParams'>) =>
    (await import('../actions/model-use.js')).evaluateAction({ ...o, datasetParams: givenDatasetParams(evaluate) }, term),
  );

  program
    .command('predict')
    .description('predict the classes of the rows of a CSV file with a saved model')
    .requiredOption('--model <dir>', 'a model saved by `mlpkit train --out` (the out dir or its model/)')
    .requiredOption('--input <file.csv>', 'CSV with a header and the feature columns (a "label" column is ignored)')
    .option('--out <file.csv>', 'write the predictions here instead of stdout (an existing file only with --force; never an input)')
    .option('--force', 'replace an existing --out file')
    .option('--label-column <name>', 'a column to ignore (default: a column named "label", if any)')
    .option('--backend <name>', 'backend for prediction', 'auto')
    .option('--json', 'print the predictions as JSON')
    .action(async (o: PredictOpts) => (await import('../actions/model-use.js')).predictAction(o, term));
}
