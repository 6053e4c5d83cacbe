/** The URL codec of the playground state and the checks it shares with the controls (pure; Node). */
import { getDataset, listDatasets, type DatasetEntry } from '@mlpkit/datasets';
import { ACTIVATIONS, OPTIMIZERS } from '@mlpkit/models';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { stateFromLink } from '../src/presets.js';
import { modelProblem } from '../src/spec.js';
import {
  checkDatasetParam,
  checkEpochs,
  checkFeatures,
  featureLabel,
  lossesFor,
  PLAYGROUND_FEATURES,
  checkLayers,
  checkNumber,
  checkValidation,
  cloneState,
  dataForTask,
  DEFAULT_STATE,
  defaultParams,
  NUMBER_FIELDS,
  paramRange,
  playgroundDatasets,
  PLAYGROUND_LOSSES,
  REGULARIZATIONS,
  SPEED_NAMES,
  stateFromQuery,
  stateToQuery,
  URL_KEYS,
  type AppState,
} from '../src/state.js';

/** Every registry dataset (the parser offers the classification ones and names the others). */
const allDatasets = listDatasets();
const datasets = playgroundDatasets(allDatasets);
const names = datasets.map((d) => d.name).join(', ');

/** Deterministic test data (mulberry32), so every run checks the same states. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function classesOf(entry: DatasetEntry, params: AppState['datasetParams']): number {
  return entry.classes === 'param' ? Number(params.classes ?? 2) : entry.classes;
}

/** A random valid setup (every value within its control's range; output and loss fit the classes). */
function randomState(seed: number): AppState {
  const r = rng(seed);
  // A quarter of the setups are regressions (plane, gaussian, friedman1 …).
  const regression = r() < 0.25;
  const entry = pick(r, regression ? playgroundDatasets(allDatasets, 'regression') : datasets);
  const state = cloneState(DEFAULT_STATE);
  state.task = regression ? 'regression' : 'classification';
  state.dataset = entry.name;
  state.datasetParams = defaultParams(entry);
  for (const p of entry.params) {
    if (p.type === 'boolean') state.datasetParams[p.name] = r() < 0.5;
    else if (p.name === 'seed') state.datasetParams[p.name] = Math.floor(r() * 1000);
  }
  if (r() < 0.3) {
    const chosen = PLAYGROUND_FEATURES.filter(() => r() < 0.5);
    if (chosen.length > 0) state.features = chosen;
  }
  state.layers = Array.from({ length: Math.floor(r() * 5) }, () => ({ units: 1 + Math.floor(r() * 64), activation: pick(r, ACTIVATIONS) }));
  state.output = r() < 0.3 ? (regression ? { units: 1, activation: 'linear' } : { units: 2, activation: 'softmax' }) : null;
  state.loss = r() < 0.3 ? pick(r, lossesFor(state.task)) : 'auto';
  if (r() < 0.2) state.axes = pick(r, [[1, 0], [2, 3], [4, 0]] as Array<[number, number]>);
  state.optimizer = pick(r, OPTIMIZERS);
  state.learningRate = pick(r, [0.001, 0.003, 0.01, 0.1, 1.5]);
  state.momentum = state.optimizer === 'sgd' ? pick(r, [0, 0.9, 0.99]) : 0;
  state.decay = state.optimizer === 'sgd' ? pick(r, [0, 0.001]) : 0;
  state.regularization = pick(r, REGULARIZATIONS);
  if (state.regularization !== 'none') state.regularizationRate = pick(r, [0, 0.001, 0.03, 3]);
  state.batchSize = 1 + Math.floor(r() * 128);
  state.epochs = r() < 0.1 ? Infinity : 1 + Math.floor(r() * 500);
  state.validation = pick(r, [0, 0.1, 0.15, 0.2, 0.5, 0.9, 'fresh'] as const);
  state.testSamples = r() < 0.3 ? 1 + Math.floor(r() * 5000) : null;
  state.standardize = r() < 0.7;
  state.speed = pick(r, SPEED_NAMES);
  state.stopAtAccuracy = pick(r, [0, 0.95, 1]);
  state.seed = Math.floor(r() * 10_000);
  state.backend = pick(r, ['auto', 'fused', 'fused-exact', 'webgl', 'wasm', 'cpu']);
  state.showTest = r() < 0.7;
  state.discretize = r() < 0.3;
  state.preset = r() < 0.2 ? 'moons-ann' : '';
  // Only a model that can train on the dataset's classes is a valid setup.
  const classes = classesOf(entry, state.datasetParams);
  if (modelProblem({ ...state, loss: 'auto' }, classes)) state.output = null;
  if (modelProblem(state, classes)) state.loss = 'auto';
  return state;
}

describe('stateToQuery / stateFromQuery', () => {
  it('round-trips valid setups exactly, with no warnings (property, 300 setups)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const state = randomState(seed);
        const parsed = stateFromQuery(stateToQuery(state), allDatasets);
        expect(parsed.warnings).toEqual([]);
        expect(parsed.state).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  it('writes a readable query', () => {
    const state = cloneState(DEFAULT_STATE);
    state.datasetParams = { samples: 1000, noise: 0.05, shuffle: true, seed: 0 };
    expect(decodeURIComponent(stateToQuery(state))).toBe(
      'dataset=moons&ds.samples=1000&ds.noise=0.05&ds.shuffle=true&ds.seed=0&layers=4:tanh,2:tanh&opt=adam&lr=0.01&batch=32&epochs=100&val=0.2&seed=0&backend=auto',
    );
    state.regularization = 'l2';
    state.regularizationRate = 0.003;
    state.showTest = false;
    state.discretize = true;
    expect(decodeURIComponent(stateToQuery(state))).toContain('&reg=l2&regRate=0.003&');
    expect(decodeURIComponent(stateToQuery(state))).toMatch(/&showTest=false&discretize=true$/);
  });

  it('fills what the query leaves out from the defaults and the dataset schema', () => {
    const { state, warnings } = stateFromQuery('dataset=circles&ds.noise=0.2', datasets);
    expect(warnings).toEqual([]);
    expect(state.datasetParams).toEqual({ ...defaultParams(getDataset('circles')), noise: 0.2 });
    expect(state.layers).toEqual(DEFAULT_STATE.layers);
    expect(state.backend).toBe('auto');
    expect(state.seed).toBe(0);
  });

  it('resets ds.samples=1e9 to its default with a notice, before anything is generated', () => {
    const circles = getDataset('circles');
    const generate = vi.spyOn(circles, 'generate');
    try {
      const { state, warnings } = stateFromQuery('dataset=circles&ds.samples=1e9', datasets);
      expect(state.datasetParams.samples).toBe(defaultParams(circles).samples);
      expect(warnings).toEqual([
        `ds.samples=1e9: samples must be at most 100,000 (the playground generates and trains in your browser), got 1e9; using ${String(defaultParams(circles).samples)}`,
      ]);
      expect(generate).not.toHaveBeenCalled();
    } finally {
      generate.mockRestore();
    }
  });

  it('resets every out-of-range value to its default (never a clamped extreme), one line per key', () => {
    const { state, warnings } = stateFromQuery(
      'dataset=nope&layers=4:tanh,x&opt=adamw&lr=-3&batch=2.5&epochs=0&val=0.95&loss=hinge&regRate=11&reg=l3&seed=-1&stop=2&showTest=maybe&backend=Not%20A%20Name&speed=warp&std=no&testSamples=0',
      allDatasets,
    );
    expect(warnings).toEqual([
      `dataset=nope is not a dataset (classification: ${names}; regression: plane, gaussian, friedman1; or csv, your upload); using moons`,
      'layers=4:tanh,x: "x" is not units:activation (e.g. 4:tanh); using 4:tanh,2:tanh',
      `loss=hinge is not a classification loss (${PLAYGROUND_LOSSES.join(', ')}); using the one that fits the output layer`,
      `opt=adamw is not an optimizer (${OPTIMIZERS.join(', ')}); using adam`,
      'lr=-3: learning rate must be a number in 0.00001..10; using 0.01',
      'reg=l3 is not a regularization (none, l1, l2); using none',
      'regRate=11: regularization rate must be a number in 0..10; using 0.001',
      'batch=2.5: batch size must be an integer in 1..4096; using 32',
      'epochs=0: epochs must be an integer in 1..5000, or inf (until paused); using 100',
      'val=0.95: validation must be 0 (the training data), "fresh" (a new sample) or a held-out share in 0.1..0.9; using 0.2',
      'testSamples=0: test points must be an integer in 1..100000; using as many as the training points',
      'std=no is not true or false; using true',
      'stop=2: stop at accuracy must be a number in 0..1; using 0',
      'seed=-1: seed must be an integer in 0..2147483647; using 0',
      'backend=Not A Name is not a backend name; using auto',
      'showTest=maybe is not true or false; using true',
      'speed=warp is not a speed (slow, normal, fast, max); using normal',
    ]);
    expect(state).toEqual({ ...cloneState(DEFAULT_STATE), datasetParams: defaultParams(getDataset('moons')) });
  });

  it('resets any out-of-range sample count, for every dataset with one (property)', () => {
    const withSamples = datasets.filter((d) => d.params.some((p) => p.name === 'samples'));
    expect(withSamples.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(
        fc.constantFrom(...withSamples),
        fc.oneof(fc.integer({ min: 100_001, max: 2 ** 40 }), fc.integer({ min: -1e6, max: 0 }), fc.double({ min: 0.5, max: 1e6, noInteger: true })),
        (entry, samples) => {
          const { state, warnings } = stateFromQuery(`dataset=${entry.name}&ds.samples=${samples}`, datasets);
          expect(state.datasetParams.samples).toBe(defaultParams(entry).samples);
          expect(warnings).toHaveLength(1);
          expect(warnings[0]).toMatch(new RegExp(`^ds\\.samples=${String(samples).replace('.', '\\.')}: samples must be .*; using ${String(defaultParams(entry).samples)}$`));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('applies the registry rules: exclusive bounds, steps and cross-parameter checks', () => {
    const moons = getDataset('moons');
    expect(stateFromQuery('dataset=moons&ds.samples=0', datasets).warnings).toEqual([
      `ds.samples=0: samples must be an integer > 0, got 0; using ${String(defaultParams(moons).samples)}`,
    ]);
    expect(stateFromQuery('dataset=twospirals&ds.samples=7', datasets).warnings).toEqual([
      'ds.samples=7: samples must be an integer > 0 and a multiple of 2, got 7; using 2000',
    ]);
    // spiral: samples must be divisible by classes; the value given last is reset first.
    const spiral = stateFromQuery('dataset=spiral&ds.classes=4&ds.samples=1001', datasets);
    expect(spiral.state.datasetParams).toMatchObject({ classes: 4, samples: 1500 });
    expect(spiral.warnings).toEqual(['ds.samples=1001: samples must be divisible by classes (4), got 1001; using 1500']);
    const spiral2 = stateFromQuery('dataset=spiral&ds.samples=1200&ds.classes=7', datasets);
    expect(spiral2.state.datasetParams).toMatchObject({ classes: 3, samples: 1200 });
    expect(spiral2.warnings).toEqual(['ds.classes=7: samples must be divisible by classes (7), got 1200; using 3']);
  });

  it('names unknown keys and parameters of another dataset', () => {
    const { warnings } = stateFromQuery('dataset=moons&ds.factor=0.5&pace=3', datasets);
    expect(warnings).toEqual([
      'unknown parameter "pace" ignored',
      `ds.factor is not a parameter of moons (${getDataset('moons').params.map((p) => p.name).join(', ')}); ignored`,
    ]);
  });

  it('reports a long bad layer list in one line', () => {
    const fifty = Array.from({ length: 50 }, () => '999:tanh').join(',');
    const { state, warnings } = stateFromQuery(`layers=${fifty}`, datasets);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^layers=999:tanh,999:tanh,.*: 50 layers; at most 8 are allowed \(and 50 more problems\); using 4:tanh,2:tanh$/);
    expect(state.layers).toEqual(DEFAULT_STATE.layers);
  });

  it('ignores sgd settings for other optimizers, with a notice', () => {
    const { state, warnings } = stateFromQuery('opt=adam&momentum=0.9', datasets);
    expect(state.momentum).toBe(0);
    expect(warnings).toEqual(['momentum applies to sgd only; ignored for adam']);
  });

  it('keeps an uploaded-CSV state without dataset parameters', () => {
    const { state, warnings } = stateFromQuery('dataset=csv&val=fresh', datasets);
    expect(warnings).toEqual([]);
    expect(state.dataset).toBe('csv');
    expect(state.datasetParams).toEqual({});
    expect(state.validation).toBe('fresh');
  });
});

describe('tampered links (property): never throw, every value not taken is listed, valid links round trip', () => {
  /** Values a hand-edited or corrupted link may hold. */
  const nasty = fc.oneof(
    fc.constantFrom(
      '', ' ', 'NaN', 'Infinity', '-Infinity', 'inf', '∞', '1e308', '-1e308', '1e-320', '-0', '0', '1', '-1', '0.5', '2.5', '50',
      '100000', '100001', '1e9', '2147483648', '4294967296', 'true', 'false', 'abc', '4:tanh', '999:relu', '4:gelu', '2:softmax',
      '1:softmax', '7:softmax', '3:softmax', 'huber', 'meanAbsoluteError', 'binaryCrossentropy', 'categoricalCrossentropy', 'sgd',
      'adam', 'fresh', 'slow', 'max', 'l1', 'none', 'plane', 'friedman1', 'regression', 'classification', 'x0^2,x1^2', 'x0*x1', 'sin(x2)', '3,0', '1,1', 'csv', 'spiral', 'fused', 'x'.repeat(300), '%00', '١٢', '0x10', ' 5 ', '5e', '1,2',
    ),
    fc.double().map(String),
    fc.integer().map(String),
    fc.string({ maxLength: 12 }),
  );
  const keyArb = fc.constantFrom(...URL_KEYS, 'ds.samples', 'ds.noise', 'ds.seed', 'ds.randomState', 'ds.classes', 'ds.factor', 'ds.std', 'ds.centerBox', 'ds.shuffle');

  /** The parsed value of `key` in `state`, and what the raw link value means if it was taken as it is. */
  function taken(key: string, raw: string, state: AppState): boolean {
    const num = (v: number) => raw.trim() !== '' && Number(raw.trim()) === v;
    switch (key) {
      case 'preset':
        return state.preset === raw;
      case 'dataset':
        return state.dataset === raw;
      case 'task':
        return state.task === raw;
      case 'features': {
        const c = checkFeatures(raw);
        return c.ok && c.value.join() === state.features.join();
      }
      case 'axes':
        return state.axes.join(',') === raw.trim();
      case 'layers': {
        const c = checkLayers(raw);
        return c.ok && JSON.stringify(c.value) === JSON.stringify(state.layers);
      }
      case 'out': {
        const c = checkLayers(raw, { max: 1 });
        return c.ok && c.value.length === 1 && JSON.stringify(c.value[0]) === JSON.stringify(state.output);
      }
      case 'loss':
        return state.loss === raw;
      case 'opt':
        return state.optimizer === raw;
      case 'reg':
        return state.regularization === raw;
      case 'backend':
        return state.backend === raw;
      case 'speed':
        return state.speed === raw;
      case 'showTest':
      case 'discretize':
      case 'std': {
        const field = key === 'std' ? 'standardize' : key;
        return (raw === 'true' || raw === 'false') && String(state[field as 'showTest']) === raw;
      }
      case 'val':
        return raw === 'fresh' ? state.validation === 'fresh' : typeof state.validation === 'number' && num(state.validation);
      case 'epochs': {
        const c = checkEpochs(raw);
        return c.ok && c.value === state.epochs;
      }
      case 'testSamples':
        return state.testSamples !== null && num(state.testSamples);
      default: {
        if (key.startsWith('ds.')) {
          const entry = allDatasets.find((d) => d.name === state.dataset);
          const spec = entry?.params.find((p) => `ds.${p.name}` === key);
          if (!spec) return false;
          const c = checkDatasetParam(spec, raw);
          return c.ok && c.value === state.datasetParams[spec.name];
        }
        const field = Object.entries(NUMBER_FIELDS).find(([, f]) => f.key === key)?.[0] as keyof AppState | undefined;
        return field !== undefined && num(state[field] as number);
      }
    }
  }

  const mentions = (warning: string, key: string) =>
    warning.startsWith(`${key}=`) || warning.startsWith(`${key} `) || warning.includes(`"${key}"`) || (key.startsWith('ds.') && warning.startsWith('dataset parameters:'));

  it('a tampered link never throws, and every value it holds is either taken as it is or named in the notice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(fc.tuple(keyArb, nasty), { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })), { maxLength: 2 }),
        (seed, tampers, extra) => {
          const q = new URLSearchParams(stateToQuery(randomState(seed)));
          for (const [key, value] of tampers) q.set(key, value);
          for (const [key, value] of extra) if (!URL_KEYS.includes(key) && !key.startsWith('ds.')) q.append(key, value);
          const parsed = stateFromLink(q.toString(), allDatasets);
          const tampered = new Map(tampers);
          for (const [key, raw] of tampered) {
            if (q.getAll(key).length !== 1) continue;
            if (taken(key, raw, parsed.state)) continue;
            expect(parsed.warnings.some((w) => mentions(w, key)), `${key}=${raw} was not taken, and no notice line names it:\n${parsed.warnings.join('\n')}`).toBe(true);
          }
          for (const [key] of extra) {
            if (URL_KEYS.includes(key) || key.startsWith('ds.')) continue;
            expect(parsed.warnings.some((w) => w.includes(`"${key.length > 40 ? key.slice(0, 40) : key}`))).toBe(true);
          }
          // Whatever came in, the result is a valid setup: it writes a link that reads back to itself.
          const again = stateFromLink(stateToQuery(parsed.state), allDatasets);
          expect(again.warnings).toEqual([]);
          expect(again.state).toEqual(parsed.state);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps every numeric value within its control’s range (reset with a notice, never clamped)', () => {
    const noise = stateFromQuery('dataset=moons&ds.noise=1e308', datasets);
    expect(noise.state.datasetParams.noise).toBe(defaultParams(getDataset('moons')).noise);
    expect(noise.warnings).toEqual(["ds.noise=1e308: noise must be in 0..1 here (the control's range), got 1e308; using 0.05"]);
    expect(stateFromQuery('dataset=moons&ds.noise=50', datasets).warnings).toEqual(["ds.noise=50: noise must be in 0..1 here (the control's range), got 50; using 0.05"]);
    expect(stateFromQuery('dataset=moons&ds.noise=0.8', datasets).state.datasetParams.noise).toBe(0.8);
    // Every numeric parameter of every dataset: its range's ends are taken, one step beyond is not.
    for (const entry of datasets) {
      for (const spec of entry.params) {
        const range = paramRange(spec);
        if (!range) continue;
        expect(checkDatasetParam(spec, String(range.max)).ok, `${entry.name}.${spec.name}=${range.max}`).toBe(true);
        expect(checkDatasetParam(spec, String(range.max * 10 + 1)).ok, `${entry.name}.${spec.name} above ${range.max}`).toBe(false);
      }
    }
  });

  it('resets an output layer or a loss that does not fit the classes, naming the link key', () => {
    expect(stateFromQuery('dataset=moons&out=7:softmax', datasets).warnings).toEqual([
      'out=7:softmax does not fit 2 classes (model output is 7 units but the data has 2 classes); using 1 sigmoid',
    ]);
    expect(stateFromQuery('dataset=moons&out=1:softmax', datasets).warnings).toEqual([
      'out=1:softmax does not fit 2 classes (softmax output with 1 unit: use sigmoid for binary classification or ≥2 units); using 1 sigmoid',
    ]);
    const spiral = stateFromQuery('dataset=spiral&out=3:softmax', datasets);
    expect(spiral.warnings).toEqual([]);
    expect(spiral.state.output).toEqual({ units: 3, activation: 'softmax' });
    expect(stateFromQuery('dataset=moons&loss=categoricalCrossentropy', datasets).warnings).toEqual([
      'loss=categoricalCrossentropy does not fit the output layer (categoricalCrossentropy needs an output layer with ≥2 units (one per class), got 1 unit: use binaryCrossentropy with a 1-unit sigmoid output for two classes); using binaryCrossentropy',
    ]);
    // The review's link: a regression loss is not offered, and the page says so (it never ends "Not ready" in silence).
    const huber = stateFromQuery('dataset=moons&loss=huber', datasets);
    expect(huber.state.loss).toBe('auto');
    expect(huber.warnings).toEqual([`loss=huber is not a classification loss (${PLAYGROUND_LOSSES.join(', ')}); using the one that fits the output layer`]);
  });

  it('takes epochs=inf (until paused)', () => {
    expect(stateFromQuery('epochs=inf', datasets).state.epochs).toBe(Infinity);
    expect(stateToQuery({ ...cloneState(DEFAULT_STATE), epochs: Infinity })).toContain('epochs=inf');
  });

  it('a regression dataset makes a regression link; a dataset of the other task than the link asks for is named and replaced', () => {
    const regressionNames = playgroundDatasets(allDatasets, 'regression').map((d) => d.name);
    expect(regressionNames).toEqual(expect.arrayContaining(['plane', 'gaussian']));
    expect(regressionNames).not.toContain('moons');
    const plane = stateFromQuery('dataset=plane&loss=huber', allDatasets);
    expect(plane.warnings).toEqual([]);
    expect(plane.state.task).toBe('regression');
    expect(plane.state.dataset).toBe('plane');
    expect(plane.state.loss).toBe('huber');
    // The link writes the task and reads back the same state.
    const query = stateToQuery(plane.state);
    expect(query).toMatch(/^task=regression&dataset=plane&/);
    expect(stateFromQuery(query, allDatasets)).toEqual({ ...plane, keys: new Set(new URLSearchParams(query).keys()) });
    // task=regression alone: the default regression dataset.
    expect(stateFromQuery('task=regression', allDatasets).state.dataset).toBe('plane');
    // A contradiction is named and resolved in favour of the task.
    const mixed = stateFromQuery('task=classification&dataset=plane', allDatasets);
    expect(mixed.state.dataset).toBe('moons');
    expect(mixed.warnings).toEqual([`dataset=plane is a regression dataset, not classification (${names}); using moons`]);
    // A classification loss on a regression dataset is reset with the task's list.
    const bce = stateFromQuery('dataset=gaussian&loss=binaryCrossentropy', allDatasets);
    expect(bce.state.loss).toBe('auto');
    expect(bce.warnings).toEqual(['loss=binaryCrossentropy is not a regression loss (meanSquaredError, meanAbsoluteError, huber); using the one that fits the output layer']);
    // A softmax output cannot predict a number: back to 1 linear unit.
    const out = stateFromQuery('dataset=plane&out=1:sigmoid', allDatasets);
    expect(out.state.output).toBeNull();
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^out=1:sigmoid does not fit a regression target \(.*\); using 1 linear$/);
  });

  it('reads the input features (canonical @mlpkit/models expressions), in the checkboxes\' order', () => {
    const parsed = stateFromQuery('dataset=circles&features=x1^2,x0^2', datasets);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.state.features).toEqual(['x0^2', 'x1^2']);
    expect(stateToQuery(parsed.state)).toContain(`features=${encodeURIComponent('x0^2,x1^2')}`);
    // The raw columns are the default and are not written.
    expect(stateToQuery(cloneState(DEFAULT_STATE))).not.toContain('features=');
    expect(checkFeatures('x1*x0, sin(x1)')).toEqual({ ok: true, value: ['x0*x1', 'sin(x1)'] });
    for (const [text, error] of [
      ['', 'pick at least one input feature'],
      ['x0^3', `"x0^3" is not an input feature (${PLAYGROUND_FEATURES.join(', ')})`],
      ['x2', `"x2" is not an input feature (${PLAYGROUND_FEATURES.join(', ')})`],
      ['x0^2,x0*x0', '"x0*x0" is listed twice'],
    ] as const) {
      expect(checkFeatures(text)).toEqual({ ok: false, error });
    }
    const bad = stateFromQuery('features=tan(x0)', datasets);
    expect(bad.state.features).toEqual(['x0', 'x1']);
    expect(bad.warnings).toEqual([`features=tan(x0): "tan(x0)" is not an input feature (${PLAYGROUND_FEATURES.join(', ')}); using x0,x1`]);
    expect(featureLabel('x0*x1')).toBe('x0·x1');
    expect(featureLabel('x1^2', ['a', 'b'])).toBe('b²');
  });
});

describe('checks shared by the controls and the URL', () => {
  it('checkNumber accepts the range and names it otherwise', () => {
    expect(checkNumber(NUMBER_FIELDS.learningRate, '0.1')).toEqual({ ok: true, value: 0.1 });
    expect(checkNumber(NUMBER_FIELDS.learningRate, '1e-6')).toEqual({ ok: false, error: 'Learning rate must be a number in 0.00001..10' });
    expect(checkNumber(NUMBER_FIELDS.epochs, '')).toEqual({ ok: false, error: 'Epochs must be an integer in 1..5000' });
    expect(checkNumber(NUMBER_FIELDS.batchSize, '4097').ok).toBe(false);
  });

  it('checkValidation: 0, fresh or a share in 0.1..0.9', () => {
    expect(checkValidation('0')).toEqual({ ok: true, value: 0 });
    expect(checkValidation('fresh')).toEqual({ ok: true, value: 'fresh' });
    expect(checkValidation('0.3')).toEqual({ ok: true, value: 0.3 });
    expect(checkValidation('0.05').ok).toBe(false);
    expect(checkValidation('1').ok).toBe(false);
  });

  it('checkDatasetParam uses the registry schema and the playground cap', () => {
    const samples = getDataset('circles').params.find((p) => p.name === 'samples')!;
    expect(checkDatasetParam(samples, '100000')).toEqual({ ok: true, value: 100_000 });
    expect(checkDatasetParam(samples, '100001')).toEqual({
      ok: false,
      error: 'samples must be at most 100,000 (the playground generates and trains in your browser), got 100001',
    });
    expect(checkDatasetParam(samples, 'abc')).toEqual({ ok: false, error: 'samples must be an integer > 0, got "abc"' });
  });

  it('checkLayers parses units:activation lists', () => {
    expect(checkLayers('')).toEqual({ ok: true, value: [] });
    expect(checkLayers('12:relu, 3:softmax')).toEqual({
      ok: true,
      value: [
        { units: 12, activation: 'relu' },
        { units: 3, activation: 'softmax' },
      ],
    });
    expect(checkLayers('0:relu')).toEqual({ ok: false, error: '"0:relu": units must be in 1..256' });
    expect(checkLayers('4:gelu')).toEqual({ ok: false, error: `"4:gelu": the activation must be one of ${ACTIVATIONS.join(', ')}` });
  });
});

describe('dataForTask (review: Classification spiral 5 classes → Regression → Classification gave moons)', () => {
  const spiral = { dataset: 'spiral', datasetParams: { samples: 1500, classes: 5, noise: 0.2, seed: 0 }, axes: [0, 1] as [number, number] };

  it('brings back the dataset, parameters and plotted pair the task last had, as copies', () => {
    const back = dataForTask('classification', spiral, allDatasets, false);
    expect(back).toEqual(spiral);
    expect(back.datasetParams).not.toBe(spiral.datasetParams);
    back.datasetParams.classes = 2;
    expect(spiral.datasetParams.classes).toBe(5);
    const friedman = { dataset: 'friedman1', datasetParams: { ...defaultParams(allDatasets.find((d) => d.name === 'friedman1')), features: 6 }, axes: [3, 0] as [number, number] };
    expect(dataForTask('regression', friedman, allDatasets, false)).toEqual(friedman);
  });

  it('falls back to the task’s default dataset with its defaults when nothing (or nothing offered) is remembered', () => {
    expect(dataForTask('classification', undefined, allDatasets, false)).toEqual({ dataset: 'moons', datasetParams: defaultParams(allDatasets.find((d) => d.name === 'moons')), axes: [0, 1] });
    expect(dataForTask('regression', undefined, allDatasets, false)).toEqual({ dataset: 'plane', datasetParams: defaultParams(allDatasets.find((d) => d.name === 'plane')), axes: [0, 1] });
    // A dataset of the other task, or a CSV that no longer reads as this task, is not brought back.
    expect(dataForTask('regression', spiral, allDatasets, false).dataset).toBe('plane');
    const csv = { dataset: 'csv', datasetParams: {}, axes: [0, 1] as [number, number] };
    expect(dataForTask('classification', csv, allDatasets, false).dataset).toBe('moons');
    expect(dataForTask('classification', csv, allDatasets, true)).toEqual(csv);
  });
});
