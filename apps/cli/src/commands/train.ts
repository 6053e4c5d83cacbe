/**
 * `mlpkit train`: any dataset (registry or CSV), any model (preset, spec file or --layers).
 */
import { Option, type Command } from 'commander';
import type { TrainOpts } from '../actions/train.js';
import { addDatasetParamOptions, givenDatasetParams } from '../dataset-args.js';
import { parseFraction, parseNonNegativeInt, parsePositiveInt, parsePositiveNumber } from '../parse.js';
import type { Terminal } from '../terminal.js';
import { refuseFolder } from './data-path.js';

export function registerTrainCommand(program: Command, term: Terminal): void {
  const cmd = program
    .command('train')
    .description('train a model on a dataset and report on it')
    .requiredOption('--dataset <name|file>', 'dataset name (see `mlpkit datasets`), a CSV file, or a JSON file from `mlpkit data --format json`')
    .option('--label-column <name|index>', 'CSV label column: a name, or a 0-based index (-1 = last; default: "label", else the last column)')
    .option('--header', 'the CSV\'s first row holds column names (default: detected)')
    .option('--no-header', 'the CSV has no header row: every row is data (default: detected)')
    .option('--ignore-columns <a,b>', 'CSV columns to leave out (names or indices), e.g. an id column')
    .addOption(
      new Option('--task <task>', 'what the label column holds: class labels (classification), a numeric target (regression), or auto: detected (a continuous number column is a regression target)')
        .choices(['auto', 'classification', 'regression'])
        .default('auto'),
    )
    .option('--standardize', 'standardize the features (mean and std of the training rows, saved with the model; default for data files)')
    .option('--no-standardize', 'train on the raw feature values (default for generated datasets)')
    .option('--standardize-target', 'regression: standardize the target for training; predictions stay in its units (default for data files)')
    .option('--no-standardize-target', 'regression: train on the raw target values (default for generated datasets)')
    .option('--test <name|file>', 'evaluate on a test set: a fresh draw of a dataset, or a CSV file (columns matched by name, labels by value)')
    .option('--validation-split <f>', 'hold out this fraction of the rows for validation (the last rows, as Keras)', parseFraction)
    .addOption(new Option('--validation-split-mode <mode>', 'which rows --validation-split holds out: the last ones (Keras) or a stratified sample').choices(['last', 'stratified']))
    .option('--model <preset|spec.json>', 'a preset (see `mlpkit models`) or a model spec JSON file')
    .option('--layers <units,...>', 'hidden layer sizes, e.g. 12,12,12 (output layer inferred from the data: sigmoid/softmax for classes, linear for a regression target)')
    .option('--features <exprs>', 'feature stage before the first layer: comma-separated expressions over the columns, e.g. "x0^2,x1^2" or "petal_length*petal_width,sin(angle)" (forms: c, c^2, c*d, sin(c), cos(c); quote names with spaces: "\"sepal length\"^2")')
    .option('--loss <name>', 'loss (Keras names, overrides the model\'s): meanSquaredError (mse), meanAbsoluteError (mae), huber for regression; binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, meanSquaredError for classes')
    .option('--activation <name>', 'activation of the --layers hidden layers (default relu)')
    .addOption(new Option('--optimizer <name>', 'optimizer (overrides the model\'s)').choices(['adam', 'rmsprop', 'sgd', 'adagrad']))
    .option('--lr <rate>', 'learning rate (overrides the model\'s)', parsePositiveNumber)
    .option('--epochs <n>', 'epochs', parsePositiveInt, 100)
    .option('--batch-size <n>', 'batch size', parsePositiveInt, 32)
    .option('--backend <name>', 'training backend (see `mlpkit backends`)', 'auto')
    .option('--seed <n>', 'seed of the data, the initial weights and the shuffles', parseNonNegativeInt, 0)
    .option('--seeds <n>', 'train N seeds (seed … seed+N−1) and report each one\'s accuracy with the median and range', parsePositiveInt)
    .option('--jobs <n>', 'worker threads for --seeds (default: one per core when the estimated work outweighs starting the workers, else 1)', parsePositiveInt)
    .option('--plot-features <a,b>', 'data with more than 2 features: the two features (names or 0-based indices) the data, decision-boundary and prediction-surface plots span; the others are held at their training medians (default: the first two)')
    .option('--out <dir>', 'write metrics.json, reports, plots, spec.json and model/ here (a new or empty folder, or an earlier mlpkit run)')
    .option('--force', 'also write into a non-empty folder (beside its files; nothing mlpkit did not write is ever replaced or deleted)')
    .option('--quiet', 'no progress and no notes on stderr (errors only)')
    .option('--no-png', 'skip the PNG copies of the plots')
    .option('--json', 'print metrics.json on stdout instead of the text report');
  addDatasetParamOptions(cmd);
  cmd.action(async (o: Omit<TrainOpts, 'datasetParams'>) => {
    refuseFolder(o.dataset, '--dataset', 'a CSV or JSON data file, or a dataset name (see `mlpkit datasets`)');
    refuseFolder(o.test, '--test', 'a CSV file, or a dataset name (see `mlpkit datasets`)');
    return (await import('../actions/train.js')).trainAction({ ...o, datasetParams: givenDatasetParams(cmd) }, term);
  });
}
