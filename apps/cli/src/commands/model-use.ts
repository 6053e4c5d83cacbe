/**
 * `mlpkit evaluate` and `mlpkit predict`: use a model saved by `mlpkit train --out`.
 */
import type { Command } from 'commander';
import type { EvaluateOpts, PredictOpts } from '../actions/model-use.js';
import { addDatasetParamOptions, givenDatasetParams } from '../dataset-args.js';
import { parseNonNegativeInt } from '../parse.js';
import type { Terminal } from '../terminal.js';
import { refuseFolder } from './data-path.js';

export function registerModelUseCommands(program: Command, term: Terminal): void {
  const evaluate = program
    .command('evaluate')
    .description('evaluate a saved model on a dataset')
    .requiredOption('--model <dir|model.json>', 'a model saved by `mlpkit train --out` (the out folder, its model/, or model.json)')
    .requiredOption('--dataset <name|file>', 'dataset name, or a CSV file (feature columns matched by name, labels by value)')
    .option('--label-column <name|index>', 'CSV label column (default: the model\'s label column, else "label")')
    .option('--header', 'the CSV\'s first row holds column names (default: detected)')
    .option('--no-header', 'the CSV has no header row (default: detected)')
    .option('--quiet', 'no notes on stderr')
    .option('--seed <n>', 'seed of a generated dataset', parseNonNegativeInt, 0)
    .option('--backend <name>', 'backend for prediction', 'auto')
    .option('--json', 'machine-readable output on stdout');
  addDatasetParamOptions(evaluate);
  evaluate.action(async (o: Omit<EvaluateOpts, 'datasetParams'>) => {
    refuseFolder(o.dataset, '--dataset', 'a CSV or JSON data file, or a dataset name (see `mlpkit datasets`)');
    return (await import('../actions/model-use.js')).evaluateAction({ ...o, datasetParams: givenDatasetParams(evaluate) }, term);
  });

  program
    .command('predict')
    .description('predict the classes of the rows of a CSV file with a saved model')
    .requiredOption('--model <dir|model.json>', 'a model saved by `mlpkit train --out` (the out folder, its model/, or model.json)')
    .requiredOption('--input <file.csv>', 'CSV with the model\'s feature columns (matched by name; other columns are ignored)')
    .option('--out <file.csv>', 'write the predictions here instead of stdout (an existing file only with --force; never an input)')
    .option('--force', 'replace an existing --out file')
    .option('--label-column <name|index>', 'a label column to leave out (by default every column the model does not use is left out)')
    .option('--header', 'the CSV\'s first row holds column names (default: detected)')
    .option('--no-header', 'the CSV has no header row: columns are taken by position (default: detected)')
    .option('--quiet', 'no notes on stderr')
    .option('--backend <name>', 'backend for prediction', 'auto')
    .option('--json', 'print the predictions as JSON')
    .action(async (o: PredictOpts) => {
      refuseFolder(o.input, '--input', 'a CSV file');
      return (await import('../actions/model-use.js')).predictAction(o, term);
    });
}
