/**
 * The shape of one seed experiment (a row of shared/experiments.md) as data.
 */

/** A dataset from the @mlpkit/datasets registry with its generator parameters. */
export interface DatasetRef {
  /** Registry name, e.g. 'moons'. */
  dataset: string;
  /** Generator parameters other than the seed, e.g. `{ samples: 1000, noise: 0.05 }`. */
  params: Record<string, number | boolean>;
  /**
   * Fixed data seed, for data the tutorial generated with a fixed `random_state`. When absent the
   * data seed is the run seed plus `seedOffset`, so each run seed draws its own data (as the
   * tutorials' unseeded generators did).
   */
  seed?: number;
  /** Added to the run seed when `seed` is absent; a test set uses an offset to be fresh data. */
  seedOffset?: number;
  /**
   * The tutorial's own `random_state` (scikit-learn) or `np.random.seed`: the data is then drawn
   * from NumPy's RandomState exactly as the tutorial's code drew it (the same arrays, to float32
   * rounding), whatever the run seed. Overridden by `RunExperimentOptions.randomState`.
   */
  randomState?: number;
  /**
   * A test set the tutorial drew right after the training set from the same NumPy stream (000's
   * second `twospirals()` call, 003's rows after the training rows): with a random state, it
   * continues the training data's RandomState instead of starting a new one.
   */
  continuesStream?: boolean;
}

/** Where the reported accuracy, classification report and confusion matrix come from. */
export type EvaluationSpec =
  /** A freshly generated test set (000, 003). */
  | { kind: 'test'; data: DatasetRef }
  /** Row ranges [start, end) of one generated set: train rows and validation rows (001). */
  | { kind: 'rows'; train: [number, number]; validation: [number, number] }
  /** The training data itself, as the tutorial does (002, 004). */
  | { kind: 'train' };

export interface FitSpec {
  /** Epochs to run; with `stopAtAccuracy` this is the cap. */
  epochs: number;
  batchSize: number;
  /** Stop once training accuracy reaches this (xor-table: "until 100%"). */
  stopAtAccuracy?: number;
}

/** What the tutorial reports, and how our measurement is compared with it. */
export type ReportedMetric = 'accuracy' | 'val_accuracy' | 'epochsTo100' | 'qualitative';

export interface ReportedResult {
  /** The tutorial's claim, close to the wording of experiments.md. */
  text: string;
  /** Which measured number the claim is about. */
  metric: ReportedMetric;
  /** The reported number, where there is one (accuracy as a fraction, or an epoch). */
  value?: number;
  /** How `agrees` decides, in words (shown in reports and docs). */
  tolerance: string;
}

/** The measured outcome of one run of one experiment, what `agrees` judges. */
export interface Measurement {
  /** The number the reported metric is about (accuracy, final val accuracy, epochsTo100). */
  value: number | null;
  /** Accuracy on the evaluation set. */
  accuracy: number;
  /** Validation accuracy per epoch (empty without validation data). */
  valAccuracy: number[];
  /** xor-table: first epoch with 100% training accuracy, null when the cap was hit first. */
  epochsTo100?: number | null;
}

export interface ExperimentDefinition {
  /** Stable id from experiments.md, also the @mlpkit/models preset id. */
  id: string;
  /** The seed tutorial it comes from. */
  tutorial: '000' | '001' | '002' | '003' | '004';
  title: string;
  /** The training data (for kind 'rows': the one set that is split by rows). */
  data: DatasetRef;
  evaluation: EvaluationSpec;
  /** @mlpkit/models preset id. */
  preset: string;
  fit: FitSpec;
  reported: ReportedResult;
  /**
   * Seeds to run when the caller does not choose: the xor-table claim is about a number that moves
   * with the random init, so it is reported over several seeds (median and range). Default 1.
   */
  defaultSeeds?: number;
  /** Whether one run's measurement lands where the tutorial's did (see `reported.tolerance`). */
  agrees(measured: Measurement): boolean;
}
