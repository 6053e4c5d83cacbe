/**
 * The playground controller: holds the state, keeps the URL in sync, renders the controls and
 * wires them to the two workers (data generation, training). Everything numeric is done by the
 * @mlpkit packages, off the page's thread; the page only draws, at most once per frame.
 */
import { generateDataset, isRegression, listDatasets, type DatasetEntry, type ParamSpec } from '@mlpkit/datasets';
import { judgeExperiment, mlpLoss, type AnyMetricsJson, type MetricsJson } from '@mlpkit/experiments';
import { checkSpecAgainstData, mapFeatures, OPTIMIZERS, summary, type LossName, type ModelSpec, type OptimizerName } from '@mlpkit/models';
import { classColors, probabilityColor, targetColor, type TargetScale } from '@mlpkit/plot';
import type { EpochLogs } from '@mlpkit/train';
import { csvAfterRead, NO_CHOICE, parseStoredCsv, readUpload, restoreStoredCsv, type CsvChoice, type CsvUpload, type StoredCsv } from './csv.js';
import { divergenceMessage } from './messages.js';
import type { PreparedData } from './data.js';
import { DataClient } from './data/client.js';
import { downloadBlob, downloadModel } from './download.js';
import { findExperiment, KNOWN_DIFFERENCES, presetOptions, stateFromExperiment, stateFromLink } from './presets.js';
import { featuresOf, outputOf, sameShapes, specFromState } from './spec.js';
import {
  checkEpochs,
  checkNumber,
  cloneState,
  dataForTask,
  type TaskData,
  DEFAULT_DATASET,
  featureLabel,
  lossesFor,
  PLAYGROUND_FEATURES,
  type Task,
  defaultParams,
  DEFAULT_STATE,
  fitModelToClasses,
  LIMITS,
  NUMBER_FIELDS,
  playgroundDatasets,
  PLAYGROUND_LOSSES,
  REGULARIZATIONS,
  SPEED_NAMES,
  SPEEDS,
  stateToQuery,
  type AppState,
  type LayerState,
  type NumberFieldName,
  type Regularization,
  type Speed,
} from './state.js';
import { TrainingClient, type WorkerEvent } from './training/client.js';
import { dataMessage, MAX_SHOWN_UNITS, type BackendStatus, type FitSettings } from './training/protocol.js';
import { BoundaryView } from './ui/boundary.js';
import { CurvesView } from './ui/charts.js';
import { fieldError, layerRow, outputRow, paramControl } from './ui/controls.js';
import { byId, fmt, h, replaceChildren, setOptions } from './ui/dom.js';
import { NetworkView, type UnitRef } from './ui/network.js';
import { formatSeconds } from './ui/numbers.js';
import { classColor, heatRange, NEGATIVE, paintHeat, POSITIVE } from './ui/palette.js';
import { confusionSvg, predictedVsActualSvg, regressionTable, reportTable } from './ui/results.js';
import { datasetDescription, lowR2Hint, noHiddenLayerNote, resultsText, sentenceStart } from './ui/text.js';
import { WeightEditor } from './ui/weights.js';

/** Where the run is: see setPhase for what each allows. */
type Phase = 'empty' | 'preparing' | 'ready' | 'starting' | 'running' | 'paused' | 'done';

/** Where an uploaded CSV is kept (its text and the picked columns), so a reload (the URL says dataset=csv) finds it again. */
const CSV_STORAGE_KEY = 'mlpkit-playground.csv';
const REPAINT_MS = 50;
const CHART_MS = 250;
const STATS_MS = 100;
const EDITOR_MS = 250;

/** Names of the losses in the menu; a loss without one (a newer @mlpkit/models) shows its own name, never a blank option. */
const LOSS_LABELS: Partial<Record<LossName, string>> = {
  binaryCrossentropy: 'binary cross-entropy',
  categoricalCrossentropy: 'categorical cross-entropy',
  sparseCategoricalCrossentropy: 'sparse categorical CE',
  meanSquaredError: 'mean squared error',
  meanAbsoluteError: 'mean absolute error',
  huber: 'Huber',
};

function lossLabel(loss: LossName): string {
  return LOSS_LABELS[loss] ?? loss;
}

/** Regression: the surface's colour scale from the training targets' range (white at its middle). */
function targetScaleOf(data: PreparedData): TargetScale | null {
  if (!data.targetRange) return null;
  const [lo, hi] = data.targetRange;
  return { center: (lo + hi) / 2, spread: Math.max((hi - lo) / 2, 1e-9) };
}

/** Whether a dataset's draw depends on its seed (xor-table's does not): two tiny draws compared, once per dataset. */
const seedMattersCache = new Map<string, boolean>();
function seedMatters(entry: DatasetEntry): boolean {
  let known = seedMattersCache.get(entry.name);
  if (known === undefined) {
    const small: Record<string, unknown> = { ...defaultParams(entry) };
    const samples = entry.params.find((p) => p.name === 'samples');
    if (samples) small.samples = Math.min(Number(samples.default), 60);
    try {
      const a = generateDataset(entry.name, { ...small, seed: 1 });
      const b = generateDataset(entry.name, { ...small, seed: 2 });
      known = a.x.length !== b.x.length || a.x.some((v, i) => v !== b.x[i]);
    } catch {
      known = true;
    }
    seedMattersCache.set(entry.name, known);
  }
  return known;
}

const REG_LABELS: Record<Regularization, string> = { none: 'none', l1: 'L1', l2: 'L2' };

interface PendingGrid {
  probs: Float32Array;
  width: number;
  weights: Float32Array[];
  heat: Float32Array;
}

/** An uploaded file: its text and picks (kept in localStorage), and what was read from it. */
interface CsvSource {
  fileName: string;
  text: string;
  choice: CsvChoice;
  /** The columns of the file (for the menus), even when it could not be used. */
  columns: string[];
  label: string | null;
}

export class Playground {
  private state: AppState;
  /** The registry's classification datasets (regression datasets come with their own view later). */
  private readonly allDatasets: DatasetEntry[] = listDatasets();
  /** The registry's datasets of the state's task. */
  private get datasets(): DatasetEntry[] {
    return playgroundDatasets(this.allDatasets, this.state.task);
  }
  private uploaded: CsvUpload | null = null;
  private csvSource: CsvSource | null = null;
  /** The data each problem type last had (restored when the user switches back to it). */
  private readonly dataByTask = new Map<Task, TaskData>();
  private data: PreparedData | null = null;
  private dataError: string | null = null;
  private backends: BackendStatus[] | null = null;
  /** The link's problems (and the backend check), shown together in one notice. */
  private linkWarnings: string[];
  /** What the link did that is worth knowing but is not a problem (a preset with changes). */
  private linkNotes: string[];
  /** Keys the link set (so later resets can name the link's key). */
  private linkKeys: Set<string>;
  private errors: string[] = [];
  private phase: Phase = 'empty';
  /** What to do once the data (or the backends) are ready. */
  private startWhenReady: 'run' | 'step' | null = null;
  private runSpec: ModelSpec | null = null;
  private runBackend = '';
  private runStarted = 0;
  /** Epoch the latest Continue started from (0 for a fresh run): the run aims at runBase + epochs. */
  private runBase = 0;
  private lastLogs: EpochLogs | null = null;
  /** Loss and accuracy (regression: mae) of the current weights after a weight edit (until the next epoch). */
  private editedLogs: { epoch: number; loss: number; accuracy?: number; mae?: number; val_loss?: number; val_accuracy?: number; val_mae?: number } | null = null;
  /** The last divergence of this run: in which epoch, why, and the epoch the run went back to. */
  private divergence: { epoch: number; reason: string; restored: number } | null = null;
  /** The unit pinned by a click or tap (shown in the main view and the unit card). */
  private selected: UnitRef | null = null;
  /** The last finite epoch count, for the "until paused" checkbox. */
  private finiteEpochs = DEFAULT_STATE.epochs;
  private batchProgress: { epoch: number; fraction: number; text: string } | null = null;
  private pendingGrid: PendingGrid | null = null;
  /** The latest weights and heatmaps of the run. */
  private weights: Float32Array[] | null = null;
  private metrics: AnyMetricsJson | null = null;
  private reportHtml = '';
  private runChanges: string[] = [];
  private lastChange = '';
  /** A Step (or a Step while running) is under way: the worker's next 'paused' ends it. */
  private awaitingStep = false;
  private focusRef: UnitRef | null = null;
  private frame = 0;
  private lastChart = 0;
  private lastEditor = 0;
  private lastStatus = 0;
  private lastStats = 0;
  private progress = -1;
  private announced = '';
  private modelSignature = '';
  private shown = new Map<HTMLElement, string>();
  private readonly client = new TrainingClient();
  private readonly dataClient: DataClient;
  private readonly boundary = new BoundaryView(byId<HTMLCanvasElement>('boundary'), byId<HTMLCanvasElement>('boundary-points'));
  private readonly curves = new CurvesView(byId('loss-chart'));
  private readonly network: NetworkView;
  private readonly weightEditor: WeightEditor;

  private readonly el = {
    presetSelect: byId<HTMLSelectElement>('preset-select'),
    datasetSelect: byId<HTMLSelectElement>('dataset-select'),
    datasetDescription: byId('dataset-description'),
    datasetParams: byId('dataset-params'),
    datasetStats: byId('dataset-stats'),
    dataNote: byId('data-note'),
    dataProgress: byId('data-progress'),
    dataProgressText: byId('data-progress-text'),
    dataProgressBar: byId<HTMLProgressElement>('data-progress-bar'),
    regenerate: byId<HTMLButtonElement>('regenerate-button'),
    validation: byId<HTMLSelectElement>('validation-select'),
    holdoutField: byId('holdout-field'),
    holdout: byId<HTMLInputElement>('holdout-input'),
    holdoutOutput: byId('holdout-output'),
    csvUpload: byId<HTMLInputElement>('csv-upload'),
    csvStatus: byId('csv-status'),
    layers: byId('layer-list'),
    layersError: byId('layers-error'),
    addLayer: byId<HTMLButtonElement>('add-layer-button'),
    dataSeedSlot: byId('data-seed-slot'),
    randomStateDetails: byId<HTMLDetailsElement>('random-state-details'),
    randomStateSlot: byId('random-state-slot'),
    regenerateNote: byId('regenerate-note'),
    testSamplesField: byId('test-samples-field'),
    testSamples: byId<HTMLInputElement>('test-samples-input'),
    csvOptions: byId('csv-options'),
    csvLabel: byId<HTMLSelectElement>('csv-label-select'),
    csvX: byId<HTMLSelectElement>('csv-x-select'),
    csvY: byId<HTMLSelectElement>('csv-y-select'),
    standardize: byId<HTMLInputElement>('standardize'),
    dataWarnings: byId('data-warnings'),
    unitCard: byId('unit-card'),
    unitCardCanvas: byId<HTMLCanvasElement>('unit-card-canvas'),
    unitCardTitle: byId('unit-card-title'),
    unitCardScale: byId('unit-card-scale'),
    editWeights: byId<HTMLButtonElement>('edit-weights-button'),
    trainMetricLabel: byId('train-metric-label'),
    curvesHeading: byId('curves-heading'),
    taskClassification: byId<HTMLInputElement>('task-classification'),
    taskRegression: byId<HTMLInputElement>('task-regression'),
    axesField: byId('axes-field'),
    axisX: byId<HTMLSelectElement>('axis-x-select'),
    axisY: byId<HTMLSelectElement>('axis-y-select'),
    axesNote: byId('axes-note'),
    featuresField: byId('features-field'),
    featureChecks: byId('feature-checks'),
    featuresNote: byId('features-note'),
    valMetricLabel: byId('val-metric-label'),
    unitCardClose: byId<HTMLButtonElement>('unit-card-close'),
    speed: byId<HTMLSelectElement>('speed-select'),
    epochsOpen: byId<HTMLInputElement>('epochs-open'),
    backendDescription: byId('backend-description'),
    paramCount: byId('param-count'),
    optimizer: byId<HTMLSelectElement>('optimizer-select'),
    lr: byId<HTMLInputElement>('lr-input'),
    reg: byId<HTMLSelectElement>('reg-select'),
    regRate: byId<HTMLInputElement>('reg-rate-input'),
    batch: byId<HTMLInputElement>('batch-input'),
    epochs: byId<HTMLInputElement>('epochs-input'),
    momentum: byId<HTMLInputElement>('momentum-input'),
    decay: byId<HTMLInputElement>('decay-input'),
    loss: byId<HTMLSelectElement>('loss-select'),
    seed: byId<HTMLInputElement>('seed-input'),
    stop: byId<HTMLSelectElement>('stop-select'),
    backend: byId<HTMLSelectElement>('backend-select'),
    runStatus: byId('run-status'),
    runProgress: byId('run-progress'),
    runProgressBar: byId('run-progress').querySelector<HTMLElement>('.bar')!,
    runAnnounce: byId('run-announce'),
    train: byId<HTMLButtonElement>('train-button'),
    pause: byId<HTMLButtonElement>('pause-button'),
    step: byId<HTMLButtonElement>('step-button'),
    reset: byId<HTMLButtonElement>('reset-button'),
    newSeed: byId<HTMLButtonElement>('new-seed-button'),
    epoch: byId('epoch-counter'),
    epochTotal: byId('epoch-total'),
    trainAccuracy: byId('train-accuracy'),
    valAccuracy: byId('val-accuracy'),
    trainLoss: byId('train-loss'),
    valLoss: byId('val-loss'),
    error: byId('error'),
    toast: byId('toast'),
    overlay: byId('boundary-overlay'),
    focusLabel: byId('focus-label'),
    showTest: byId<HTMLInputElement>('show-test'),
    discretize: byId<HTMLInputElement>('discretize'),
    legend: byId('legend'),
    boundaryExplain: byId('boundary-explain'),
    converged: byId('converged-note'),
    tutorialNote: byId('tutorial-note'),
    runChanges: byId('run-changes'),
    report: byId('report'),
    reportHeading: byId('report-heading'),
    plotHeading: byId('plot-heading'),
    confusion: byId('confusion-matrix'),
    downloadModel: byId<HTMLButtonElement>('download-model'),
    downloadReport: byId<HTMLButtonElement>('download-report'),
    copyLink: byId<HTMLButtonElement>('copy-link'),
  };

  constructor() {
    const { state, warnings, notes, keys } = this.readUrl();
    this.state = state;
    if (Number.isFinite(state.epochs)) this.finiteEpochs = state.epochs;
    this.linkWarnings = warnings;
    this.linkNotes = notes;
    this.linkKeys = keys;
    this.applyColourScheme();
    this.dataClient = new DataClient({
      progress: (stage, fraction) => this.onDataProgress(stage, fraction),
      data: (data) => this.onData(data),
      error: (message) => this.onDataError(message),
    });
    this.network = new NetworkView(byId('network-diagram'), MAX_SHOWN_UNITS, {
      focusUnit: (ref) => this.setFocusUnit(ref),
      selectUnit: (ref) => this.selectUnit(ref),
      editUnit: (ref, from, focusField) => this.openWeightEditor(ref, from, focusField ?? true),
    });
    this.weightEditor = new WeightEditor(byId('weight-editor'), (array, index, value) => this.client.setWeight(array, index, value));
    this.bindStaticControls();
    this.client.onEvent((event) => this.onWorkerEvent(event));
    this.client.init();
    this.renderNotices();
    this.writeUrl();
    this.renderDataControls();
    this.renderModel();
    this.renderView();
    this.setPhase('empty');
    this.requestData();
    const observer = new ResizeObserver(() => this.scheduleResize());
    observer.observe(byId('network-diagram'));
    observer.observe(byId('boundary-points'));
    observer.observe(byId('loss-chart'));
    this.watchChrome();
  }

  /**
   * Keeps the CSS in step with the run bar (WCAG 2.4.11, focus not obscured): --runbar-h is its
   * height while it sticks to the top (0 when it scrolls with the page), so scroll-padding-top
   * keeps anchors and focused controls below it; --chrome-h (top bar + run bar) sizes the canvas
   * so the output fits one screen. A focused control that still ends up under the bar (e.g. the
   * browser scrolled it just into view) is scrolled clear of it.
   */
  private watchChrome(): void {
    const bar = document.querySelector<HTMLElement>('.runbar')!;
    const top = document.querySelector<HTMLElement>('.topbar')!;
    const root = document.documentElement;
    const sync = () => {
      const sticky = getComputedStyle(bar).position === 'sticky';
      const barHeight = Math.ceil(bar.getBoundingClientRect().height);
      root.style.setProperty('--runbar-h', `${sticky ? barHeight : 0}px`);
      root.style.setProperty('--chrome-h', `${barHeight + Math.ceil(top.getBoundingClientRect().height)}px`);
      this.network.setMaxHeight(Math.max(180, Math.min(420, window.innerHeight - barHeight - Math.ceil(top.getBoundingClientRect().height) - 110)));
    };
    sync();
    new ResizeObserver(sync).observe(bar);
    new ResizeObserver(sync).observe(top);
    window.addEventListener('resize', () => {
      sync();
      this.scheduleResize();
    });
    document.addEventListener('focusin', (event) => {
      const target = event.target as HTMLElement | null;
      if (!target || bar.contains(target) || getComputedStyle(bar).position !== 'sticky') return;
      const b = bar.getBoundingClientRect();
      const r = target.getBoundingClientRect();
      if (r.bottom > b.top && r.top < b.bottom + 4) window.scrollBy(0, r.top - b.bottom - 12);
    });
  }

  /** The one colour scheme (palette.ts) into the CSS: the key swatches, the weight lines. */
  private applyColourScheme(): void {
    document.documentElement.style.setProperty('--negative', NEGATIVE);
    document.documentElement.style.setProperty('--positive', POSITIVE);
  }

  // ---------------------------------------------------------------- URL state

  private readUrl(): { state: AppState; warnings: string[]; notes: string[]; keys: Set<string> } {
    const parsed = stateFromLink(window.location.search, listDatasets());
    const state = parsed.state;
    const warnings = [...parsed.warnings];
    const stored = this.loadStoredCsv();
    // Before this.state exists: every lookup here goes through the link's own state.
    const restored = restoreStoredCsv(state, stored, listDatasets());
    warnings.push(...restored.warnings);
    if (restored.drop) {
      // A stored file that no longer reads is of no use: drop it (the notice says so for a csv link).
      this.dropStoredCsv();
    } else if (stored && restored.read) {
      this.csvSource = { ...stored, columns: restored.read.columns, label: restored.read.label };
      this.uploaded = restored.upload;
    }
    return { state, warnings, notes: parsed.notes, keys: parsed.keys };
  }

  private writeUrl(): void {
    window.history.replaceState(null, '', `${window.location.pathname}?${stateToQuery(this.state)}`);
  }

  private loadStoredCsv(): StoredCsv | null {
    try {
      return parseStoredCsv(window.localStorage.getItem(CSV_STORAGE_KEY));
    } catch {
      return null;
    }
  }

  private dropStoredCsv(): void {
    try {
      window.localStorage.removeItem(CSV_STORAGE_KEY);
    } catch {
      // Storage unavailable: nothing was stored.
    }
  }

  private storeCsv(source: CsvSource): void {
    try {
      window.localStorage.setItem(CSV_STORAGE_KEY, JSON.stringify({ fileName: source.fileName, text: source.text, choice: source.choice }));
    } catch {
      // Too big for localStorage: the upload works, a reload will ask for the file again.
    }
  }

  // ---------------------------------------------------------------- state changes

  /** Epochs trained in the current run (0 when there is none). */
  private get trainedEpochs(): number {
    return this.phase === 'empty' || this.phase === 'preparing' ? 0 : (this.lastLogs?.epoch ?? 0);
  }

  /**
   * Applies a change.
   * - 'view': drawing only.
   * - 'data' (dataset, parameters, validation, seed, CSV): new data, so a new run (said if one had trained).
   * - 'model' / 'fit' / 'backend': a run whose weights still fit keeps training with the new
   *   settings from the next epoch (learning rate, regularisation, optimizer, loss, activations,
   *   batch size, epochs, backend); a new network shape starts a new run (and says so).
   * A change leaves the experiment preset unless `keepPreset`.
   */
  private update(mutate: (s: AppState) => void, what: 'view' | 'data' | 'model' | 'fit' | 'backend', keepPreset = false): void {
    const before = cloneState(this.state);
    mutate(this.state);
    if (!keepPreset) this.state.preset = '';
    this.writeUrl();
    if (what === 'view') {
      this.renderView();
      return;
    }
    if (what === 'data') {
      if (this.trainedEpochs > 0) this.toast('The run was reset: the data changed.', true);
      this.stopRun();
      this.requestData();
      this.renderDataControls();
      this.renderModel();
      return;
    }
    this.renderModel();
    this.applyToRun(before, what);
  }

  /** Sends a model/fit/backend change to the live run, or starts a new run when it cannot take it. */
  private applyToRun(before: AppState, what: 'model' | 'fit' | 'backend'): void {
    const data = this.data;
    if (!data) return;
    let spec: ModelSpec;
    try {
      spec = this.validSpec(data);
    } catch {
      // The model is invalid (the editor shows why): the run keeps its settings until it is valid.
      return;
    }
    const live = this.phase === 'ready' || this.phase === 'running' || this.phase === 'paused' || this.phase === 'done';
    if (live && this.runSpec && sameShapes(this.runSpec, spec) && this.backendUsable()) {
      const change = describeChange(before, this.state, what);
      this.lastChange = change;
      this.runSpec = spec;
      this.client.reconfigure(spec, this.state.backend, this.fitSettings(), change, this.runExperiment());
      if (this.phase === 'done' && this.lastLogs && this.state.epochs !== before.epochs) this.renderStats();
      return;
    }
    if (this.trainedEpochs > 0) this.toast("The run was reset: the network's shape changed, so its weights no longer fit.", true);
    this.prepareRun(this.phase === 'starting' ? 'run' : 'hold');
  }

  /** The experiment the current setup is (its data is the experiment's and nothing changed), or null. */
  private runExperiment(): string | null {
    return this.state.preset && this.data?.experiment === this.state.preset ? this.state.preset : null;
  }

  private fitSettings(): FitSettings {
    // A finished run stays finished (Continue adds `epochs` more); else it aims at runBase + epochs.
    const epochs = this.phase === 'done' ? (this.lastLogs?.epoch ?? 0) : this.runTarget();
    return {
      epochs: Math.max(epochs, 1),
      batchSize: this.state.batchSize,
      ...(this.state.stopAtAccuracy > 0 ? { stopAtAccuracy: this.state.stopAtAccuracy } : {}),
    };
  }

  /**
   * An explicit output layer (a preset's, e.g. xor-gauss's 2 softmax units, or the link's `out`)
   * that cannot represent the data's classes goes back to the automatic one, and a loss that
   * does not fit the output goes back to 'auto' — said in the notice (a link's key) or a toast.
   * Never leaves a model that cannot train without a word (finding: "Not ready" with no notice).
   */
  private fitOutputToData(): void {
    const { data, state } = this;
    if (!data) return;
    const lines = fitModelToClasses(state, data.classes, this.linkKeys);
    if (lines.length === 0) return;
    this.writeUrl();
    const fromLink = lines.filter((l) => /^(out|loss)=/.test(l));
    if (fromLink.length > 0) {
      this.linkWarnings.push(...fromLink);
      this.renderNotices();
    }
    const other = lines.filter((l) => !/^(out|loss)=/.test(l));
    if (other.length > 0) this.toast(other.join(' '));
    // A key is reported once: later data changes speak of the control.
    this.linkKeys.delete('out');
    this.linkKeys.delete('loss');
  }

  private validSpec(data: PreparedData): ModelSpec {
    const features = data.model.train.features;
    const spec = specFromState(this.state, features, data.classes);
    checkSpecAgainstData(spec, data.task === 'regression' ? { features, targets: 1, task: 'regression' } : { features, classes: data.classes });
    return spec;
  }

  /** Pacing of the state's speed: epochs per second, or null (as fast as it goes). */
  private epochsPerSecond(): number | null {
    return SPEEDS[this.state.speed].epochsPerSecond;
  }

  private backendUsable(): boolean {
    const b = this.state.backend;
    return b === 'auto' || (this.backends?.some((x) => x.name === b && x.available) ?? false);
  }

  // ---------------------------------------------------------------- data

  private requestData(): void {
    this.data = null;
    this.dataError = null;
    this.el.datasetStats.textContent = '';
    this.el.dataNote.hidden = true;
    this.el.dataProgressText.textContent = 'Preparing the data…';
    this.el.dataProgressBar.value = 0;
    this.el.dataProgress.hidden = false;
    this.el.overlay.hidden = false;
    this.el.overlay.textContent = 'Generating the data…';
    this.dataClient.prepare(cloneState(this.state), this.uploaded);
    this.renderPhase();
  }

  private onDataProgress(stage: string, fraction: number): void {
    this.el.dataProgressText.textContent = `${stage}…`;
    this.el.dataProgressBar.value = fraction;
  }

  private onData(data: PreparedData): void {
    this.data = data;
    this.dataError = null;
    this.el.dataProgress.hidden = true;
    this.fitOutputToData();
    this.renderData();
    this.renderModel();
    const mode = this.startWhenReady;
    this.startWhenReady = null;
    this.prepareRun(mode ?? 'hold');
  }

  private onDataError(message: string): void {
    this.data = null;
    this.dataError = message;
    this.el.dataProgress.hidden = true;
    this.startWhenReady = null;
    this.showError(message);
    this.renderData();
    this.setPhase('empty');
  }

  // ---------------------------------------------------------------- static controls

  private bindStaticControls(): void {
    const { el } = this;
    setOptions(
      el.presetSelect,
      [{ value: '', label: 'Custom setup' }, ...presetOptions().map((p) => ({ value: p.id, label: p.label, group: p.tutorial }))],
      this.state.preset,
    );
    el.presetSelect.addEventListener('change', () => {
      const def = findExperiment(el.presetSelect.value);
      if (!def) {
        this.update((s) => (s.preset = ''), 'view');
        return;
      }
      // A tutorial experiment runs at full speed, so it reproduces the tutorial's numbers at once
      // (pacing never changes them); pick a speed to watch it.
      const next = stateFromExperiment(def, { ...this.state, speed: 'max' });
      this.update((s) => Object.assign(s, next), 'data', true);
      this.client.speed(this.epochsPerSecond());
      this.renderView();
    });

    el.datasetSelect.addEventListener('change', () => {
      const name = el.datasetSelect.value;
      this.update((s) => {
        s.dataset = name;
        s.datasetParams = name === 'csv' ? {} : defaultParams(this.datasets.find((d) => d.name === name));
        if (name === 'csv' && s.validation === 'fresh') s.validation = DEFAULT_STATE.validation;
      }, 'data');
    });
    for (const radio of [el.taskClassification, el.taskRegression]) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        const task = radio.value as Task;
        if (task === this.state.task) return;
        if (this.state.dataset === 'csv' && this.csvSource) {
          // The uploaded file, read again with its label column as classes or as a numeric target.
          this.useCsv({ ...this.csvSource, choice: { ...this.csvSource.choice, task } });
          if (this.state.task !== task) this.renderTaskControls();
          return;
        }
        // Remember this task's data, so switching back restores it (review: spiral with 5 classes came back as moons).
        this.dataByTask.set(this.state.task, { dataset: this.state.dataset, datasetParams: { ...this.state.datasetParams }, axes: [this.state.axes[0], this.state.axes[1]] });
        this.update((s) => {
          s.task = task;
          // The other task's data: what it last had, else its default dataset (the CSV when it reads as this task).
          const csv = this.uploaded !== null && isRegression(this.uploaded.dataset) === (task === 'regression');
          const next = dataForTask(task, this.dataByTask.get(task) ?? (s.dataset === 'csv' && csv ? { dataset: 'csv', datasetParams: {}, axes: this.uploaded!.axes } : undefined), this.allDatasets, csv);
          s.dataset = next.dataset;
          s.datasetParams = next.datasetParams;
          s.output = null;
          s.loss = 'auto';
          s.axes = next.dataset === 'csv' && this.uploaded ? this.uploaded.axes : next.axes;
          if (task === 'regression') s.stopAtAccuracy = 0;
          if (s.validation === 'fresh' && s.dataset === 'csv') s.validation = DEFAULT_STATE.validation;
        }, 'data');
      });
    }
    for (const [select, index] of [
      [el.axisX, 0],
      [el.axisY, 1],
    ] as const) {
      select.addEventListener('change', () => {
        const k = Number(select.value);
        this.update((s) => {
          const other = s.axes[1 - index]!;
          // Picking the other axis's feature swaps the two.
          const next: [number, number] = [s.axes[0], s.axes[1]];
          next[index] = k;
          if (k === other) next[1 - index] = s.axes[index]!;
          s.axes = next;
        }, 'data');
      });
    }
    replaceChildren(
      el.featureChecks,
      ...PLAYGROUND_FEATURES.map((f) => {
        const input = h('input', { type: 'checkbox', value: f, 'data-testid': `feature-${f}`, 'aria-label': `Input feature ${featureLabel(f)}` }) as HTMLInputElement;
        input.addEventListener('change', () => {
          const chosen = [...el.featureChecks.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
          if (chosen.length === 0) {
            input.checked = true;
            this.toast('The network needs at least one input feature.');
            return;
          }
          this.update((s) => (s.features = PLAYGROUND_FEATURES.filter((x) => chosen.includes(x))), 'model');
        });
        return h('label', { title: `Feed ${featureLabel(f)} to the network` }, input, featureLabel(f));
      }),
    );
    el.regenerate.addEventListener('click', () => {
      this.update((s) => {
        // The next draw: scikit-learn's random_state when one is set (it replaces the seed), else the seed.
        const p = s.datasetParams;
        if (typeof p.randomState === 'number' && p.randomState >= 0) p.randomState += 1;
        else if (typeof p.seed === 'number') p.seed += 1;
      }, 'data');
    });
    setOptions(
      el.validation,
      [
        { value: 'holdout', label: 'a held-out share of the data' },
        { value: 'fresh', label: 'a fresh test sample' },
        { value: 'train', label: 'the training data itself' },
      ],
      validationMode(this.state),
    );
    el.validation.addEventListener('change', () => {
      const mode = el.validation.value;
      this.update((s) => {
        s.validation = mode === 'fresh' ? 'fresh' : mode === 'train' ? 0 : holdoutOf(Number(el.holdout.value) || 80);
      }, 'data');
    });
    el.holdout.addEventListener('input', () => (el.holdoutOutput.textContent = `${el.holdout.value}%`));
    el.holdout.addEventListener('change', () => this.update((s) => (s.validation = holdoutOf(Number(el.holdout.value))), 'data'));
    const testError = fieldError(el.testSamples, 'test-samples-input-error');
    el.testSamples.closest('.field')?.after(testError.element);
    el.testSamples.addEventListener('change', () => {
      const checked = checkNumber(NUMBER_FIELDS.testSamples, el.testSamples.value);
      if (!checked.ok) return testError.show(checked.error);
      testError.clear();
      const samples = Number(this.state.datasetParams.samples);
      this.update((s) => (s.testSamples = checked.value === samples ? null : checked.value), 'data');
    });
    el.csvUpload.addEventListener('change', () => void this.onCsvChosen());
    const task = () => this.csvSource?.choice.task ?? null;
    const pick = () => this.onCsvChoice({ label: el.csvLabel.value || null, x: el.csvX.value || null, y: el.csvY.value || null, task: task() });
    el.csvLabel.addEventListener('change', () => this.onCsvChoice({ label: el.csvLabel.value || null, x: null, y: null, task: null }));
    el.csvX.addEventListener('change', pick);
    el.csvY.addEventListener('change', pick);
    el.standardize.addEventListener('change', () => this.update((s) => (s.standardize = el.standardize.checked), 'data'));

    el.addLayer.addEventListener('click', () => {
      if (this.state.layers.length >= LIMITS.layers.max) return;
      const last = this.state.layers[this.state.layers.length - 1];
      this.update((s) => s.layers.push({ units: last?.units ?? 4, activation: last?.activation ?? 'tanh' }), 'model');
    });

    setOptions(el.optimizer, OPTIMIZERS.map((o) => ({ value: o, label: o })), this.state.optimizer);
    el.optimizer.addEventListener('change', () =>
      this.update((s) => {
        s.optimizer = el.optimizer.value as OptimizerName;
        if (s.optimizer !== 'sgd') {
          s.momentum = 0;
          s.decay = 0;
        }
      }, 'model'),
    );
    // The task's losses only (a classifier's, or a regression's): set in renderModel.
    this.renderLossOptions();
    el.loss.addEventListener('change', () => this.update((s) => (s.loss = el.loss.value as LossName | 'auto'), 'model'));
    setOptions(el.reg, REGULARIZATIONS.map((r) => ({ value: r, label: REG_LABELS[r] })), this.state.regularization);
    el.reg.addEventListener('change', () => this.update((s) => (s.regularization = el.reg.value as Regularization), 'model'));
    this.bindNumber(el.lr, 'learningRate', (s, v) => (s.learningRate = v), 'model');
    this.bindNumber(el.regRate, 'regularizationRate', (s, v) => (s.regularizationRate = v), 'model');
    this.bindNumber(el.batch, 'batchSize', (s, v) => (s.batchSize = v), 'fit');
    const epochsError = fieldError(el.epochs, 'epochs-input-error');
    el.epochs.closest('.field')?.after(epochsError.element);
    el.epochs.addEventListener('change', () => {
      const checked = checkEpochs(el.epochs.value);
      if (!checked.ok) return epochsError.show(checked.error);
      epochsError.clear();
      if (Number.isFinite(checked.value)) this.finiteEpochs = checked.value;
      this.update((s) => (s.epochs = checked.value), 'fit');
    });
    el.epochsOpen.addEventListener('change', () => {
      epochsError.clear();
      this.update((s) => (s.epochs = el.epochsOpen.checked ? Infinity : this.finiteEpochs), 'fit');
    });
    this.bindNumber(el.momentum, 'momentum', (s, v) => (s.momentum = v), 'model');
    this.bindNumber(el.decay, 'decay', (s, v) => (s.decay = v), 'model');
    this.bindNumber(el.seed, 'seed', (s, v) => this.setSeed(s, v), 'data', true);

    const stopChoices = [0, 0.9, 0.95, 0.99, 1];
    if (!stopChoices.includes(this.state.stopAtAccuracy)) stopChoices.push(this.state.stopAtAccuracy);
    setOptions(
      el.stop,
      stopChoices.map((v) => ({ value: String(v), label: v === 0 ? 'never' : `${Math.round(v * 1000) / 10}%` })),
      String(this.state.stopAtAccuracy),
    );
    el.stop.addEventListener('change', () => this.update((s) => (s.stopAtAccuracy = Number(el.stop.value)), 'fit'));

    el.backend.addEventListener('change', () => this.update((s) => (s.backend = el.backend.value), 'backend', true));
    setOptions(el.speed, SPEED_NAMES.map((v) => ({ value: v, label: SPEEDS[v].label })), this.state.speed);
    el.speed.addEventListener('change', () => {
      this.update((s) => (s.speed = el.speed.value as Speed), 'view', true);
      this.client.speed(this.epochsPerSecond());
    });
    el.editWeights.addEventListener('click', () => {
      if (this.selected) this.openWeightEditor(this.selected, undefined, false, el.editWeights);
    });
    el.unitCardClose.addEventListener('click', () => this.selectUnit(null));
    // Escape: the weight editor closes itself (focus back where it came from); otherwise unpin the unit.
    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (this.weightEditor.open) {
        this.weightEditor.close(true);
        event.preventDefault();
      } else if (this.selected) {
        const ref = this.selected;
        this.selectUnit(null);
        if (this.el.unitCard.contains(document.activeElement)) this.network.focusButton(ref);
        event.preventDefault();
      }
    });
    el.showTest.addEventListener('change', () => this.update((s) => (s.showTest = el.showTest.checked), 'view', true));
    el.discretize.addEventListener('change', () => this.update((s) => (s.discretize = el.discretize.checked), 'view', true));

    el.train.addEventListener('click', () => this.onTrain());
    el.pause.addEventListener('click', () => this.onPause());
    el.step.addEventListener('click', () => this.onStep());
    el.reset.addEventListener('click', () => this.onReset());
    el.newSeed.addEventListener('click', () =>
      this.update((s) => this.setSeed(s, s.seed >= NUMBER_FIELDS.seed.max ? 0 : s.seed + 1), 'data', true),
    );
    // Space starts or pauses training (unless typing in a field or on a button).
    document.addEventListener('keydown', (event) => {
      if (event.code !== 'Space' || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (/^(INPUT|SELECT|TEXTAREA|BUTTON|SUMMARY|A)$/.test(target.tagName) || target.isContentEditable || target.closest('.weight-editor'))) return;
      event.preventDefault();
      if (this.phase === 'running' || this.phase === 'starting') this.onPause();
      else this.onTrain();
    });
    el.copyLink.addEventListener('click', () => {
      void navigator.clipboard?.writeText(window.location.href).then(
        () => {
          el.copyLink.textContent = 'Link copied';
          setTimeout(() => (el.copyLink.textContent = 'Copy link'), 1500);
        },
        () => this.toast('The browser did not allow copying: copy the address bar instead.'),
      );
    });
    el.downloadModel.addEventListener('click', () => this.client.exportModel(this.client.currentRun, this.fileStem()));
    el.downloadReport.addEventListener('click', () => {
      if (!this.reportHtml) return;
      downloadBlob(new Blob([this.reportHtml], { type: 'text/html' }), `${this.fileStem()}-report.html`);
    });
  }

  /** A new run seed; for an experiment also its data seed (as `--seed` does in the CLI). */
  private setSeed(s: AppState, seed: number): void {
    s.seed = seed;
    const def = s.preset ? findExperiment(s.preset) : undefined;
    if (def) Object.assign(s, stateFromExperiment(def, s));
  }

  private bindNumber(
    input: HTMLInputElement,
    name: NumberFieldName,
    set: (s: AppState, value: number) => void,
    what: 'data' | 'model' | 'fit',
    keepPreset = false,
  ): void {
    const field = NUMBER_FIELDS[name];
    const error = fieldError(input, `${input.id}-error`);
    input.closest('.field')?.after(error.element);
    input.addEventListener('change', () => {
      const checked = checkNumber(field, input.value);
      if (!checked.ok) {
        // Keep what was typed, say why right here, and leave the setting (and the run) as it was.
        error.show(checked.error);
        return;
      }
      error.clear();
      this.update((s) => set(s, checked.value), what, keepPreset);
    });
  }

  private async onCsvChosen(): Promise<void> {
    const file = this.el.csvUpload.files?.[0];
    if (!file) return;
    const text = await file.text();
    this.el.csvUpload.value = '';
    this.useCsv({ fileName: file.name, text, choice: { ...NO_CHOICE }, columns: [], label: null });
  }

  /** The user picked another label or feature column of the uploaded file. */
  private onCsvChoice(choice: CsvChoice): void {
    const source = this.csvSource;
    if (!source) return;
    this.useCsv({ ...source, choice });
  }

  /**
   * Reads an uploaded file with its picks. Usable: it becomes the dataset (stored for reloads).
   * Not usable: the notice says why, in the page's words, and the column menus stay, so the user
   * can pick another label or feature column.
   */
  private useCsv(source: CsvSource): void {
    const read = readUpload(source.text, source.fileName, source.choice);
    // Only a file that reads is stored: a rejected one never replaces the stored good file.
    const next = csvAfterRead(this.csvSource, this.uploaded !== null, { ...source, columns: read.columns, label: read.label }, read);
    this.csvSource = next.source;
    if (next.store && next.source) this.storeCsv(next.source);
    if (!read.upload) {
      this.showError(`Could not use ${source.fileName}: ${read.error ?? 'unknown problem'}`);
      this.renderCsvOptions();
      return;
    }
    this.uploaded = read.upload;
    const upload = read.upload;
    this.clearErrors();
    this.update((s) => {
      s.dataset = 'csv';
      s.datasetParams = {};
      // The file says what the problem is (its label column) and which two features the canvas shows.
      s.task = upload.task;
      s.axes = upload.axes;
      if (s.task === 'regression') s.stopAtAccuracy = 0;
      s.output = null;
      if (s.loss !== 'auto' && !lossesFor(s.task).includes(s.loss)) s.loss = 'auto';
      if (s.validation === 'fresh') s.validation = DEFAULT_STATE.validation;
    }, 'data');
  }

  /** The label and feature menus of the uploaded file (offered whenever a file was read as a table). */
  private renderCsvOptions(): void {
    const { el } = this;
    const source = this.csvSource;
    const show = source !== null && source.columns.length > 0 && (this.state.dataset === 'csv' || !this.uploaded);
    el.csvOptions.hidden = !show;
    if (!show || !source) return;
    const label = this.uploaded?.label ?? source.label ?? '';
    setOptions(el.csvLabel, source.columns.map((c) => ({ value: c, label: c })), label);
    const others = source.columns.filter((c) => c !== label);
    const [x, y] = this.uploaded?.features ?? [others[0] ?? '', others[1] ?? ''];
    setOptions(el.csvX, others.map((c) => ({ value: c, label: c })), x);
    setOptions(el.csvY, others.map((c) => ({ value: c, label: c, disabled: c === x })), y);
    el.standardize.checked = this.state.standardize;
  }

  // ---------------------------------------------------------------- runs

  /** Starts a run on the current data and model: held at epoch 0 ('hold'), one epoch ('step') or training. */
  private prepareRun(mode: 'hold' | 'step' | 'run'): void {
    this.stopRun();
    const data = this.data;
    if (!data || !this.backends) {
      if (mode !== 'hold') this.startWhenReady = mode;
      this.setPhase('empty');
      return;
    }
    let spec: ModelSpec;
    try {
      spec = this.validSpec(data);
    } catch (error) {
      // Said where the model is edited and in the notice at the top: never "Not ready" without a reason.
      this.showLayersError(`The model is not valid: ${messageOf(error)}`);
      this.showError(`The model cannot train on this data: ${messageOf(error)}. Change it in the Model panel.`);
      this.setPhase('empty');
      return;
    }
    if (!this.backendUsable()) {
      this.showError(`The ${this.state.backend} backend is not available in this browser; pick another one.`);
      this.setPhase('empty');
      return;
    }
    const plain = dataMessage;
    this.runSpec = spec;
    this.runChanges = [];
    this.runBase = 0;
    const { model } = data;
    // The report draws the rows as plotted when the network sees other values (standardized, or more features).
    const standardized = data.standardizer !== null || model.train.features !== data.train.features;
    this.client.start({
      spec,
      backend: this.state.backend,
      seed: this.state.seed,
      train: plain(model.train),
      ...(model.validation ? { validation: plain(model.validation) } : {}),
      ...(standardized
        ? { display: { train: plain(data.train), ...(data.validation ? { validation: plain(data.validation) } : {}), gridX: data.grid.x } }
        : {}),
      ...(data.standardizer ? { standardizer: data.standardizer } : {}),
      featureNames: data.featureNames,
      ...(model.train.features > 2 ? { axes: data.axes, fixed: data.fixed } : {}),
      warnings: [...(this.uploaded && this.state.dataset === 'csv' ? this.uploaded.warnings : []), ...data.warnings],
      epochsPerSecond: this.epochsPerSecond(),
      evaluatedOn: data.evaluatedOn,
      classNames: data.classNames,
      experiment: this.runExperiment(),
      trainInfo: data.trainInfo,
      ...(data.evaluationInfo ? { evaluationInfo: data.evaluationInfo } : {}),
      grid: { nx: data.grid.nx, ny: data.grid.ny, bounds: data.grid.bounds, x: model.gridX },
      heatGrid: { nx: data.heatGrid.nx, ny: data.heatGrid.ny, x: model.heatGridX },
      fit: { epochs: this.state.epochs, batchSize: this.state.batchSize, ...(this.state.stopAtAccuracy > 0 ? { stopAtAccuracy: this.state.stopAtAccuracy } : {}) },
      repaintMs: REPAINT_MS,
      mode,
    });
    this.runStarted = performance.now();
    this.awaitingStep = mode === 'step';
    this.setPhase(mode === 'hold' ? 'preparing' : 'starting');
  }

  /** Stops any run and clears its curves, boundary and results. */
  private stopRun(): void {
    this.client.stop();
    this.curves.reset(this.data?.evaluatedOn === 'test' ? 'test' : 'validation', this.data?.task === 'regression' ? 'mae' : 'accuracy');
    this.lastLogs = null;
    this.editedLogs = null;
    this.divergence = null;
    this.batchProgress = null;
    this.pendingGrid = null;
    this.awaitingStep = false;
    this.weights = null;
    this.metrics = null;
    this.reportHtml = '';
    this.runBackend = '';
    this.runSpec = null;
    this.runChanges = [];
    this.boundary.clearProbabilities();
    this.network.update(null, null);
    this.weightEditor.update(null);
    this.renderResults();
    this.renderLegend();
    this.setPhase('empty');
  }

  private onTrain(): void {
    switch (this.phase) {
      case 'ready':
      case 'paused':
        this.divergence = null;
        this.client.resume();
        this.setPhase('running');
        return;
      case 'preparing':
        this.client.resume();
        this.setPhase('starting');
        return;
      case 'done': {
        // Continue from the current weights for another `epochs` epochs.
        this.runBase = this.lastLogs?.epoch ?? 0;
        this.client.continueRun(this.state.epochs);
        this.metrics = null;
        this.renderResults();
        this.setPhase('running');
        return;
      }
      case 'empty':
        if (this.dataClient.busy || !this.backends) {
          this.startWhenReady = 'run';
          this.renderPhase();
          return;
        }
        this.prepareRun('run');
        return;
      default:
        return;
    }
  }

  private onPause(): void {
    if (this.phase !== 'running' && this.phase !== 'starting') return;
    this.client.pause();
    this.setPhase('paused');
  }

  /** One epoch, then pause (from any state; while running it pauses after the current epoch). */
  private onStep(): void {
    switch (this.phase) {
      case 'ready':
      case 'paused':
      case 'preparing':
        this.divergence = null;
        this.awaitingStep = true;
        this.client.step();
        this.setPhase(this.phase === 'preparing' ? 'starting' : 'running');
        return;
      case 'running':
      case 'starting':
        this.awaitingStep = true;
        this.client.pause();
        return;
      case 'done':
        this.awaitingStep = true;
        this.runBase = this.lastLogs?.epoch ?? 0;
        this.client.continueRun(this.state.epochs, true);
        this.metrics = null;
        this.renderResults();
        this.setPhase('running');
        return;
      case 'empty':
        if (this.dataClient.busy || !this.backends) {
          this.startWhenReady = 'step';
          return;
        }
        this.prepareRun('step');
        return;
    }
  }

  private onReset(): void {
    if (this.dataClient.busy) return;
    this.prepareRun('hold');
  }

  private onWorkerEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'ready': {
        this.backends = event.backends;
        const chosen = event.backends.find((b) => b.name === this.state.backend);
        if (this.state.backend !== 'auto' && (!chosen || !chosen.available)) {
          const why = chosen ? `is not available here (${chosen.reason ?? 'unknown reason'})` : "is not one of this browser's backends";
          this.linkWarnings.push(`backend=${this.state.backend} ${why}; using auto (${this.autoBackend()})`);
          this.state.backend = 'auto';
          this.writeUrl();
          this.renderNotices();
        }
        this.renderBackends();
        if (this.phase === 'empty' && this.data) {
          const mode = this.startWhenReady;
          this.startWhenReady = null;
          this.prepareRun(mode ?? 'hold');
        }
        return;
      }
      case 'started':
        this.runBackend = event.backend;
        if (this.state.backend === 'auto') this.renderBackends();
        if (this.phase === 'starting') this.setPhase('running');
        else this.renderPhase();
        return;
      case 'epochs': {
        this.lastLogs = event.logs[event.logs.length - 1] ?? this.lastLogs;
        if (event.logs.length > 0) this.editedLogs = null;
        this.curves.push(event.logs);
        this.batchProgress = null;
        this.scheduleFrame();
        return;
      }
      case 'diverged': {
        // The run went back to its last finite weights: the curves and the counter follow it.
        this.divergence = { epoch: event.epoch, reason: event.reason, restored: event.restoredEpoch };
        this.lastLogs = this.curves.truncate(event.restoredEpoch);
        this.editedLogs = null;
        this.batchProgress = null;
        this.awaitingStep = false;
        this.runChanges.push(`training diverged in epoch ${event.epoch} (${event.reason}); went back to epoch ${event.restoredEpoch}`);
        const message = divergenceMessage(event.epoch, event.reason, event.restoredEpoch, this.state.learningRate);
        this.showError(message);
        this.toast(message);
        this.setPhase('paused');
        this.curves.draw();
        return;
      }
      case 'evaluated':
        // After a weight edit: the numbers of the edited network (until the next epoch).
        {
          const { type: _type, runId: _runId, ...numbers } = event;
          this.editedLogs = numbers;
        }
        this.renderStats();
        return;
      case 'batch':
        this.batchProgress = { epoch: event.epoch, fraction: event.batch / event.batches, text: `epoch ${event.epoch}: batch ${event.batch}/${event.batches}` };
        this.scheduleFrame();
        return;
      case 'paused':
        this.scheduleFrame();
        if (event.epoch === 0 && this.phase === 'preparing') this.setPhase('ready');
        else if (this.awaitingStep) {
          // Only a step waits for this; a Pause click already switched the phase itself (and a
          // late 'paused' must not undo a Resume clicked meanwhile).
          this.awaitingStep = false;
          this.setPhase('paused');
        }
        return;
      case 'grid':
        this.pendingGrid = { probs: event.probs, width: event.width, weights: event.weights, heat: event.heat };
        this.scheduleFrame();
        return;
      case 'reconfigured':
        this.runBackend = event.backend;
        if (event.epoch > 0 && this.lastChange) {
          this.runChanges.push(`${this.lastChange} from epoch ${event.epoch + 1}`);
          const state = this.state.optimizer !== 'sgd' || this.state.momentum > 0 || this.state.decay > 0 ? " (the optimizer's running state starts afresh)" : '';
          const when = this.phase === 'done' ? 'Continue trains on' : 'training goes on';
          this.toast(`${sentenceStart(this.lastChange)}: ${when} from epoch ${event.epoch} with the current weights${state}.`);
        }
        this.lastChange = '';
        this.renderPhase();
        return;
      case 'done':
        this.metrics = event.metrics;
        this.reportHtml = event.reportHtml;
        this.setPhase('done');
        this.flushFrame();
        this.network.flush();
        this.boundary.setMistakes(this.mistakePoints(), event.metrics.evaluatedOn !== 'train');
        this.renderLegend();
        this.curves.draw();
        this.renderResults();
        return;
      case 'model':
        downloadModel(event.name, event.artifacts);
        return;
      case 'error':
        this.showError(`Training failed: ${event.message}`);
        this.toast(`Training failed: ${event.message}`);
        this.client.stop();
        this.setPhase('empty');
        return;
    }
  }

  private autoBackend(): string {
    return this.backends?.find((b) => b.available)?.name ?? 'the best available';
  }

  private scheduleFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.flushFrame());
  }

  private resizeFrame = 0;

  private scheduleResize(): void {
    if (this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      this.boundary.resize();
      this.network.resize();
      this.curves.resize();
    });
  }

  /** Applies what arrived since the last frame: stats every frame, the charts every CHART_MS. */
  private flushFrame(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const grid = this.pendingGrid;
    if (grid) {
      this.pendingGrid = null;
      this.weights = grid.weights;
      this.network.update(grid.weights, grid.heat);
      // One repaint of the main canvas per frame: the model's outputs, or the hovered unit's.
      this.boundary.setProbabilities(grid.probs, grid.width, !this.focusRef);
      if (this.focusRef) this.boundary.setFocus(this.focusOf(this.focusRef));
      if (this.selected) this.renderUnitCard();
      const t = performance.now();
      if (this.weightEditor.open && (this.phase !== 'running' || t - this.lastEditor >= EDITOR_MS)) {
        this.lastEditor = t;
        this.weightEditor.update(grid.weights);
      }
    }
    // While training, the diagram repaints in rounds (one column per frame); otherwise at once.
    let more = false;
    if (this.phase === 'running') more = this.network.tick();
    else this.network.flush();
    const t = performance.now();
    const running = this.phase === 'running';
    if (more) this.scheduleFrame();
    // While training, the numbers update 10 times a second and the curves 4 times, and never in
    // the frame that repaints the main canvas: every frame stays light.
    if (!running || (!grid && t - this.lastStats >= STATS_MS)) {
      this.lastStats = t;
      this.renderStats();
    } else this.scheduleFrame();
    if (!running || (!grid && t - this.lastChart >= CHART_MS && t !== this.lastStats)) {
      this.lastChart = t;
      this.curves.draw();
    } else this.scheduleFrame();
  }

  // ---------------------------------------------------------------- phase, focus

  private setPhase(phase: Phase): void {
    if (phase !== this.phase && (phase === 'running' || phase === 'done') && this.toastAboutReset) {
      // "The run was reset: …" is about the run before this one: gone when the new one trains or ends.
      this.toastAboutReset = false;
      clearTimeout(this.toastTimer);
      this.el.toast.classList.remove('visible');
    }
    this.phase = phase;
    this.renderPhase();
  }

  private renderPhase(): void {
    const { el, phase } = this;
    const busy = phase === 'running' || phase === 'starting';
    const label = phase === 'paused' ? 'Resume' : phase === 'done' ? 'Continue' : 'Train';
    this.setText(el.train.querySelector('.label')!, label);
    el.train.title = phase === 'done' ? `Train ${this.state.epochs} more epochs from the current weights (space)` : `${label} (space)`;
    // A button about to be disabled hands the focus over (Train ↔ Pause), so Enter, Enter pauses.
    const active = document.activeElement;
    el.pause.disabled = !busy;
    el.train.disabled = busy;
    if (busy && active === el.train) el.pause.focus();
    if (!busy && active === el.pause) el.train.focus();
    el.reset.disabled = !this.data;
    el.downloadModel.disabled = phase !== 'done';
    el.downloadReport.disabled = phase !== 'done';
    el.runStatus.className = `run-status ${busy ? 'running' : phase === 'done' ? 'done' : this.divergence && phase === 'paused' ? 'diverged' : ''}`;
    this.renderStats();
    // Screen readers hear the phase changes, not every tick of the status line.
    const announce = phase === 'running' ? 'Training' : phase === 'paused' || phase === 'done' || phase === 'ready' ? el.runStatus.textContent ?? '' : '';
    if (announce && announce !== this.announced) {
      this.announced = announce;
      el.runAnnounce.textContent = announce;
    }
  }

  /** Hover or keyboard focus on a unit shows it in the main view; leaving it shows the pinned unit (or the model) again. */
  private setFocusUnit(ref: UnitRef | null): void {
    this.focusRef = ref ?? this.selected;
    const focus = this.focusRef ? this.focusOf(this.focusRef) : null;
    this.boundary.setFocus(focus);
    const label = this.el.focusLabel;
    if (this.focusRef && focus) {
      label.textContent = `${this.unitTitle(this.focusRef)}: ${this.scaleText(this.focusRef, focus.values)}`;
      label.hidden = false;
    } else label.hidden = true;
  }

  /** A unit's heatmap with the scale its activation needs (0-centred, or [0, 1] for sigmoid/softmax). */
  private focusOf(ref: UnitRef): { values: Float32Array; nx: number; ny: number; scale: 'signed' | 'unit' } | null {
    const heat = this.network.heatOf(ref);
    return heat ? { ...heat, scale: this.network.scaleOf(ref) } : null;
  }

  /** The colour key of a unit's picture, in words: the same scheme as the main view and the legend. */
  private scaleText(ref: UnitRef, values: Float32Array): string {
    const outputs = this.runSpec?.layers.length ?? this.state.layers.length + 1;
    const isOutput = ref.layer === outputs - 1;
    if (this.network.scaleOf(ref) === 'unit') {
      if (isOutput && this.data && this.data.classes <= 2 && (this.runSpec?.layers.at(-1)?.units ?? 1) === 1) {
        return `P(class ${this.data.classNames[1] ?? '1'}), as the main view: red 0 (class ${this.data.classNames[0] ?? '0'}), white 0.5, blue 1`;
      }
      return 'its output over the plane: red 0, white 0.5, blue 1';
    }
    const range = heatRange(values);
    return `its ${ref.layer < 0 ? 'value' : 'output'} over the plane: red −${fmtRange(range)}, white 0, blue +${fmtRange(range)}`;
  }

  /** Click or tap on a unit: pin it in the main view and the unit card (again, or null: unpin). */
  private selectUnit(ref: UnitRef | null): void {
    const same = ref && this.selected && ref.layer === this.selected.layer && ref.unit === this.selected.unit;
    this.selected = same ? null : ref;
    this.network.setSelected(this.selected);
    this.renderUnitCard();
    this.setFocusUnit(this.selected);
  }

  /** The pinned unit, enlarged where the user is (below the diagram), with its colour key and Edit weights. */
  private renderUnitCard(): void {
    const { el } = this;
    const ref = this.selected;
    const focus = ref ? this.focusOf(ref) : null;
    if (!ref || !focus) {
      el.unitCard.hidden = true;
      return;
    }
    const canvas = el.unitCardCanvas;
    if (canvas.width !== focus.nx || canvas.height !== focus.ny) {
      canvas.width = focus.nx;
      canvas.height = focus.ny;
    }
    const image = new ImageData(focus.nx, focus.ny);
    paintHeat(image.data, focus.values, focus.nx, focus.ny, focus.nx, 0, focus.scale);
    canvas.getContext('2d')?.putImageData(image, 0, 0);
    this.setText(el.unitCardTitle, this.unitTitle(ref));
    this.setText(el.unitCardScale, sentenceStart(this.scaleText(ref, focus.values)));
    el.editWeights.hidden = ref.layer < 0;
    el.unitCard.hidden = false;
  }

  private unitTitle(ref: UnitRef): string {
    const layers = this.runSpec?.layers.length ?? this.state.layers.length + 1;
    if (ref.layer < 0) return `Input ${this.inputColumn().names[ref.unit] ?? `x${ref.unit}`}`;
    return ref.layer === layers - 1 ? `Output unit ${ref.unit + 1}` : `Hidden ${ref.layer + 1} · unit ${ref.unit + 1}`;
  }

  /**
   * Opens the weight editor on a Dense unit. `focusField`: the focus goes into the number field
   * (Enter on a unit, a mouse click on an edge); otherwise to the editor itself (the Edit weights
   * button, a tap: no on-screen keyboard pops up).
   */
  /**
   * The network's input units: the feature expressions of the state (x0², sin(x1) … for 2-feature
   * data), else the data's columns; with each one's name as the diagram shows it.
   */
  private inputColumn(): { names: string[]; features: string[] | undefined; raw: number } {
    const data = this.data;
    const raw = data?.model.train.features ?? 2;
    const columns = data?.featureNames ?? Array.from({ length: raw }, (_, i) => `x${i}`);
    const stage = featuresOf(this.state, raw);
    return { names: stage ? stage.map((f) => featureLabel(f, columns)) : columns, features: stage, raw };
  }

  /** The input units' pictures: what the network sees over the plane (standardized values for a standardized CSV, the features' values with a feature stage). */
  private setInputGrid(): void {
    const data = this.data;
    if (!data) return;
    const column = this.inputColumn();
    const x = column.features ? mapFeatures({ input: column.raw, features: column.features }, data.model.heatGridX) : data.model.heatGridX;
    this.network.setInputGrid({ ...data.heatGrid, x, features: column.names.length });
  }

  private openWeightEditor(ref: UnitRef, from?: number, focusField = true, returnFocus?: HTMLElement): void {
    const data = this.data;
    if (!data || ref.layer < 0) return;
    const classes = data.classes;
    const column = this.inputColumn();
    const sizes = [column.names.length, ...this.state.layers.map((l) => l.units), outputOf(this.state, classes).units];
    const inputs = Array.from({ length: sizes[ref.layer]! }, (_, i) => (ref.layer === 0 ? (column.names[i] ?? `x${i}`) : `h${ref.layer}.${i + 1}`));
    this.weightEditor.show(
      { layer: ref.layer, unit: ref.unit, title: this.unitTitle(ref), inputs, units: sizes[ref.layer + 1]! },
      this.weights,
      from,
      { focusField, returnFocus: returnFocus ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null) },
    );
  }

  // ---------------------------------------------------------------- rendering

  /** Sets text only when it changed (no needless style/layout work in the frame loop). */
  private setText(element: Element, text: string): void {
    if (this.shown.get(element as HTMLElement) === text) return;
    this.shown.set(element as HTMLElement, text);
    element.textContent = text;
  }

  private renderBackends(): void {
    const { el, state } = this;
    const list = this.backends;
    if (!list) {
      setOptions(el.backend, [{ value: state.backend, label: `${state.backend} — checking…` }], state.backend);
      return;
    }
    // What auto resolved to for the current model (the run says), else the registry's first choice.
    const auto = this.state.backend === 'auto' && this.runBackend ? this.runBackend : this.autoBackend();
    const options = [
      { value: 'auto', label: `auto (${auto})`, title: "@mlpkit/train's pick for this model: its preferred backend unless another is decisively faster" },
      ...list.map((b) => ({
        value: b.name,
        label: b.available ? b.name : `${b.name} — unavailable`,
        disabled: !b.available,
        title: b.available ? b.description : (b.reason ?? 'unavailable'),
      })),
    ];
    setOptions(el.backend, options, state.backend);
    el.backend.title = list.map((b) => `${b.name}: ${b.available ? b.description : `unavailable (${b.reason ?? 'unknown reason'})`}`).join('\n');
    // The chosen backend explained in words on the page (the select's aria-describedby target).
    const chosen = list.find((b) => b.name === (state.backend === 'auto' ? auto : state.backend));
    const what = chosen ? (chosen.available ? chosen.description : `unavailable here (${chosen.reason ?? 'unknown reason'})`) : '';
    const unavailable = list.filter((b) => !b.available).map((b) => b.name);
    this.setText(
      el.backendDescription,
      `${state.backend === 'auto' ? `auto picks ${auto} for this model: ` : `${state.backend}: `}${what}${unavailable.length ? ` Not available in this browser: ${unavailable.join(', ')}.` : ''} Every backend gives the same results; they differ in speed.`,
    );
  }

  private renderDataControls(): void {
    const { el, state } = this;
    this.renderTaskControls();
    const options = this.datasets.map((d) => ({ value: d.name, label: d.title }));
    if (this.uploaded && isRegression(this.uploaded.dataset) === (state.task === 'regression')) options.push({ value: 'csv', label: `Your CSV: ${this.uploaded.fileName}` });
    setOptions(el.datasetSelect, options, state.dataset);
    const entry = this.datasets.find((d) => d.name === state.dataset);
    el.datasetDescription.textContent = entry ? datasetDescription(entry) : this.uploaded ? `Uploaded from ${this.uploaded.fileName}.` : '';
    // The data seed sits with Regenerate; scikit-learn's random state is tucked away with its explanation.
    const control = (spec: ParamSpec) =>
      paramControl(spec, state.datasetParams[spec.name] ?? spec.default, (value) => {
        this.update((s) => (s.datasetParams[spec.name] = value), 'data');
      });
    const params = entry?.params ?? [];
    replaceChildren(el.datasetParams, ...params.filter((p) => p.name !== 'seed' && p.name !== 'randomState').map(control));
    const seed = params.find((p) => p.name === 'seed');
    const matters = entry ? seedMatters(entry) : false;
    replaceChildren(el.dataSeedSlot, seed && matters ? control(seed) : null);
    const randomState = params.find((p) => p.name === 'randomState');
    replaceChildren(el.randomStateSlot, randomState ? control(randomState) : null);
    el.randomStateDetails.hidden = !randomState;
    if (randomState && Number(state.datasetParams.randomState) >= 0) el.randomStateDetails.open = true;
    el.regenerate.disabled = !entry || !matters || (typeof state.datasetParams.seed !== 'number' && typeof state.datasetParams.randomState !== 'number');
    el.regenerate.hidden = !entry;
    el.regenerateNote.hidden = !entry || matters;
    el.regenerateNote.textContent = entry && !matters ? `${entry.title} is the same every time: there is nothing to draw at random, so nothing to regenerate.` : '';
    el.validation.value = validationMode(state);
    const fresh = el.validation.querySelector<HTMLOptionElement>('option[value="fresh"]');
    if (fresh) fresh.disabled = state.dataset === 'csv';
    const share = Math.round((1 - (typeof state.validation === 'number' && state.validation > 0 ? state.validation : 0.2)) * 100);
    el.holdout.value = String(share);
    el.holdoutOutput.textContent = `${share}%`;
    el.holdoutField.hidden = validationMode(state) !== 'holdout';
    const samples = Number(state.datasetParams.samples);
    el.testSamplesField.hidden = state.validation !== 'fresh' || state.dataset === 'csv' || !Number.isFinite(samples);
    el.testSamples.value = String(state.testSamples ?? samples);
    el.csvStatus.textContent = this.uploaded
      ? `Loaded ${this.uploaded.fileName}: ${this.uploaded.dataset.y.length} rows, ${isRegression(this.uploaded.dataset) ? 'a numeric target' : `${this.uploaded.dataset.classes} classes`} (label "${this.uploaded.label}", ${this.uploaded.dataset.features} features; the canvas shows ${this.uploaded.features.join(' and ')}).`
      : '';
    this.renderCsvOptions();
  }

  private renderData(): void {
    const { el, data } = this;
    this.renderDataControls();
    if (data) {
      const parts = [`${data.all.y.length} points`, data.task === 'regression' ? 'a numeric target' : `${data.classes} classes`, ...(data.featureNames.length > 2 ? [`${data.featureNames.length} features`] : []), `${data.train.y.length} train`];
      if (data.validation) parts.push(`${data.validation.y.length} ${data.evaluatedOn === 'test' ? 'test' : 'validation'}`);
      el.datasetStats.textContent = parts.join(' · ');
      el.dataNote.textContent = data.note ?? '';
      el.dataNote.hidden = !data.note;
      this.boundary.setData(data.grid, data.train, data.validation, data.train.featureNames, targetScaleOf(data));
      this.setInputGrid();
      this.curves.reset(data.evaluatedOn === 'test' ? 'test' : 'validation', data.task === 'regression' ? 'mae' : 'accuracy');
      el.curvesHeading.textContent = data.task === 'regression' ? 'Loss and mean absolute error' : 'Loss and accuracy';
    } else {
      el.datasetStats.textContent = '';
      el.dataNote.hidden = true;
    }
    const upload = this.uploaded && this.state.dataset === 'csv' ? this.uploaded : null;
    const warnings = [...(upload ? [...upload.notes, ...upload.warnings] : []), ...(data?.warnings ?? [])];
    replaceChildren(el.dataWarnings, ...warnings.map((w) => h('li', { text: sentenceStart(w) })));
    el.dataWarnings.hidden = warnings.length === 0;
    el.overlay.hidden = data !== null;
    el.overlay.textContent = data ? '' : this.dataError ? 'No data' : 'Generating the data…';
    this.renderView();
    this.renderLegend();
  }

  private renderView(): void {
    const { el, state, data } = this;
    el.showTest.checked = state.showTest;
    el.showTest.disabled = !data?.validation;
    el.discretize.checked = state.discretize;
    // A regression's surface is continuous: nothing to discretize.
    el.discretize.disabled = state.task === 'regression';
    el.speed.value = state.speed;
    this.boundary.setView({ showTest: state.showTest, discretize: state.discretize });
    this.renderLegend();
  }

  /** x/y of the evaluated points the trained model misclassifies (in the data's own units, as drawn). */
  private mistakePoints(): Float32Array | null {
    const { metrics, data } = this;
    if (!metrics || !data || metrics.task === 'regression') return null;
    const evaluated = metrics.evaluatedOn === 'train' ? data.train : data.validation;
    if (!evaluated || evaluated.y.length !== metrics.yPred.length) return null;
    const points: number[] = [];
    metrics.yPred.forEach((predicted, i) => {
      if (predicted !== metrics.yTrue[i]) points.push(evaluated.x[i * evaluated.features]!, evaluated.x[i * evaluated.features + 1]!);
    });
    return Float32Array.from(points);
  }

  private renderLegend(): void {
    const data = this.data;
    if (!data) {
      this.el.legend.replaceChildren();
      return;
    }
    const item = (swatch: HTMLElement, label: string) => h('span', { class: 'legend-item' }, swatch, label);
    const target = targetScaleOf(data);
    if (target) {
      // Regression: one scale for the points (their target) and the surface (the prediction).
      const lo = target.center - target.spread;
      const hi = target.center + target.spread;
      const stops = [0, 0.25, 0.5, 0.75, 1].map((p) => `${targetColor(lo + p * (hi - lo), target)} ${p * 100}%`).join(',');
      const items: HTMLElement[] = [
        h('span', { class: 'legend-item', 'data-testid': 'target-scale' }, fmt(lo), h('span', { class: 'scale', style: `background:linear-gradient(90deg,${stops});opacity:.8` }), `${fmt(hi)}  target y`),
        item(h('span', { class: 'swatch', style: 'background:#5d6676' }), `training points (${data.train.y.length})`),
      ];
      if (data.validation) {
        const kind = data.evaluatedOn === 'test' ? 'test' : 'validation';
        items.push(item(h('span', { class: 'swatch hollow', style: 'border-color:#5d6676' }), `${kind} points (${data.validation.y.length}${this.state.showTest ? '' : ', hidden'})`));
      }
      items.push(
        h(
          'span',
          { class: 'legend-item scheme', 'data-testid': 'colour-scheme' },
          h('span', { class: 'swatch', style: `background:${NEGATIVE}` }),
          h('span', { class: 'swatch', style: `background:${POSITIVE}` }),
          'Colours everywhere: red = a low value, a negative weight or output; blue = a high value, a positive weight or output; white = the middle of the target range, or 0.',
        ),
      );
      replaceChildren(this.el.legend, ...items);
      const slice = data.featureNames.length > 2 ? ` The plane is a slice: ${data.featureNames.filter((_, k) => k !== data.axes[0] && k !== data.axes[1]).map((n, i) => `${n} = ${fmt(data.fixed.filter((v) => !Number.isNaN(v))[i])}`).join(', ')} (their training medians).` : '';
      this.el.boundaryExplain.textContent = `Regression: each point is coloured by its target value, the background by the network's prediction at that point of the plane, on the same scale (red low, white ${fmt(target.center)}, blue high). Where the colours agree, the prediction is right.${slice}`;
      return;
    }
    // The one colour scheme, said once for the whole page (canvas, unit pictures, weights).
    const scheme = h(
      'span',
      { class: 'legend-item scheme', 'data-testid': 'colour-scheme' },
      h('span', { class: 'swatch', style: `background:${NEGATIVE}` }),
      h('span', { class: 'swatch', style: `background:${POSITIVE}` }),
      `Colours everywhere: red = class ${data.classNames[0] ?? '0'}, a negative weight or a low output; blue = class ${data.classNames[1] ?? '1'}, a positive weight or a high output; white = undecided (P = 0.5) or 0${data.classes > 2 ? `; classes from ${data.classNames[2] ?? '2'} on get ${describeExtraColours(data.classes)}` : ''}.`,
    );
    const items: HTMLElement[] = data.classNames.map((name, k) =>
      item(h('span', { class: 'swatch', style: `background:${classColor(k)}` }), `class ${name}`),
    );
    items.push(item(h('span', { class: 'swatch', style: 'background:#5d6676' }), `training points (${data.train.y.length})`));
    if (data.validation) {
      const kind = data.evaluatedOn === 'test' ? 'test' : 'validation';
      const hidden = this.state.showTest ? '' : ', hidden';
      items.push(item(h('span', { class: 'swatch hollow', style: 'border-color:#5d6676' }), `${kind} points (${data.validation.y.length}${hidden})`));
    }
    const mistakes = this.metrics ? this.metrics.yPred.filter((p, i) => p !== this.metrics!.yTrue[i]).length : null;
    if (mistakes !== null) {
      const on = this.metrics!.evaluatedOn === 'train' ? 'training' : this.metrics!.evaluatedOn;
      items.push(item(h('span', { class: 'cross', text: '✕' }), `misclassified ${on} points (${mistakes})`));
    }
    const binary = outputOf(this.state, data.classes).units <= 2;
    if (binary) {
      const stops = [0, 0.25, 0.5, 0.75, 1].map((p) => `${probabilityColor(p)} ${p * 100}%`).join(',');
      items.push(
        h(
          'span',
          { class: 'legend-item' },
          '0',
          h('span', { class: 'scale', style: `background:linear-gradient(90deg,${stops});opacity:.8` }),
          `1  P(class ${data.classNames[1] ?? '1'})`,
        ),
      );
    }
    items.push(scheme);
    replaceChildren(this.el.legend, ...items);
    const discrete = this.state.discretize;
    this.el.boundaryExplain.textContent = binary
      ? discrete
        ? `Discretized: each point of the plane has the colour of the class the network predicts there (class ${data.classNames[1] ?? '1'} where P > 0.5).`
        : `The background is the model's probability of class ${data.classNames[1] ?? '1'} at each point of the plane: the decision boundary is where red turns blue (P = 0.5). It repaints as the network trains; hover a unit of the network to see its own output here.`
      : discrete
        ? 'Discretized: each point of the plane has the colour of the class the network predicts there.'
        : 'The background colours each point of the plane by the class the network predicts there, paler where it is less sure. It repaints as the network trains.';
  }

  private showLayersError(message: string | null): void {
    this.el.layersError.textContent = message ?? '';
    this.el.layersError.hidden = !message;
  }

  /** The Loss menu: 'auto' and the losses of the state's task (never a blank option). */
  private renderLossOptions(): void {
    const task = this.state.task;
    if (this.el.loss.dataset.task === task) return;
    this.el.loss.dataset.task = task;
    setOptions(this.el.loss, [{ value: 'auto', label: 'auto' }, ...lossesFor(task).map((l) => ({ value: l, label: lossLabel(l) }))], this.state.loss);
  }

  /** Problem type, feature checkboxes and the plotted pair, from the state and the data. */
  private renderTaskControls(): void {
    const { el, state, data } = this;
    el.taskClassification.checked = state.task === 'classification';
    el.taskRegression.checked = state.task === 'regression';
    const raw = data?.model.train.features ?? 2;
    const wide = raw > 2;
    for (const input of el.featureChecks.querySelectorAll<HTMLInputElement>('input')) {
      input.checked = state.features.includes(input.value);
      input.disabled = wide;
    }
    el.featuresNote.hidden = !wide;
    el.featuresNote.textContent = wide ? `This data has ${raw} feature columns: the network takes them as they are (the feature choice is for 2-feature data).` : '';
    el.axesField.hidden = !wide || state.dataset === 'csv';
    if (data && wide) {
      const options = data.featureNames.map((name, k) => ({ value: String(k), label: name }));
      setOptions(el.axisX, options, String(data.axes[0]));
      setOptions(el.axisY, options, String(data.axes[1]));
    }
    el.axesNote.hidden = !wide;
    el.axesNote.textContent = wide && data
      ? `The canvas shows the plane of ${data.featureNames[data.axes[0]]} and ${data.featureNames[data.axes[1]]}; the network's output there is taken with every other feature at its training median.`
      : '';
  }

  private renderModel(): void {
    const { el, state } = this;
    this.renderLossOptions();
    const classes = this.data?.classes ?? 2;
    const features = this.data?.model.train.features ?? 2;
    const output = outputOf(state, classes);
    const regression = state.task === 'regression';
    replaceChildren(
      el.layers,
      ...state.layers.map((layer, i) =>
        layerRow(i, layer, {
          change: (index, next: LayerState) => this.update((s) => (s.layers[index] = next), 'model'),
          remove: (index) => this.update((s) => s.layers.splice(index, 1), 'model'),
          error: (message) => this.showLayersError(message),
        }),
      ),
      state.layers.length === 0
        ? h('p', {
            class: 'hint no-hidden',
            text: noHiddenLayerNote(state.task, features === 2 ? state.features : [], featureLabel),
          })
        : null,
      outputRow(output, state.output ? 'from the preset' : regression ? 'the predicted y' : classes <= 2 ? 'P(class 1)' : 'one per class'),
    );
    el.addLayer.disabled = state.layers.length >= LIMITS.layers.max;
    el.addLayer.title = el.addLayer.disabled ? `At most ${LIMITS.layers.max} hidden layers` : 'Add a hidden layer';
    try {
      const spec = specFromState(state, features, classes);
      el.paramCount.textContent = `${summary(spec).totalParams} trainable parameters`;
      this.showLayersError(null);
    } catch (error) {
      el.paramCount.textContent = '';
      this.showLayersError(`The model is not valid: ${messageOf(error)}`);
    }
    const column = this.inputColumn();
    const signature = JSON.stringify([features, column.names, state.layers, output]);
    if (signature !== this.modelSignature) {
      this.modelSignature = signature;
      this.weightEditor.close();
      this.network.setModel(column.names, [...state.layers, output]);
      this.setInputGrid();
      this.selectUnit(null);
    }
    el.optimizer.value = state.optimizer;
    el.lr.value = String(state.learningRate);
    el.reg.value = state.regularization;
    el.regRate.value = String(state.regularizationRate);
    el.regRate.disabled = state.regularization === 'none';
    el.batch.value = String(state.batchSize);
    const open = !Number.isFinite(state.epochs);
    el.epochs.value = String(open ? this.finiteEpochs : state.epochs);
    el.epochs.disabled = open;
    el.epochsOpen.checked = open;
    el.momentum.value = String(state.momentum);
    el.decay.value = String(state.decay);
    el.seed.value = String(state.seed);
    el.stop.value = String(state.stopAtAccuracy);
    // Accuracy is a classifier's: a regression has no stop-at-accuracy.
    (el.stop.closest('.field') as HTMLElement | null)?.toggleAttribute('hidden', state.task === 'regression');
    el.loss.value = state.loss;
    const lossOption = el.loss.querySelector<HTMLOptionElement>('option[value="auto"]');
    if (lossOption) lossOption.textContent = `auto · ${lossLabel(state.task === 'regression' ? 'meanSquaredError' : mlpLoss(output))}`;
    for (const field of document.querySelectorAll<HTMLElement>('.sgd-only')) field.hidden = state.optimizer !== 'sgd';
    el.presetSelect.value = state.preset;
    this.renderBackends();
    this.renderLegend();
    this.renderStats();
  }

  private renderStats(): void {
    const { el } = this;
    const logs = this.lastLogs;
    const epoch = logs?.epoch ?? 0;
    const target = this.phase === 'done' ? epoch : Math.max(epoch, this.runTarget());
    // After a weight edit: the edited network's numbers (Keras's evaluate), until the next epoch.
    const shown = this.editedLogs ?? logs;
    this.setText(el.epoch, String(epoch));
    this.setText(el.epochTotal, Number.isFinite(target) ? `/ ${target}` : '/ ∞');
    // Regression: the mean absolute error where a classifier shows its accuracy.
    const regression = this.data?.task === 'regression';
    this.setText(el.trainMetricLabel, regression ? 'Train MAE' : 'Train acc.');
    this.setText(el.valMetricLabel, regression ? 'Val MAE' : 'Val acc.');
    this.setText(el.trainAccuracy, fmt(regression ? shown?.mae : shown?.accuracy));
    this.setText(el.valAccuracy, fmt(regression ? shown?.val_mae : shown?.val_accuracy));
    this.setText(el.trainLoss, fmt(shown?.loss));
    this.setText(el.valLoss, fmt(shown?.val_loss));
    const backend = this.runBackend || (this.state.backend === 'auto' ? this.autoBackend() : this.state.backend);
    const batch = this.batchProgress && this.batchProgress.epoch > epoch ? this.batchProgress : null;
    const perEpoch = logs ? (logs.elapsedMs < 10 ? logs.elapsedMs.toFixed(2) : logs.elapsedMs.toFixed(0)) : '';
    const edited = this.editedLogs ? ' · numbers of the edited weights' : '';
    const status =
      this.dataClient.busy && this.startWhenReady
        ? 'Waiting for the data…'
        : this.phase === 'empty'
          ? this.dataClient.busy
            ? 'Preparing the data…'
            : this.data
              ? this.backends
                ? 'Not ready: see the notice above'
                : 'Loading the training engine…'
              : 'No data'
          : this.phase === 'preparing'
            ? `Initialising on ${backend}…`
            : this.phase === 'ready'
              ? `Ready · ${backend}${edited}`
              : this.phase === 'starting'
                ? `Starting on ${backend}…`
                : this.phase === 'running'
                  ? `Training on ${backend}${batch ? ` · ${batch.text}` : logs ? ` · ${perEpoch} ms/epoch` : ''}`
                  : this.phase === 'paused'
                    ? this.divergence
                      ? `Paused at epoch ${epoch}: training diverged (${this.divergence.reason})`
                      : `Paused at epoch ${epoch}${edited}`
                    : `Done: ${epoch} epochs in ${formatSeconds(this.metrics?.trainMs ?? 0)} of training on ${backend}${edited}`;
    // The status line changes every epoch (ms/epoch): 4 updates a second are plenty to read it.
    const t = performance.now();
    if (this.phase !== 'running' || t - this.lastStatus >= 250 || !this.shown.has(el.runStatus)) {
      this.lastStatus = t;
      this.setText(el.runStatus, status);
      el.runStatus.title = status;
    }
    // An open-ended run has no end to progress towards: the bar shows a dashed line instead.
    const open = !Number.isFinite(target);
    el.runProgress.classList.toggle('open', open && (this.phase === 'running' || this.phase === 'paused'));
    const progress = open ? -1 : target > 0 ? Math.min(1, (epoch + (batch?.fraction ?? 0)) / target) : 0;
    if (progress !== this.progress) {
      this.progress = progress;
      // The bar by transform (no layout); the value for assistive tech, in % (3 significant digits).
      el.runProgressBar.style.transform = `scaleX(${Math.max(0, progress).toFixed(4)})`;
      if (open) el.runProgress.removeAttribute('aria-valuenow');
      else el.runProgress.setAttribute('aria-valuenow', String(Number((progress * 100).toPrecision(3))));
    }
  }

  /** Epochs the current run is heading for. */
  private runTarget(): number {
    return this.runBase + this.state.epochs;
  }

  private renderResults(): void {
    const { el, metrics } = this;
    el.runChanges.hidden = this.runChanges.length === 0;
    el.runChanges.textContent = this.runChanges.length ? `Changed during this run: ${this.runChanges.join('; ')}.` : '';
    if (!metrics) {
      const text = resultsText(this.state.task);
      replaceChildren(el.report, h('p', { class: 'placeholder', text: text.reportPlaceholder }));
      replaceChildren(el.confusion, h('p', { class: 'placeholder', text: text.plotPlaceholder }));
      el.reportHeading.textContent = text.report;
      el.plotHeading.textContent = text.plot;
      el.converged.hidden = true;
      el.tutorialNote.hidden = true;
      this.boundary.setMistakes(null);
      return;
    }
    const on = metrics.evaluatedOn === 'train' ? 'training data' : metrics.evaluatedOn === 'test' ? 'fresh test data' : 'validation data';
    if (metrics.task === 'regression') {
      // A numeric target: R², MAE and friends (scikit-learn's names), predicted against actual.
      el.tutorialNote.hidden = true;
      // R² < 0: the network predicts nearly a constant (e.g. friedman1's targets around 14 after 100 epochs): say what helps.
      const hint = lowR2Hint(metrics.r2, metrics.epochs, this.state.learningRate);
      el.converged.hidden = hint === null;
      el.converged.classList.toggle('miss', hint !== null);
      el.converged.textContent = hint ?? '';
      el.reportHeading.textContent = resultsText('regression', on).report;
      el.plotHeading.textContent = resultsText('regression', on).plot;
      replaceChildren(
        el.report,
        regressionTable(metrics),
        h('p', { class: 'report-caption', text: `${metrics.yTrue.length} rows · R² ${metrics.r2.toFixed(4)} · MAE ${metrics.mae.toFixed(4)} · ${metrics.epochs} epochs on ${metrics.backend}` }),
      );
      el.confusion.innerHTML = predictedVsActualSvg(metrics.yTrue, metrics.yPred, `Predicted vs actual (${on})`);
      return;
    }
    this.renderTutorialNote(metrics);
    el.reportHeading.textContent = resultsText('classification', on).report;
    el.plotHeading.textContent = resultsText('classification', on).plot;
    replaceChildren(
      el.report,
      reportTable(metrics.report),
      h('p', { class: 'report-caption', text: `${metrics.yTrue.length} rows · accuracy ${metrics.accuracy.toFixed(4)} · ${metrics.epochs} epochs on ${metrics.backend}` }),
    );
    el.confusion.innerHTML = confusionSvg(metrics.confusionMatrix, this.data?.classNames ?? metrics.report.classes.map((c) => c.label), `Confusion matrix (${on})`);
    if (this.state.stopAtAccuracy > 0) {
      const target = `${Math.round(this.state.stopAtAccuracy * 100)}%`;
      const at = metrics.epochsTo100 ?? (this.lastLogs && (this.lastLogs.accuracy ?? 0) >= this.state.stopAtAccuracy ? this.lastLogs.epoch : null);
      el.converged.hidden = false;
      el.converged.classList.toggle('miss', at === null || at === undefined);
      el.converged.textContent =
        at !== null && at !== undefined
          ? `Converged at epoch ${at}: training accuracy reached ${target}. The tutorial's point: this epoch moves with the random init — press New seed and train again.`
          : `Not converged: training accuracy did not reach ${target} in ${metrics.epochs} epochs.`;
    } else {
      el.converged.hidden = true;
    }
  }

  /** For a run of an unchanged experiment: what the tutorial reported, and whether we agree. */
  private renderTutorialNote(metrics: MetricsJson): void {
    const note = this.el.tutorialNote;
    const def = metrics.experiment ? findExperiment(metrics.experiment) : undefined;
    if (!def) {
      note.hidden = true;
      return;
    }
    const verdict = judgeExperiment(def, [{ seed: metrics.seed, metrics }]);
    const known = KNOWN_DIFFERENCES[def.id];
    replaceChildren(
      note,
      h('strong', { text: `Tutorial ${def.tutorial} reported: ` }),
      def.reported.text,
      h('br'),
      h('strong', { text: 'This run: ' }),
      `${verdict.measuredText} — `,
      h('span', { class: `verdict ${verdict.agrees ? 'ok' : 'bad'}`, text: verdict.agrees ? 'agrees ✓' : 'differs ✗' }),
      h('span', { class: 'hint-inline', text: ` (${verdict.tolerance}; seed ${metrics.seed}, as \`mlpkit experiments run ${def.id} --seed ${metrics.seed}\`)` }),
      !verdict.agrees && known ? h('p', { class: 'known-difference', text: known }) : null,
    );
    note.hidden = false;
  }

  // ---------------------------------------------------------------- notices, names

  private renderNotices(): void {
    const { error } = this.el;
    const lines: HTMLElement[] = [];
    if (this.linkWarnings.length > 0) {
      // Only what was actually reset or ignored is listed here; a preset with changes is a note below.
      lines.push(
        h('p', { class: 'message', text: `Some settings in the link could not be used: each was reset to its default or ignored (${this.linkWarnings.length}):` }),
        h('ul', {}, ...this.linkWarnings.map((w) => h('li', { text: w }))),
      );
    }
    for (const note of this.linkNotes) lines.push(h('p', { class: 'message note-line', text: note }));
    for (const e of this.errors) lines.push(h('p', { class: 'message', text: e }));
    if (lines.length === 0) {
      error.hidden = true;
      error.replaceChildren();
      return;
    }
    replaceChildren(
      error,
      h('div', { class: 'messages' }, ...lines),
      h('button', { type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss', text: '×', onclick: () => this.dismissNotices() }),
    );
    // Only notes: an information banner, not an error.
    error.classList.toggle('info', this.linkWarnings.length === 0 && this.errors.length === 0);
    error.hidden = false;
  }

  private showError(message: string): void {
    this.errors = [message];
    this.renderNotices();
  }

  private clearErrors(): void {
    this.errors = [];
    this.renderNotices();
  }

  private dismissNotices(): void {
    this.errors = [];
    this.linkWarnings = [];
    this.linkNotes = [];
    this.renderNotices();
  }

  private toastTimer = 0;

  /** A short message at the bottom of the screen, where the user is (announced politely). */
  /** The shown toast says a run was reset: it no longer applies once a new run starts or finishes. */
  private toastAboutReset = false;

  private toast(message: string, aboutReset = false): void {
    const { toast } = this.el;
    this.toastAboutReset = aboutReset;
    toast.textContent = message;
    toast.classList.add('visible');
    clearTimeout(this.toastTimer);
    this.toastTimer = window.setTimeout(() => toast.classList.remove('visible'), 6000);
  }

  private fileStem(): string {
    const base = this.state.preset || `${this.state.dataset}-${this.state.layers.map((l) => `${l.units}${l.activation}`).join('-') || 'linear'}`;
    return `mlpkit-${base}`.replace(/[^a-zA-Z0-9_-]+/g, '-');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The names of the colours classes 2, 3, … get, in words (plot's palette after red and blue). */
function describeExtraColours(classes: number): string {
  const names = ['orange', 'teal', 'green', 'yellow', 'purple', 'pink', 'brown', 'grey'];
  const shown = Math.min(classes - 2, classColors.length - 2, names.length);
  return `their own colours (${names.slice(0, shown).join(', ')}${classes - 2 > shown ? ', …' : ''})`;
}

function fmtRange(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function validationMode(state: AppState): 'holdout' | 'fresh' | 'train' {
  return state.validation === 'fresh' ? 'fresh' : state.validation === 0 ? 'train' : 'holdout';
}

/** Training share in % (the slider) → held-out fraction, without float noise (80 → 0.2). */
function holdoutOf(trainingPercent: number): number {
  return Math.round(100 - trainingPercent) / 100;
}

/** What a live change changed, in words, for the toast and the report. */
export function describeChange(before: AppState, after: AppState, what: 'model' | 'fit' | 'backend'): string {
  const parts: string[] = [];
  const diff = (label: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) parts.push(`${label} ${String(a)} → ${String(b)}`);
  };
  diff('learning rate', before.learningRate, after.learningRate);
  diff('regularization', before.regularization, after.regularization);
  if (after.regularization !== 'none') diff('regularization rate', before.regularizationRate, after.regularizationRate);
  diff('optimizer', before.optimizer, after.optimizer);
  diff('momentum', before.momentum, after.momentum);
  diff('decay', before.decay, after.decay);
  diff('loss', before.loss, after.loss);
  diff('activations', before.layers.map((l) => l.activation).join(','), after.layers.map((l) => l.activation).join(','));
  diff('batch size', before.batchSize, after.batchSize);
  diff('epochs', formatEpochCount(before.epochs), formatEpochCount(after.epochs));
  diff('stop at accuracy', before.stopAtAccuracy, after.stopAtAccuracy);
  diff('backend', before.backend, after.backend);
  return parts.join(', ') || `${what} settings changed`;
}

function formatEpochCount(epochs: number): string {
  return Number.isFinite(epochs) ? String(epochs) : '∞ (until paused)';
}
