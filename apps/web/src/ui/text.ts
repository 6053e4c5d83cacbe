/**
 * The page's words for the datasets and their parameters. The @mlpkit/datasets registry
 * describes its generators for developers ("samples//2", "linspace", scikit-learn versions); the
 * playground says what a learner sees. A dataset or parameter without an entry here (a new one
 * in the registry) falls back to the registry's own text.
 */
import type { DatasetEntry, ParamSpec } from '@mlpkit/datasets';

export const DATASET_TEXT: Readonly<Record<string, string>> = Object.freeze({
  twospirals:
    'Two spirals wound into each other, one per class (tutorial 000). A network needs several layers to untangle them; noise spreads the points.',
  circles: 'A small circle inside a larger ring, one class each. No straight line separates them: a hidden layer has to bend the boundary.',
  moons: 'Two interlocking half-moons, one class each. Almost separable by a line; a small hidden layer gets it right. Noise blurs them.',
  linear:
    "Clouds of points, one per class, that a straight line (or a few) can mostly separate: scikit-learn's make_classification. Class separation moves the clouds apart; label noise flips a share of the labels.",
  sine: 'Points above and below a sine wave, in blocks that alternate their class (tutorial 002): a hard, wiggly boundary.',
  spiral: 'K arms of a spiral, one class each (tutorial 002, from Stanford\u2019s CS231n): the classic multi-class test.',
  'xor-gauss': 'Points scattered around the centre; the class is whether x0 and x1 have the same sign (XOR, tutorial 003). One straight line cannot do it; two can.',
  'xor-table': 'Just the 4 corners of the XOR truth table: (0,0) and (1,1) are class 0, (0,1) and (1,0) class 1 (tutorial 004). The same every time: there is nothing to draw at random.',
  blobs: 'Round clouds of points, one per class, at random places: easy to separate unless they overlap (larger spread, or a smaller box for the centres).',
});

export const PARAM_TEXT: Readonly<Record<string, { label: string; help: string }>> = Object.freeze({
  samples: { label: 'Points', help: 'How many points to draw.' },
  noise: { label: 'Noise', help: 'How far points scatter from their ideal place: more noise, more overlap between the classes.' },
  factor: { label: 'Inner circle size', help: 'Radius of the inner circle relative to the outer ring (smaller: easier).' },
  shuffle: { label: 'Shuffle rows', help: 'Mix the order of the rows (it changes which rows are held out).' },
  seed: { label: 'Data seed', help: 'Which random draw of the data: Regenerate moves it on by one.' },
  randomState: { label: 'Random state', help: "scikit-learn's random_state: 0 or more draws exactly scikit-learn's points (then the data seed is not used); −1 is off." },
  classSep: { label: 'Class separation', help: 'How far apart the class clouds sit (larger: easier).' },
  flipY: { label: 'Label noise', help: 'Share of the points whose class is flipped at random.' },
  classes: { label: 'Classes', help: 'How many classes.' },
  blockSize: { label: 'Block size', help: 'Points per block of one class along the wave.' },
  margin: { label: 'Margin', help: 'Gap between the wave and the points.' },
  blockShift: { label: 'Block shift', help: 'How far each block is shifted along x0.' },
  std: { label: 'Spread', help: 'Standard deviation of each cloud (larger: the clouds overlap).' },
  centerBox: { label: 'Centre box', help: 'The cloud centres are drawn inside [−box, box] on both axes.' },
});

/** "classSep" → "Class sep", "centerBox" → "Center box" (for a parameter without an entry). */
export function humanize(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function datasetDescription(entry: DatasetEntry): string {
  return DATASET_TEXT[entry.name] ?? entry.description;
}

export function paramLabel(spec: ParamSpec): string {
  return PARAM_TEXT[spec.name]?.label ?? humanize(spec.name);
}

export function paramHelp(spec: ParamSpec): string {
  return PARAM_TEXT[spec.name]?.help ?? spec.description;
}

/**
 * The Results panel's two headings and their placeholders for a task: classification shows a
 * report and a confusion matrix, regression scores and a predicted-vs-actual plot. `on` (after
 * training): what was evaluated, e.g. "validation data".
 */
export function resultsText(task: 'classification' | 'regression', on: string | null = null): { report: string; plot: string; reportPlaceholder: string; plotPlaceholder: string } {
  const suffix = on ? ` · ${on}` : '';
  return task === 'regression'
    ? {
        report: `Regression scores${suffix}`,
        plot: `Predicted vs actual${suffix}`,
        reportPlaceholder: 'Train the model to see R², MAE, RMSE, MSE and explained variance.',
        plotPlaceholder: 'Each point is a row: its actual target across, the prediction up; on the diagonal when right.',
      }
    : {
        report: `Classification report${suffix}`,
        plot: `Confusion matrix${suffix}`,
        reportPlaceholder: 'Train the model to see precision, recall and F1 per class.',
        plotPlaceholder: 'Rows are true classes, columns predicted ones.',
      };
}

/**
 * What to say after a regression run whose R² is below 0 (worse than always predicting the mean
 * of the targets): the network predicts nearly a constant. Null when R² ≥ 0 (or not a number).
 * `epochs`, `learningRate`: the run's, to name concrete next steps.
 */
export function lowR2Hint(r2: number, epochs: number, learningRate: number): string | null {
  if (!(r2 < 0)) return null;
  return (
    `R² ${r2.toFixed(2)} is below 0: the network predicts nearly a constant, worse than the targets' mean. ` +
    `It has not yet reached the targets' scale in ${epochs} epochs: train more epochs (Continue), raise the learning rate (now ${learningRate}), ` +
    'or use adam; targets far from 0 take longest.'
  );
}

/**
 * A message's first letter in upper case, unless it starts with a file name ("many.csv has …"
 * stays as the file is called) or a quoted name.
 */
export function sentenceStart(text: string): string {
  const first = /^\S+/.exec(text)?.[0] ?? '';
  if (/^[^\s:;,]+\.[A-Za-z0-9]{1,8}[:;,]?$/.test(first) || /^["'“`]/.test(first)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The non-linear input features among `features` (squares, products, sines, cosines), as shown. */
function bendingFeatures(features: readonly string[]): string[] {
  return features.filter((f) => f !== 'x0' && f !== 'x1');
}

/**
 * The note under an empty layer list: what a network without a hidden layer is, worded for the
 * input features it has (with x0² and the like, its lines in the features are already curves in
 * the plane). `label` shows a feature as the page does (featureLabel).
 */
export function noHiddenLayerNote(task: 'classification' | 'regression', features: readonly string[], label: (f: string) => string = (f) => f): string {
  const bending = bendingFeatures(features).map(label);
  if (task === 'regression') {
    return bending.length === 0
      ? 'No hidden layer: this is linear regression on the input features, a flat surface unless the features bend it. Add a layer to bend it.'
      : `No hidden layer: this is linear regression on the input features; with ${bending.join(', ')} among them the surface already bends. Add a layer to bend it further.`;
  }
  return bending.length === 0
    ? 'No hidden layer: this is logistic regression on the input features, so class boundaries are straight lines in them. Add a layer (or a squared feature) to bend them.'
    : `No hidden layer: this is logistic regression on the input features, so class boundaries are straight lines in them — with ${bending.join(', ')} among them, curves in the plane. Add a layer to bend them further.`;
}
