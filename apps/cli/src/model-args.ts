/**
 * `--model <preset|spec.json>` or `--layers 12,12,12 --activation tanh`, plus `--optimizer` and
 * `--lr` overrides. The output layer of `--layers` follows the data: 1 sigmoid unit with binary
 * cross-entropy for 2 classes, K softmax units with categorical cross-entropy otherwise.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mlpSpec, withOptimizer } from '@mlpkit/experiments';
import {
  CLASSIFICATION_LOSSES,
  featuresFromNames,
  getPreset,
  LOSSES,
  parseSpec,
  REGRESSION_LOSSES,
  SpecError,
  type Activation,
  type LossName,
  type ModelSpec,
  type OptimizerName,
} from '@mlpkit/models';
import { decodeUtf8 } from './dataset-args.js';
import { UsageError } from './errors.js';

export interface ModelArgs {
  model?: string;
  layers?: string;
  activation?: string;
  optimizer?: string;
  lr?: number;
  /** Loss (Keras names; `mse`, `mae` accepted): overrides the model's. */
  loss?: string;
  /** Feature stage written with column names or xK: "x0^2, x1^2" (see featuresFromNames). */
  features?: string;
}

/** Keras's short names of the losses. */
const LOSS_ALIASES: Record<string, LossName> = {
  mse: 'meanSquaredError',
  mean_squared_error: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  mean_absolute_error: 'meanAbsoluteError',
  binary_crossentropy: 'binaryCrossentropy',
  categorical_crossentropy: 'categoricalCrossentropy',
  sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
};

function parseLoss(text: string, task: 'classification' | 'regression'): LossName {
  const loss = (LOSS_ALIASES[text] ?? text) as LossName;
  const allowed: readonly string[] = task === 'regression' ? REGRESSION_LOSSES : CLASSIFICATION_LOSSES;
  if (!allowed.includes(loss)) {
    throw new UsageError(`--loss ${text}: ${(LOSSES as readonly string[]).includes(loss) ? `not a ${task} loss` : 'unknown loss'}; ${task} losses: ${allowed.join(', ')}`);
  }
  return loss;
}

/** What the data asks of the model: its width and classes, or its targets for regression. */
export type DataShape =
  | { features: number; classes: number; task?: 'classification'; featureNames?: string[] }
  | { features: number; task: 'regression'; targets: number; featureNames?: string[] };

export function isSpecPath(arg: string): boolean {
  return /\.json$/i.test(arg) || arg.includes('/') || arg.includes('\\') || existsSync(arg);
}

/** Reads and validates a spec file; bad JSON or an invalid spec is a SpecError (exit 2). */
export function readSpecFile(path: string): ModelSpec {
  if (!existsSync(path)) throw new UsageError(`model spec file not found: ${path}`);
  if (statSync(path).isDirectory()) {
    const spec = [join(path, 'spec.json'), join(dirname(path), 'spec.json')].find((p) => existsSync(p));
    throw new UsageError(
      `--model ${path} is a folder, not a model spec${spec ? `; to train the same model again, give its spec: --model ${spec}` : ' (give a spec JSON file or a preset name; see `mlpkit models`)'}`,
    );
  }
  const text = decodeUtf8(readFileSync(path), path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SpecError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (json !== null && typeof json === 'object' && 'modelTopology' in json) {
    // A saved TF.js model (a run's model/model.json): its spec is the run's spec.json.
    const spec = [join(dirname(path), 'spec.json'), join(dirname(path), '..', 'spec.json')].find((p) => existsSync(p));
    throw new UsageError(
      `--model ${path} is a trained model (TF.js model.json), not a model spec; use it with \`mlpkit evaluate/predict --model\`, or train the same architecture again with --model ${spec ?? '<run folder>/spec.json'}`,
    );
  }
  try {
    return parseSpec(json);
  } catch (err) {
    if (err instanceof Error) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

function parseLayers(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  return trimmed.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 1) {
      throw new UsageError(`--layers must be comma-separated positive integers (units per hidden layer), got "${text}"`);
    }
    return n;
  });
}

/**
 * A spec from the model flags for the data: `--layers` builds an MLP whose output layer follows
 * the data (sigmoid/softmax for classes, linear for a regression target); `--loss`,
 * `--features`, `--optimizer` and `--lr` override a preset's or a spec file's settings.
 */
export function resolveModelSpec(args: ModelArgs, data: DataShape): ModelSpec {
  const task = data.task === 'regression' ? 'regression' : 'classification';
  const names = data.featureNames ?? Array.from({ length: data.features }, (_, k) => `x${k}`);
  let features: string[] | undefined;
  if (args.features !== undefined) {
    try {
      features = featuresFromNames(args.features, names);
    } catch (err) {
      if (err instanceof Error) {
        const count = /^\s*\d+\s*$/.test(Array.isArray(args.features) ? '' : String(args.features));
        err.message = `--features: ${err.message}${count ? ' (--features is the input-feature stage; a generated dataset\'s number of features is --dataset-features N)' : ''}`;
      }
      throw err;
    }
  }
  const loss = args.loss !== undefined ? parseLoss(args.loss, task) : undefined;
  if (args.model !== undefined && args.layers !== undefined) {
    throw new UsageError('use either --model or --layers, not both');
  }
  let spec: ModelSpec;
  if (args.model !== undefined) {
    if (args.activation !== undefined) throw new UsageError('--activation goes with --layers, not --model');
    spec = isSpecPath(args.model) ? readSpecFile(args.model) : getPreset(args.model);
  } else if (args.layers !== undefined) {
    spec = mlpSpec({
      input: data.features,
      ...(data.task === 'regression' ? { task: 'regression' as const, targets: data.targets } : { classes: data.classes }),
      hidden: parseLayers(args.layers),
      activation: (args.activation ?? 'relu') as Activation,
      ...(features ? { features } : {}),
      ...(loss ? { loss } : {}),
    });
    features = undefined;
  } else {
    throw new UsageError('no model given: use --model <preset|spec.json> or --layers <units,...> (see `mlpkit models`)');
  }
  if (features !== undefined || (loss !== undefined && args.layers === undefined)) {
    const { features: own, ...rest } = spec;
    const stage = features ?? own;
    spec = parseSpec({
      ...rest,
      ...(stage !== undefined && stage.length > 0 ? { features: stage } : {}),
      ...(loss !== undefined ? { compile: { ...spec.compile, loss } } : {}),
    });
  }
  if (args.optimizer !== undefined || args.lr !== undefined) {
    spec = withOptimizer(spec, {
      ...(args.optimizer !== undefined ? { name: args.optimizer as OptimizerName } : {}),
      ...(args.lr !== undefined ? { learningRate: args.lr } : {}),
    });
  }
  return spec;
}
