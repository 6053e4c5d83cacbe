/**
 * `--model <preset|spec.json>` or `--layers 12,12,12 --activation tanh`, plus `--optimizer` and
 * `--lr` overrides. The output layer of `--layers` follows the data: 1 sigmoid unit with binary
 * cross-entropy for 2 classes, K softmax units with categorical cross-entropy otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mlpSpec, withOptimizer } from '@mlpkit/experiments';
import { getPreset, parseSpec, SpecError, type Activation, type ModelSpec, type OptimizerName } from '@mlpkit/models';
import { UsageError } from './errors.js';

export interface ModelArgs {
  model?: string;
  layers?: string;
  activation?: string;
  optimizer?: string;
  lr?: number;
}

export function isSpecPath(arg: string): boolean {
  return /\.json$/i.test(arg) || arg.includes('/') || arg.includes('\\');
}

/** Reads and validates a spec file; bad JSON or an invalid spec is a SpecError (exit 2). */
export function readSpecFile(path: string): ModelSpec {
  if (!existsSync(path)) throw new UsageError(`model spec file not found: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SpecError(`${path} is not valid JSON: ${(err as Error).message}`);
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

/** A spec from the model flags for data with `features` inputs and `classes` classes. */
export function resolveModelSpec(args: ModelArgs, data: { features: number; classes: number }): ModelSpec {
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
      classes: data.classes,
      hidden: parseLayers(args.layers),
      activation: (args.activation ?? 'relu') as Activation,
    });
  } else {
    throw new UsageError('no model given: use --model <preset|spec.json> or --layers <units,...> (see `mlpkit models`)');
  }
  if (args.optimizer !== undefined || args.lr !== undefined) {
    spec = withOptimizer(spec, {
      ...(args.optimizer !== undefined ? { name: args.optimizer as OptimizerName } : {}),
      ...(args.lr !== undefined ? { learningRate: args.lr } : {}),
    });
  }
  return spec;
}
