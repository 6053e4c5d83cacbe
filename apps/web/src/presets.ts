/**
 * The seed experiments (the @mlpkit/experiments table) as playground setups: data, model and fit
 * of one experiment id, loaded in one pick.
 */
import { getDataset } from '@mlpkit/datasets';
import { dataSeed, experiments, mlpLoss, mlpOutputLayer, type ExperimentDefinition } from '@mlpkit/experiments';
import { getPreset, KERAS_LEARNING_RATES } from '@mlpkit/models';
import { cloneState, defaultParams, type AppState } from './state.js';

export interface PresetOption {
  id: string;
  label: string;
  tutorial: string;
}

const TUTORIALS: Record<string, string> = {
  '000': 'Two spirals (000)',
  '001': 'Circles, 5k points (001)',
  '002': 'Toy datasets (002)',
  '003': 'XOR, Gaussian (003)',
  '004': 'XOR truth table (004)',
};

export function presetOptions(): PresetOption[] {
  return experiments.map((e) => ({ id: e.id, label: `${e.id} — ${e.title}`, tutorial: TUTORIALS[e.tutorial] ?? e.tutorial }));
}

export function findExperiment(id: string): ExperimentDefinition | undefined {
  return experiments.find((e) => e.id === id);
}

/** True for the experiments that train "until 100% accuracy" and report that epoch. */
export function reportsConvergence(id: string): boolean {
  return findExperiment(id)?.fit.stopAtAccuracy !== undefined;
}

/** The setup of experiment `def`, keeping the user's backend and run seed. */
export function stateFromExperiment(def: ExperimentDefinition, base: Readonly<AppState>): AppState {
  const state = cloneState(base);
  const entry = getDataset(def.data.dataset);
  state.preset = def.id;
  state.dataset = def.data.dataset;
  state.datasetParams = { ...defaultParams(entry), ...def.data.params };
  if ('seed' in state.datasetParams) state.datasetParams.seed = dataSeed(def.data, base.seed);

  const spec = getPreset(def.preset);
  const output = spec.layers[spec.layers.length - 1]!;
  state.layers = spec.layers.slice(0, -1).map((l) => ({ units: l.units, activation: l.activation }));
  const classes = entry.classes === 'param' ? Number(state.datasetParams.classes ?? 2) : entry.classes;
  const auto = mlpOutputLayer(classes);
  const isAuto = auto.units === output.units && auto.activation === output.activation;
  state.output = isAuto ? null : { units: output.units, activation: output.activation };
  state.loss = isAuto && spec.compile.loss === mlpLoss(auto) ? 'auto' : spec.compile.loss;
  const optimizer = spec.compile.optimizer;
  state.optimizer = optimizer.name;
  state.learningRate = optimizer.learningRate ?? KERAS_LEARNING_RATES[optimizer.name];
  state.momentum = optimizer.momentum ?? 0;
  state.decay = optimizer.decay ?? 0;

  state.epochs = def.fit.epochs;
  state.batchSize = def.fit.batchSize;
  state.stopAtAccuracy = def.fit.stopAtAccuracy ?? 0;
  switch (def.evaluation.kind) {
    case 'test':
      state.validation = 'fresh';
      break;
    case 'rows': {
      const [start, end] = def.evaluation.validation;
      const total = def.evaluation.train[1] - def.evaluation.train[0] + (end - start);
      state.validation = Math.round(((end - start) / total) * 100) / 100;
      break;
    }
    case 'train':
      state.validation = 0;
      break;
  }
  return state;
}
