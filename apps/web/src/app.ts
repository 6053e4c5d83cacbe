/**
 * The playground controller: holds the state, keeps the URL in sync, renders the controls and
 * wires them to the two workers (data generation, training). Everything numeric is done by the
 * @mlpkit packages, off the page's thread; the page only draws, at most once per frame.
 */
import { CsvError, listDatasets, parseCsv, type Dataset, type DatasetEntry } from '@mlpkit/datasets';
import { judgeExperiment, mlpLoss, type MetricsJson } from '@mlpkit/experiments';
import { checkSpecAgainstData, LOSSES, OPTIMIZERS, summary, type LossName, type ModelSpec, type OptimizerName } from '@mlpkit/models';
import { probabilityColor } from '@mlpkit/plot';
import type { EpochLogs } from '@mlpkit/train';
import type { PreparedData } from './data.js';
import { DataClient } from './data/client.js';
import { downloadBlob, downloadModel } from './download.js';
import { findExperiment, KNOWN_DIFFERENCES, presetOptions, stateFromExperiment, stateFromLink } from './presets.js';
import { outputOf, sameShapes, specFromState } from './spec.js';
import {
  checkNumber,
  cloneState,
  defaultParams,
  DEFAULT_STATE,
  LIMITS,
  NUMBER_FIELDS,
  REGULARIZATIONS,
  stateToQuery,
  WEB_PARAM_LIMITS,
  type AppState,
  type LayerState,
  type NumberFieldName,
  type Regularization,
} from './state.js';
import { TrainingClient, type WorkerEvent } from './training/client.js';
import { MAX_SHOWN_UNITS, type BackendStatus, type FitSettings } from './training/protocol.js';
import { BoundaryView } from './ui/boundary.js';
import { CurvesView } from './ui/charts.js';
import { fieldError, layerRow, outputRow, paramControl } from './ui/controls.js';
import { byId, fmt, h, replaceChildren, setOptions } from './ui/dom.js';
import { NetworkView, type UnitRef } from './ui/network.js';
import { classColor } from './ui/palette.js';
import { confusionSvg, reportTable } from './ui/results.js';
import { WeightEditor } from './ui/weights.js';

/** Where the run is: see setPhase for what each allows. */
type Phase = 'empty' | 'preparing' | 'ready' | 'starting' | 'running' | 'paused' | 'done';

/** Where an uploaded CSV is kept, so a reload (the URL says dataset=csv) finds it again. */
const CSV_STORAGE_KEY = 'mlpkit-playground.csv';
const REPAINT_MS = 50;
const CHART_MS = 250;
const STATS_MS = 100;
const EDITOR_MS = 250;
const MAX_CSV_ROWS = WEB_PARAM_LIMITS.samples!.max;

const LOSS_LABELS: Record<LossName, string> = {
  binaryCrossentropy: 'binary cross-entropy',
  categoricalCrossentropy: 'categorical cross-entropy',
  sparseCategoricalCrossentropy: 'sparse categorical CE',
  meanSquaredError: 'mean squared error',
};

const REG_LABELS: Record<Regularization, string> = { none: 'none', l1: 'L1', l2: 'L2' };

interface PendingGrid {
  probs: Float32Array;
  width: number;
  weights: Float32Array[];
  heat: Float32Array;
}

export class Playground {
  private state: AppState;
  private readonly datasets: DatasetEntry[] = listDatasets();
  private uploaded: { dataset: Dataset; fileName: string } | null = null;
  private data: PreparedData | null = null;
  private dataError: string | null = null;
  private backends: BackendStatus[] | null = null;
  /** The link's problems (and the backend check), shown together in one notice. */
  private linkWarnings: string[];
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
  private batchProgress: { epoch: number; fraction: number; text: string } | null = null;
  private pendingGrid: PendingGrid | null = null;
  /** The latest weights and heatmaps of the run. */
  private weights: Float32Array[] | null = null;
  private metrics: MetricsJson | null = null;
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
    confusion: byId('confusion-matrix'),
    downloadModel: byId<HTMLButtonElement>('download-model'),
    downloadReport: byId<HTMLButtonElement>('download-report'),
    copyLink: byId<HTMLButtonElement>('copy-link'),
  };

  constructor() {
    const { state, warnings } = this.readUrl();
    this.state = state;
    this.linkWarnings = warnings;
    this.dataClient = new DataClient({
      progress: (stage, fraction) => this.onDataProgress(stage, fraction),
      data: (data) => this.onData(data),
      error: (message) => this.onDataError(message),
    });
    this.network = new NetworkView(byId('network-diagram'), MAX_SHOWN_UNITS, {
      focusUnit: (ref) => this.setFocusUnit(ref),
      editUnit: (ref, from) => this.openWeightEditor(ref, from),
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
  }

  // ---------------------------------------------------------------- URL state

  private readUrl(): { state: AppState; warnings: string[] } {
    const parsed = stateFromLink(window.location.search, this.datasets);
    const state = parsed.state;
    const warnings = [...parsed.warnings];
    if (state.dataset === 'csv') {
      const stored = this.loadStoredCsv();
      if (stored) this.uploaded = stored;
      else {
        warnings.push('dataset=csv: the uploaded CSV is not stored in this browser any more; upload it again');
        state.dataset = DEFAULT_STATE.dataset;
        state.datasetParams = defaultParams(this.datasets.find((d) => d.name === state.dataset));
      }
    }
    return { state, warnings };
  }

  private writeUrl(): void {
    window.history.replaceState(null, '', `${window.location.pathname}?${stateToQuery(this.state)}`);
  }

  private loadStoredCsv(): { dataset: Dataset; fileName: string } | null {
    try {
      const raw = window.localStorage.getItem(CSV_STORAGE_KEY);
      if (!raw) return null;
      const { fileName, text } = JSON.parse(raw) as { fileName: string; text: string };
      return { dataset: parseCsv(text, { name: fileName }), fileName };
    } catch {
      return null;
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
      if (this.trainedEpochs > 0) this.toast('The run was reset: the data changed.');
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
    if (this.trainedEpochs > 0) this.toast("The run was reset: the network's shape changed, so its weights no longer fit.");
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
   * A preset's explicit output layer (e.g. xor-gauss's 2 softmax units) that cannot represent
   * the new data's classes goes back to the automatic one.
   */
  private fitOutputToData(): void {
    const { data, state } = this;
    if (!data || !state.output) return;
    try {
      checkSpecAgainstData(specFromState(state, data.train.features, data.classes), data.train);
    } catch {
      state.output = null;
      state.loss = 'auto';
      this.writeUrl();
    }
  }

  private validSpec(data: PreparedData): ModelSpec {
    const spec = specFromState(this.state, data.train.features, data.classes);
    checkSpecAgainstData(spec, { features: data.train.features, classes: data.classes });
    return spec;
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
      const next = stateFromExperiment(def, this.state);
      this.update((s) => Object.assign(s, next), 'data', true);
    });

    el.datasetSelect.addEventListener('change', () => {
      const name = el.datasetSelect.value;
      this.update((s) => {
        s.dataset = name;
        s.datasetParams = name === 'csv' ? {} : defaultParams(this.datasets.find((d) => d.name === name));
        if (name === 'csv' && s.validation === 'fresh') s.validation = DEFAULT_STATE.validation;
      }, 'data');
    });
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
    el.csvUpload.addEventListener('change', () => void this.onCsvChosen());

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
    setOptions(
      el.loss,
      [{ value: 'auto', label: 'auto' }, ...LOSSES.map((l) => ({ value: l, label: LOSS_LABELS[l] }))],
      this.state.loss,
    );
    el.loss.addEventListener('change', () => this.update((s) => (s.loss = el.loss.value as LossName | 'auto'), 'model'));
    setOptions(el.reg, REGULARIZATIONS.map((r) => ({ value: r, label: REG_LABELS[r] })), this.state.regularization);
    el.reg.addEventListener('change', () => this.update((s) => (s.regularization = el.reg.value as Regularization), 'model'));
    this.bindNumber(el.lr, 'learningRate', (s, v) => (s.learningRate = v), 'model');
    this.bindNumber(el.regRate, 'regularizationRate', (s, v) => (s.regularizationRate = v), 'model');
    this.bindNumber(el.batch, 'batchSize', (s, v) => (s.batchSize = v), 'fit');
    this.bindNumber(el.epochs, 'epochs', (s, v) => (s.epochs = v), 'fit');
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
      if (target && (/^(INPUT|SELECT|TEXTAREA|BUTTON|SUMMARY|A)$/.test(target.tagName) || target.isContentEditable)) return;
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
    let dataset: Dataset;
    try {
      dataset = parseCsv(text, { name: file.name.replace(/\.[^.]*$/, '') || 'csv' });
      if (dataset.features !== 2) {
        throw new CsvError(`the playground draws 2-D data: ${file.name} has ${dataset.features} feature columns besides the label, it needs exactly 2`);
      }
      if (dataset.y.length > MAX_CSV_ROWS) {
        throw new CsvError(`${dataset.y.length.toLocaleString('en-US')} rows; the playground takes at most ${MAX_CSV_ROWS.toLocaleString('en-US')} (it trains in your browser)`);
      }
    } catch (error) {
      this.showError(`Could not use ${file.name}: ${messageOf(error)}`);
      this.el.csvStatus.textContent = '';
      return;
    }
    this.uploaded = { dataset, fileName: file.name };
    try {
      window.localStorage.setItem(CSV_STORAGE_KEY, JSON.stringify({ fileName: file.name, text }));
    } catch {
      // Too big for localStorage: the upload works, a reload will ask for the file again.
    }
    this.clearErrors();
    this.update((s) => {
      s.dataset = 'csv';
      s.datasetParams = {};
      if (s.validation === 'fresh') s.validation = DEFAULT_STATE.validation;
    }, 'data');
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
      this.showLayersError(`The model is not valid: ${messageOf(error)}`);
      this.setPhase('empty');
      return;
    }
    if (!this.backendUsable()) {
      this.showError(`The ${this.state.backend} backend is not available in this browser; pick another one.`);
      this.setPhase('empty');
      return;
    }
    const plain = (d: Dataset) => ({
      name: d.name,
      x: d.x,
      y: d.y,
      features: d.features,
      classes: d.classes,
      ...(d.classNames ? { classNames: d.classNames } : {}),
    });
    this.runSpec = spec;
    this.runChanges = [];
    this.runBase = 0;
    this.client.start({
      spec,
      backend: this.state.backend,
      seed: this.state.seed,
      train: plain(data.train),
      ...(data.validation ? { validation: plain(data.validation) } : {}),
      evaluatedOn: data.evaluatedOn,
      classNames: data.classNames,
      experiment: this.runExperiment(),
      trainInfo: data.trainInfo,
      ...(data.evaluationInfo ? { evaluationInfo: data.evaluationInfo } : {}),
      grid: { nx: data.grid.nx, ny: data.grid.ny, bounds: data.grid.bounds, x: data.grid.x },
      heatGrid: { nx: data.heatGrid.nx, ny: data.heatGrid.ny, x: data.heatGrid.x },
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
    this.curves.reset(this.data?.evaluatedOn === 'test' ? 'test' : 'validation');
    this.lastLogs = null;
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
        this.curves.push(event.logs);
        this.batchProgress = null;
        this.scheduleFrame();
        return;
      }
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
          this.toast(`${capitalize(this.lastChange)}: ${when} from epoch ${event.epoch} with the current weights${state}.`);
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
        this.boundary.setMistakes(this.mistakePoints());
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
      if (this.focusRef) this.boundary.setFocus(this.network.heatOf(this.focusRef));
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
    el.runStatus.className = `run-status ${busy ? 'running' : phase === 'done' ? 'done' : ''}`;
    this.renderStats();
    // Screen readers hear the phase changes, not every tick of the status line.
    const announce = phase === 'running' ? 'Training' : phase === 'paused' || phase === 'done' || phase === 'ready' ? el.runStatus.textContent ?? '' : '';
    if (announce && announce !== this.announced) {
      this.announced = announce;
      el.runAnnounce.textContent = announce;
    }
  }

  private setFocusUnit(ref: UnitRef | null): void {
    this.focusRef = ref;
    const heat = ref ? this.network.heatOf(ref) : null;
    this.boundary.setFocus(heat);
    const label = this.el.focusLabel;
    if (ref && heat) {
      label.textContent = `${this.unitTitle(ref)}: its output over the plane (orange −, blue +)`;
      label.hidden = false;
    } else label.hidden = true;
  }

  private unitTitle(ref: UnitRef): string {
    const layers = this.runSpec?.layers.length ?? this.state.layers.length + 1;
    if (ref.layer < 0) return `Input ${this.data?.train.featureNames?.[ref.unit] ?? `x${ref.unit}`}`;
    return ref.layer === layers - 1 ? `Output unit ${ref.unit + 1}` : `Hidden ${ref.layer + 1} · unit ${ref.unit + 1}`;
  }

  private openWeightEditor(ref: UnitRef, from?: number): void {
    const data = this.data;
    if (!data || ref.layer < 0) return;
    const classes = data.classes;
    const sizes = [data.train.features, ...this.state.layers.map((l) => l.units), outputOf(this.state, classes).units];
    const inputs = Array.from({ length: sizes[ref.layer]! }, (_, i) =>
      ref.layer === 0 ? (data.train.featureNames?.[i] ?? `x${i}`) : `h${ref.layer}.${i + 1}`,
    );
    this.weightEditor.show({ layer: ref.layer, unit: ref.unit, title: this.unitTitle(ref), inputs, units: sizes[ref.layer + 1]! }, this.weights, from);
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
  }

  private renderDataControls(): void {
    const { el, state } = this;
    const options = this.datasets.map((d) => ({ value: d.name, label: d.title }));
    if (this.uploaded) options.push({ value: 'csv', label: `Your CSV: ${this.uploaded.fileName}` });
    setOptions(el.datasetSelect, options, state.dataset);
    const entry = this.datasets.find((d) => d.name === state.dataset);
    el.datasetDescription.textContent = entry ? entry.description : this.uploaded ? `Uploaded from ${this.uploaded.fileName}.` : '';
    replaceChildren(
      el.datasetParams,
      ...(entry?.params ?? []).map((spec) =>
        paramControl(spec, state.datasetParams[spec.name] ?? spec.default, (value) => {
          this.update((s) => (s.datasetParams[spec.name] = value), 'data');
        }),
      ),
    );
    el.regenerate.disabled = !(entry && typeof state.datasetParams.seed === 'number');
    el.validation.value = validationMode(state);
    const fresh = el.validation.querySelector<HTMLOptionElement>('option[value="fresh"]');
    if (fresh) fresh.disabled = state.dataset === 'csv';
    const share = Math.round((1 - (typeof state.validation === 'number' && state.validation > 0 ? state.validation : 0.2)) * 100);
    el.holdout.value = String(share);
    el.holdoutOutput.textContent = `${share}%`;
    el.holdoutField.hidden = validationMode(state) !== 'holdout';
    el.csvStatus.textContent = this.uploaded ? `Loaded ${this.uploaded.fileName}: ${this.uploaded.dataset.y.length} rows, ${this.uploaded.dataset.classes} classes.` : '';
  }

  private renderData(): void {
    const { el, data } = this;
    this.renderDataControls();
    if (data) {
      const parts = [`${data.all.y.length} points`, `${data.classes} classes`, `${data.train.y.length} train`];
      if (data.validation) parts.push(`${data.validation.y.length} ${data.evaluatedOn === 'test' ? 'test' : 'validation'}`);
      el.datasetStats.textContent = parts.join(' · ');
      el.dataNote.textContent = data.note ?? '';
      el.dataNote.hidden = !data.note;
      this.boundary.setData(data.grid, data.train, data.validation);
      this.network.setInputGrid({ ...data.heatGrid, features: 2 });
      this.curves.reset(data.evaluatedOn === 'test' ? 'test' : 'validation');
    } else {
      el.datasetStats.textContent = '';
      el.dataNote.hidden = true;
    }
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
    this.boundary.setView({ showTest: state.showTest, discretize: state.discretize });
    this.renderLegend();
  }

  /** x/y of the evaluated points the trained model misclassifies. */
  private mistakePoints(): Float32Array | null {
    const { metrics, data } = this;
    if (!metrics || !data) return null;
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
    replaceChildren(this.el.legend, ...items);
    const discrete = this.state.discretize;
    this.el.boundaryExplain.textContent = binary
      ? discrete
        ? `Discretized: each point of the plane has the colour of the class the network predicts there (class ${data.classNames[1] ?? '1'} where P > 0.5).`
        : `The background is the model's probability of class ${data.classNames[1] ?? '1'} at each point of the plane: the decision boundary is where red turns blue (P = 0.5). It repaints as the network trains.`
      : discrete
        ? 'Discretized: each point of the plane has the colour of the class the network predicts there.'
        : 'The background colours each point of the plane by the class the network predicts there, paler where it is less sure. It repaints as the network trains.';
  }

  private showLayersError(message: string | null): void {
    this.el.layersError.textContent = message ?? '';
    this.el.layersError.hidden = !message;
  }

  private renderModel(): void {
    const { el, state } = this;
    const classes = this.data?.classes ?? 2;
    const features = this.data?.train.features ?? 2;
    const output = outputOf(state, classes);
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
        ? h('p', { class: 'hint no-hidden', text: 'No hidden layer: this is logistic regression, so class boundaries are straight lines. Add a layer to bend them.' })
        : null,
      outputRow(output, state.output ? 'from the preset' : classes <= 2 ? 'P(class 1)' : 'one per class'),
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
    const signature = JSON.stringify([features, state.layers, output]);
    if (signature !== this.modelSignature) {
      this.modelSignature = signature;
      this.weightEditor.close();
      const names = this.data?.train.featureNames ?? Array.from({ length: features }, (_, i) => `x${i}`);
      this.network.setModel(names, [...state.layers, output]);
      if (this.data) this.network.setInputGrid({ ...this.data.heatGrid, features: 2 });
    }
    el.optimizer.value = state.optimizer;
    el.lr.value = String(state.learningRate);
    el.reg.value = state.regularization;
    el.regRate.value = String(state.regularizationRate);
    el.regRate.disabled = state.regularization === 'none';
    el.batch.value = String(state.batchSize);
    el.epochs.value = String(state.epochs);
    el.momentum.value = String(state.momentum);
    el.decay.value = String(state.decay);
    el.seed.value = String(state.seed);
    el.stop.value = String(state.stopAtAccuracy);
    el.loss.value = state.loss;
    const lossOption = el.loss.querySelector<HTMLOptionElement>('option[value="auto"]');
    if (lossOption) lossOption.textContent = `auto · ${LOSS_LABELS[mlpLoss(output)]}`;
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
    this.setText(el.epoch, String(epoch));
    this.setText(el.epochTotal, `/ ${target}`);
    this.setText(el.trainAccuracy, fmt(logs?.accuracy));
    this.setText(el.valAccuracy, fmt(logs?.val_accuracy));
    this.setText(el.trainLoss, fmt(logs?.loss));
    this.setText(el.valLoss, fmt(logs?.val_loss));
    const backend = this.runBackend || (this.state.backend === 'auto' ? this.autoBackend() : this.state.backend);
    const elapsed = (performance.now() - this.runStarted) / 1000;
    const batch = this.batchProgress && this.batchProgress.epoch > epoch ? this.batchProgress : null;
    const perEpoch = logs ? (logs.elapsedMs < 10 ? logs.elapsedMs.toFixed(2) : logs.elapsedMs.toFixed(0)) : '';
    const status =
      this.dataClient.busy && this.startWhenReady
        ? 'Waiting for the data…'
        : this.phase === 'empty'
          ? this.dataClient.busy
            ? 'Preparing the data…'
            : this.data
              ? 'Not ready'
              : 'No data'
          : this.phase === 'preparing'
            ? `Initialising on ${backend}…`
            : this.phase === 'ready'
              ? `Ready · ${backend}`
              : this.phase === 'starting'
                ? `Starting on ${backend}…`
                : this.phase === 'running'
                  ? `Training on ${backend}${batch ? ` · ${batch.text}` : logs ? ` · ${perEpoch} ms/epoch` : ''}`
                  : this.phase === 'paused'
                    ? `Paused at epoch ${epoch}`
                    : `Done: ${epoch} epochs in ${elapsed.toFixed(2)} s on ${backend}`;
    // The status line changes every epoch (ms/epoch): 4 updates a second are plenty to read it.
    const t = performance.now();
    if (this.phase !== 'running' || t - this.lastStatus >= 250 || !this.shown.has(el.runStatus)) {
      this.lastStatus = t;
      this.setText(el.runStatus, status);
    }
    const progress = target > 0 ? Math.min(1, (epoch + (batch?.fraction ?? 0)) / target) : 0;
    if (progress !== this.progress) {
      this.progress = progress;
      // The bar by transform (no layout); the value for assistive tech, in % (3 significant digits).
      el.runProgressBar.style.transform = `scaleX(${progress.toFixed(4)})`;
      el.runProgress.setAttribute('aria-valuenow', String(Number((progress * 100).toPrecision(3))));
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
      el.report.innerHTML = '<p class="placeholder">Train the model to see precision, recall and F1 per class.</p>';
      el.confusion.innerHTML = '<p class="placeholder">Rows are true classes, columns predicted ones.</p>';
      el.reportHeading.textContent = 'Classification report';
      el.converged.hidden = true;
      el.tutorialNote.hidden = true;
      this.boundary.setMistakes(null);
      return;
    }
    this.renderTutorialNote(metrics);
    const on = metrics.evaluatedOn === 'train' ? 'training data' : metrics.evaluatedOn === 'test' ? 'fresh test data' : 'validation data';
    el.reportHeading.textContent = `Classification report · ${on}`;
    replaceChildren(
      el.report,
      reportTable(metrics.report),
      h('p', { class: 'report-caption', text: `${metrics.yTrue.length} rows · accuracy ${metrics.accuracy.toFixed(4)} · ${metrics.epochs} epochs on ${metrics.backend}` }),
    );
    el.confusion.innerHTML = confusionSvg(metrics.confusionMatrix, this.data?.classNames ?? metrics.report.classes.map((c) => c.label), `Confusion matrix (${on})`);
    if (this.state.stopAtAccuracy > 0) {
      const target = `${Math.round(this.state.stopAtAccuracy * 100)}%`;
      const at = metrics.epochsTo100 ?? (this.lastLogs && this.lastLogs.accuracy >= this.state.stopAtAccuracy ? this.lastLogs.epoch : null);
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
      lines.push(
        h('p', { class: 'message', text: `Some settings in the link were invalid and were reset to their defaults (${this.linkWarnings.length}):` }),
        h('ul', {}, ...this.linkWarnings.map((w) => h('li', { text: w }))),
      );
    }
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
    this.renderNotices();
  }

  private toastTimer = 0;

  /** A short message at the bottom of the screen, where the user is (announced politely). */
  private toast(message: string): void {
    const { toast } = this.el;
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

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
  diff('epochs', before.epochs, after.epochs);
  diff('stop at accuracy', before.stopAtAccuracy, after.stopAtAccuracy);
  diff('backend', before.backend, after.backend);
  return parts.join(', ') || `${what} settings changed`;
}
