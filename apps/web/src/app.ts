/**
 * The playground controller: holds the state, keeps the URL in sync, renders the controls and
 * wires them to the training worker. Everything numeric is done by the @mlpkit packages.
 */
import { CsvError, listDatasets, parseCsv, type Dataset, type DatasetEntry } from '@mlpkit/datasets';
import { judgeExperiment, mlpLoss, type MetricsJson } from '@mlpkit/experiments';
import { checkSpecAgainstData, LOSSES, OPTIMIZERS, summary, type LossName, type OptimizerName } from '@mlpkit/models';
import { classColor, historyPlot, probabilityColor } from '@mlpkit/plot';
import type { EpochLogs } from '@mlpkit/train';
import { downloadBlob, downloadModel } from './download.js';
import { prepareData, type PreparedData } from './data.js';
import { findExperiment, presetOptions, stateFromExperiment } from './presets.js';
import { outputOf, specFromState } from './spec.js';
import {
  defaultParams,
  DEFAULT_STATE,
  LIMITS,
  stateFromQuery,
  stateToQuery,
  VALIDATION_CHOICES,
  type AppState,
  type LayerState,
  type ValidationMode,
} from './state.js';
import { TrainingClient, type WorkerEvent } from './training/client.js';
import type { BackendStatus } from './training/protocol.js';
import { BoundaryView } from './ui/boundary.js';
import { layerRow, networkDiagram, outputRow, paramControl } from './ui/controls.js';
import { byId, fmt, h, replaceChildren, setOptions } from './ui/dom.js';
import { confusionSvg, reportTable } from './ui/results.js';

type Status = 'idle' | 'starting' | 'running' | 'paused' | 'done';

/** Where an uploaded CSV is kept, so a reload (the URL says dataset=csv) finds it again. */
const CSV_STORAGE_KEY = 'mlpkit-playground.csv';
const REPAINT_MS = 50;
const CHART_MS = 150;

const BACKEND_LABELS: Record<string, string> = {
  fused: 'fused (fastest)',
  webgl: 'webgl (GPU)',
  webgpu: 'webgpu (GPU)',
  wasm: 'wasm',
  cpu: 'cpu',
};

const LOSS_LABELS: Record<LossName, string> = {
  binaryCrossentropy: 'binary cross-entropy',
  categoricalCrossentropy: 'categorical cross-entropy',
  sparseCategoricalCrossentropy: 'sparse categorical CE',
  meanSquaredError: 'mean squared error',
};

interface HistorySoFar {
  loss: number[];
  accuracy: number[];
  val_loss: number[];
  val_accuracy: number[];
}

const emptyHistory = (): HistorySoFar => ({ loss: [], accuracy: [], val_loss: [], val_accuracy: [] });

export class Playground {
  private state: AppState;
  private readonly datasets: DatasetEntry[] = listDatasets();
  private uploaded: { dataset: Dataset; fileName: string } | null = null;
  private data: PreparedData | null = null;
  private backends: BackendStatus[] | null = null;
  private status: Status = 'idle';
  private history = emptyHistory();
  private lastLogs: EpochLogs | null = null;
  private pendingGrid: { probs: Float32Array; width: number; weights: Float32Array[] } | null = null;
  /** The latest weights of the run, for the network diagram. */
  private weights: Float32Array[] | null = null;
  private metrics: MetricsJson | null = null;
  private reportHtml = '';
  private runBackend = '';
  private runStarted = 0;
  /** A Step is running: the worker's next 'paused' ends it. */
  private awaitingStep = false;
  private frame = 0;
  private lastChart = 0;
  private readonly client = new TrainingClient();
  private readonly boundary = new BoundaryView(byId<HTMLCanvasElement>('boundary'));

  private readonly el = {
    presetSelect: byId<HTMLSelectElement>('preset-select'),
    datasetSelect: byId<HTMLSelectElement>('dataset-select'),
    datasetDescription: byId('dataset-description'),
    datasetParams: byId('dataset-params'),
    datasetStats: byId('dataset-stats'),
    regenerate: byId<HTMLButtonElement>('regenerate-button'),
    validation: byId<HTMLSelectElement>('validation-select'),
    csvUpload: byId<HTMLInputElement>('csv-upload'),
    csvStatus: byId('csv-status'),
    network: byId('network-diagram'),
    layers: byId('layer-list'),
    addLayer: byId<HTMLButtonElement>('add-layer-button'),
    paramCount: byId('param-count'),
    optimizer: byId<HTMLSelectElement>('optimizer-select'),
    lr: byId<HTMLInputElement>('lr-input'),
    batch: byId<HTMLInputElement>('batch-input'),
    epochs: byId<HTMLInputElement>('epochs-input'),
    momentum: byId<HTMLInputElement>('momentum-input'),
    decay: byId<HTMLInputElement>('decay-input'),
    loss: byId<HTMLSelectElement>('loss-select'),
    seed: byId<HTMLInputElement>('seed-input'),
    stop: byId<HTMLSelectElement>('stop-select'),
    backend: byId<HTMLSelectElement>('backend-select'),
    runStatus: byId('run-status'),
    train: byId<HTMLButtonElement>('train-button'),
    pause: byId<HTMLButtonElement>('pause-button'),
    step: byId<HTMLButtonElement>('step-button'),
    reset: byId<HTMLButtonElement>('reset-button'),
    epoch: byId('epoch-counter'),
    epochTotal: byId('epoch-total'),
    trainAccuracy: byId('train-accuracy'),
    valAccuracy: byId('val-accuracy'),
    trainLoss: byId('train-loss'),
    valLoss: byId('val-loss'),
    error: byId('error'),
    overlay: byId('boundary-overlay'),
    legend: byId('legend'),
    boundaryExplain: byId('boundary-explain'),
    chart: byId('loss-chart'),
    converged: byId('converged-note'),
    tutorialNote: byId('tutorial-note'),
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
    this.bindStaticControls();
    this.client.onEvent((event) => this.onWorkerEvent(event));
    this.client.init();
    this.reloadData();
    this.renderAll();
    if (warnings.length > 0) this.showError(`Some settings in the link were invalid and were replaced:\n${warnings.join('\n')}`);
    this.writeUrl();
    window.addEventListener('resize', () => this.renderChart(true));
  }

  // ---------------------------------------------------------------- URL state

  private readUrl(): { state: AppState; warnings: string[] } {
    const search = window.location.search;
    const query = new URLSearchParams(search);
    const parsed = stateFromQuery(search, this.datasets);
    let state = parsed.state;
    const warnings = [...parsed.warnings];
    // A link with only ?preset=<id> loads that experiment's whole setup.
    if (state.preset && !query.has('dataset')) {
      const def = findExperiment(state.preset);
      if (def) state = stateFromExperiment(def, state);
      else {
        warnings.push(`unknown preset "${state.preset}"`);
        state.preset = '';
      }
    }
    if (state.dataset === 'csv') {
      const stored = this.loadStoredCsv();
      if (stored) this.uploaded = stored;
      else {
        warnings.push('the uploaded CSV is not stored in this browser any more; upload it again');
        state.dataset = DEFAULT_STATE.dataset;
        state.datasetParams = defaultParams(this.datasets.find((d) => d.name === state.dataset));
      }
    }
    return { state, warnings };
  }

  private writeUrl(): void {
    const url = `${window.location.pathname}?${stateToQuery(this.state)}`;
    window.history.replaceState(null, '', url);
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

  /**
   * Applies a change. Any change to the setup stops a run (its results would not match the
   * controls any more) and leaves the experiment preset unless `keepPreset`.
   */
  private update(mutate: (s: AppState) => void, what: 'data' | 'model' | 'run', keepPreset = false): void {
    mutate(this.state);
    if (!keepPreset) this.state.preset = '';
    this.resetRun();
    this.writeUrl();
    if (what === 'data') {
      this.reloadData();
      this.fitOutputToData();
    }
    this.renderAll();
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

  private reloadData(): void {
    try {
      this.data = prepareData(this.state, this.uploaded?.dataset ?? null);
      this.clearError();
    } catch (error) {
      this.data = null;
      this.showError(messageOf(error));
    }
    this.renderData();
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
        this.update((s) => (s.preset = ''), 'run');
        return;
      }
      const next = stateFromExperiment(def, this.state);
      this.update((s) => Object.assign(s, next), 'data', true);
    });

    el.datasetSelect.addEventListener('change', () => {
      const name = el.datasetSelect.value;
      this.update((s) => {
        s.dataset = name;
        s.datasetParams = defaultParams(this.datasets.find((d) => d.name === name));
      }, 'data');
    });
    el.regenerate.addEventListener('click', () => {
      this.update((s) => {
        if (typeof s.datasetParams.seed === 'number') s.datasetParams.seed += 1;
      }, 'data');
    });
    setOptions(
      el.validation,
      VALIDATION_CHOICES.map((v) => ({ value: String(v), label: validationLabel(v) })),
      String(this.state.validation),
    );
    el.validation.addEventListener('change', () => {
      const raw = el.validation.value;
      this.update((s) => (s.validation = raw === 'fresh' ? 'fresh' : Number(raw)), 'data');
    });
    el.csvUpload.addEventListener('change', () => void this.onCsvChosen());

    el.addLayer.addEventListener('click', () => {
      if (this.state.layers.length >= LIMITS.layers.max) return;
      const last = this.state.layers[this.state.layers.length - 1];
      this.update((s) => s.layers.push({ units: last?.units ?? 4, activation: last?.activation ?? 'tanh' }), 'model');
    });

    setOptions(el.optimizer, OPTIMIZERS.map((o) => ({ value: o, label: o })), this.state.optimizer);
    el.optimizer.addEventListener('change', () => this.update((s) => (s.optimizer = el.optimizer.value as OptimizerName), 'model'));
    setOptions(
      el.loss,
      [{ value: 'auto', label: 'auto' }, ...LOSSES.map((l) => ({ value: l, label: LOSS_LABELS[l] }))],
      this.state.loss,
    );
    el.loss.addEventListener('change', () => this.update((s) => (s.loss = el.loss.value as LossName | 'auto'), 'model'));
    this.bindNumber(el.lr, LIMITS.learningRate, false, (s, v) => (s.learningRate = v));
    this.bindNumber(el.batch, LIMITS.batchSize, true, (s, v) => (s.batchSize = v));
    this.bindNumber(el.epochs, LIMITS.epochs, true, (s, v) => (s.epochs = v));
    this.bindNumber(el.momentum, { min: 0, max: 0.999 }, false, (s, v) => (s.momentum = v));
    this.bindNumber(el.decay, { min: 0, max: 10 }, false, (s, v) => (s.decay = v));
    this.bindNumber(el.seed, LIMITS.seed, true, (s, v) => (s.seed = v), 'data');

    const stopChoices = [0, 0.9, 0.95, 0.99, 1];
    if (!stopChoices.includes(this.state.stopAtAccuracy)) stopChoices.push(this.state.stopAtAccuracy);
    setOptions(
      el.stop,
      stopChoices.map((v) => ({ value: String(v), label: v === 0 ? 'never' : `${Math.round(v * 1000) / 10}%` })),
      String(this.state.stopAtAccuracy),
    );
    el.stop.addEventListener('change', () => this.update((s) => (s.stopAtAccuracy = Number(el.stop.value)), 'model'));

    el.backend.addEventListener('change', () => this.update((s) => (s.backend = el.backend.value), 'run', true));

    el.train.addEventListener('click', () => this.onTrain());
    el.pause.addEventListener('click', () => this.onPause());
    el.step.addEventListener('click', () => this.onStep());
    el.reset.addEventListener('click', () => {
      this.resetRun();
      this.renderAll();
    });
    // Space starts or pauses training (unless typing in a field).
    document.addEventListener('keydown', (event) => {
      if (event.code !== 'Space' || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) return;
      event.preventDefault();
      if (this.status === 'running') this.onPause();
      else this.onTrain();
    });
    el.copyLink.addEventListener('click', () => {
      void navigator.clipboard?.writeText(window.location.href).then(
        () => {
          el.copyLink.textContent = 'Link copied';
          setTimeout(() => (el.copyLink.textContent = 'Copy link'), 1500);
        },
        () => this.showError('The browser did not allow copying: copy the address bar instead.'),
      );
    });
    el.downloadModel.addEventListener('click', () => this.client.exportModel(this.client.currentRun, this.fileStem()));
    el.downloadReport.addEventListener('click', () => {
      if (!this.reportHtml) return;
      downloadBlob(new Blob([this.reportHtml], { type: 'text/html' }), `${this.fileStem()}-report.html`);
    });
  }

  private bindNumber(
    input: HTMLInputElement,
    range: { min: number; max: number },
    integer: boolean,
    set: (s: AppState, value: number) => void,
    what: 'data' | 'model' = 'model',
  ): void {
    input.addEventListener('change', () => {
      const value = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < range.min || value > range.max) {
        this.showError(`${input.closest('label')?.querySelector('.field-label')?.textContent ?? 'value'} must be ${integer ? 'an integer' : 'a number'} in ${range.min}..${range.max}`);
        this.renderModel();
        return;
      }
      this.clearError();
      this.update((s) => set(s, value), what);
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
    this.update((s) => {
      s.dataset = 'csv';
      s.datasetParams = {};
      if (s.validation === 'fresh') s.validation = 0.2;
    }, 'data');
  }

  // ---------------------------------------------------------------- training

  /** One epoch, then pause: from a paused run, or as the first epoch of a new one. */
  private onStep(): void {
    if (this.status === 'paused') {
      this.awaitingStep = true;
      this.client.step();
      this.setStatus('running');
    } else if (this.status === 'idle' || this.status === 'done') {
      this.onTrain(true);
      // onTrain may refuse (no data, invalid model): then nothing started.
      this.awaitingStep = (this.status as Status) === 'starting';
    }
  }

  private onTrain(step = false): void {
    if (this.status === 'paused') {
      this.client.resume();
      this.setStatus('running');
      return;
    }
    if (this.status === 'running' || this.status === 'starting') return;
    const data = this.data;
    if (!data) {
      this.showError('There is no data to train on: fix the dataset settings first.');
      return;
    }
    let spec;
    try {
      spec = specFromState(this.state, data.train.features, data.classes);
      checkSpecAgainstData(spec, { features: data.train.features, classes: data.classes });
    } catch (error) {
      this.showError(`The model is not valid: ${messageOf(error)}`);
      return;
    }
    if (this.backends && !this.backends.some((b) => b.name === this.state.backend && b.available)) {
      this.showError(`The ${this.state.backend} backend is not available in this browser; pick another one.`);
      return;
    }
    this.clearError();
    this.resetRun();
    const plain = (d: Dataset) => ({
      name: d.name,
      x: d.x,
      y: d.y,
      features: d.features,
      classes: d.classes,
      ...(d.classNames ? { classNames: d.classNames } : {}),
    });
    const info = (d: Dataset, extra: Record<string, unknown> = {}) => ({
      name: this.state.dataset === 'csv' ? (this.uploaded?.fileName ?? 'csv') : this.state.dataset,
      params: { ...this.state.datasetParams, ...extra },
      rows: d.y.length,
    });
    this.client.start({
      spec,
      backend: this.state.backend,
      seed: this.state.seed,
      train: plain(data.train),
      ...(data.validation ? { validation: plain(data.validation) } : {}),
      evaluatedOn: data.evaluatedOn,
      classNames: data.classNames,
      experiment: this.state.preset || null,
      trainInfo: info(data.train),
      ...(data.validation ? { evaluationInfo: info(data.validation, data.evaluatedOn === 'test' ? { fresh: true } : { holdout: this.state.validation }) } : {}),
      grid: { nx: data.grid.nx, ny: data.grid.ny, bounds: data.grid.bounds, x: data.grid.x },
      epochs: this.state.epochs,
      batchSize: this.state.batchSize,
      ...(this.state.stopAtAccuracy > 0 ? { stopAtAccuracy: this.state.stopAtAccuracy } : {}),
      repaintMs: REPAINT_MS,
      ...(step ? { step: true } : {}),
    });
    this.runStarted = performance.now();
    this.setStatus('starting');
  }

  private onPause(): void {
    if (this.status !== 'running') return;
    this.client.pause();
    this.setStatus('paused');
  }

  /** Stops any run and clears its curves, boundary and results. */
  private resetRun(): void {
    if (this.status === 'running' || this.status === 'paused' || this.status === 'starting') this.client.stop();
    this.history = emptyHistory();
    this.lastLogs = null;
    this.pendingGrid = null;
    this.awaitingStep = false;
    this.weights = null;
    this.metrics = null;
    this.reportHtml = '';
    this.runBackend = '';
    this.boundary.clearProbabilities();
    this.setStatus('idle');
  }

  private onWorkerEvent(event: WorkerEvent): void {
    switch (event.type) {
      case 'ready': {
        this.backends = event.backends;
        // A link may name a backend this browser lacks (e.g. webgpu): fall back, and say so.
        const chosen = event.backends.find((b) => b.name === this.state.backend);
        const fallback = event.backends.find((b) => b.available);
        if ((!chosen || !chosen.available) && fallback) {
          const why = chosen ? `is not available here (${chosen.reason ?? 'unknown reason'})` : "is not one of this browser's backends";
          this.showError(`The ${this.state.backend} backend ${why}; using ${fallback.name} instead.`);
          this.state.backend = fallback.name;
          this.writeUrl();
        }
        this.renderBackends();
        return;
      }
      case 'started':
        this.runBackend = event.backend;
        this.setStatus('running');
        return;
      case 'epoch': {
        const logs = event.logs;
        this.lastLogs = logs;
        this.history.loss.push(logs.loss);
        this.history.accuracy.push(logs.accuracy);
        if (logs.val_loss !== undefined) this.history.val_loss.push(logs.val_loss);
        if (logs.val_accuracy !== undefined) this.history.val_accuracy.push(logs.val_accuracy);
        this.scheduleFrame();
        return;
      }
      case 'paused':
        // Only a step waits for this; a Pause click already switched the status itself (and a
        // late 'paused' must not undo a Resume clicked meanwhile).
        if (this.awaitingStep) {
          this.awaitingStep = false;
          this.setStatus('paused');
        }
        return;
      case 'grid':
        this.pendingGrid = { probs: event.probs, width: event.width, weights: event.weights };
        this.scheduleFrame();
        return;
      case 'done':
        this.metrics = event.metrics;
        this.reportHtml = event.reportHtml;
        this.setStatus('done');
        this.flushFrame();
        this.boundary.setMistakes(this.mistakePoints());
        this.renderLegend();
        this.renderChart(true);
        this.renderResults();
        return;
      case 'model':
        downloadModel(event.name, event.artifacts);
        return;
      case 'error':
        this.showError(`Training failed: ${event.message}`);
        if (this.status !== 'done') {
          this.client.stop();
          this.setStatus('idle');
        }
        return;
    }
  }

  private scheduleFrame(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => this.flushFrame());
  }

  /** Applies what arrived since the last frame: stats every frame, the chart every CHART_MS. */
  private flushFrame(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    if (this.pendingGrid) {
      this.boundary.setProbabilities(this.pendingGrid.probs, this.pendingGrid.width);
      this.weights = this.pendingGrid.weights;
      this.pendingGrid = null;
      this.renderNetwork();
    }
    this.renderStats();
    this.renderChart(false);
  }

  private setStatus(status: Status): void {
    this.status = status;
    const { el } = this;
    const busy = status === 'running' || status === 'starting';
    el.train.disabled = busy;
    el.train.querySelector('.label')!.textContent = status === 'paused' ? 'Resume' : status === 'done' ? 'Train again' : 'Train';
    el.pause.disabled = status !== 'running';
    el.step.disabled = busy;
    el.downloadModel.disabled = status !== 'done';
    el.downloadReport.disabled = status !== 'done';
    el.runStatus.className = `run-status ${busy ? 'running' : status === 'done' ? 'done' : ''}`;
    this.renderStats();
  }

  // ---------------------------------------------------------------- rendering

  /** Renders everything but the data panel (reloadData renders that, and the canvas points). */
  private renderAll(): void {
    this.renderBackends();
    this.renderModel();
    this.renderStats();
    this.renderChart(true);
    this.renderResults();
  }

  private renderBackends(): void {
    const { el, state } = this;
    const list = this.backends;
    if (!list) {
      setOptions(el.backend, [{ value: state.backend, label: `${BACKEND_LABELS[state.backend] ?? state.backend} — checking…` }], state.backend);
      return;
    }
    const options = list.map((b) => ({
      value: b.name,
      label: b.available ? (BACKEND_LABELS[b.name] ?? b.name) : `${b.name} — unavailable`,
      disabled: !b.available,
      title: b.available ? b.description : (b.reason ?? 'unavailable'),
    }));
    if (!list.some((b) => b.name === state.backend)) {
      options.push({ value: state.backend, label: `${state.backend} — unknown`, disabled: true, title: 'not a backend of @mlpkit/train' });
    }
    setOptions(el.backend, options, state.backend);
    el.backend.title = list.map((b) => `${b.name}: ${b.available ? b.description : `unavailable (${b.reason ?? 'unknown reason'})`}`).join('\n');
  }

  private renderData(): void {
    const { el, state, data } = this;
    const options = this.datasets.map((d) => ({ value: d.name, label: d.title }));
    if (this.uploaded) options.push({ value: 'csv', label: `Your CSV: ${this.uploaded.fileName}` });
    setOptions(el.datasetSelect, options, state.dataset);
    const entry = this.datasets.find((d) => d.name === state.dataset);
    el.datasetDescription.textContent = entry ? entry.description : this.uploaded ? `Uploaded from ${this.uploaded.fileName}.` : '';
    replaceChildren(
      el.datasetParams,
      ...(entry?.params ?? []).map((spec) =>
        paramControl(spec, state.datasetParams[spec.name] ?? spec.default, (value) =>
          this.update((s) => (s.datasetParams[spec.name] = value), 'data'),
        ),
      ),
    );
    el.regenerate.disabled = !(entry && typeof state.datasetParams.seed === 'number');
    el.validation.value = String(state.validation);
    el.csvStatus.textContent = this.uploaded ? `Loaded ${this.uploaded.fileName}: ${this.uploaded.dataset.y.length} rows, ${this.uploaded.dataset.classes} classes.` : '';
    if (data) {
      const parts = [`${data.all.y.length} points`, `${data.classes} classes`, `${data.train.y.length} train`];
      if (data.validation) parts.push(`${data.validation.y.length} ${data.evaluatedOn === 'test' ? 'test' : 'validation'}`);
      el.datasetStats.textContent = parts.join(' · ');
      this.boundary.setData(data.grid, data.train, data.validation);
    } else {
      el.datasetStats.textContent = '';
    }
    el.overlay.hidden = data !== null;
    el.overlay.textContent = data ? '' : 'No data';
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
    if (!data) return;
    const item = (swatch: HTMLElement, label: string) => h('span', { class: 'legend-item' }, swatch, label);
    const items: HTMLElement[] = data.classNames.map((name, k) =>
      item(h('span', { class: 'swatch', style: `background:${classColor(k)}` }), `class ${name}`),
    );
    items.push(item(h('span', { class: 'swatch', style: 'background:#8b93a3' }), `training points (${data.train.y.length})`));
    if (data.validation) {
      const kind = data.evaluatedOn === 'test' ? 'test' : 'validation';
      items.push(item(h('span', { class: 'swatch hollow', style: 'border-color:#8b93a3' }), `${kind} points (${data.validation.y.length})`));
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
    this.el.boundaryExplain.textContent = binary
      ? `The background is the model's probability of class ${data.classNames[1] ?? '1'} at each point of the plane: the decision boundary is where red turns blue (P = 0.5). It repaints as the network trains.`
      : 'The background colours each point of the plane by the class the network predicts there, paler where it is less sure. It repaints as the network trains.';
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
        }),
      ),
      state.layers.length === 0
        ? h('p', { class: 'hint no-hidden', text: 'No hidden layer: this is logistic regression, so class boundaries are straight lines. Add a layer to bend them.' })
        : null,
      outputRow(output, state.output ? 'from the preset' : classes <= 2 ? 'P(class 1)' : `one per class`),
    );
    el.addLayer.disabled = state.layers.length >= LIMITS.layers.max;
    this.renderNetwork();
    this.renderLegend();
    try {
      const spec = specFromState(state, features, classes);
      el.paramCount.textContent = `${summary(spec).totalParams} trainable parameters`;
    } catch (error) {
      el.paramCount.textContent = messageOf(error);
    }
    el.optimizer.value = state.optimizer;
    el.lr.value = String(state.learningRate);
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
    el.epochTotal.textContent = `/ ${state.epochs}`;
  }

  private renderNetwork(): void {
    const { state } = this;
    const classes = this.data?.classes ?? 2;
    const features = this.data?.train.features ?? 2;
    const output = outputOf(state, classes);
    this.el.network.innerHTML = networkDiagram(
      [features, ...state.layers.map((l) => l.units), output.units],
      ['input', ...state.layers.map((l) => `${l.units} ${l.activation}`), `${output.units} ${output.activation}`],
      this.weights,
    );
  }

  private renderStats(): void {
    const { el } = this;
    const logs = this.lastLogs;
    el.epoch.textContent = String(logs?.epoch ?? 0);
    el.epochTotal.textContent = `/ ${this.state.epochs}`;
    el.trainAccuracy.textContent = fmt(logs?.accuracy);
    el.valAccuracy.textContent = fmt(logs?.val_accuracy);
    el.trainLoss.textContent = fmt(logs?.loss);
    el.valLoss.textContent = fmt(logs?.val_loss);
    const backend = this.runBackend || this.state.backend;
    const elapsed = (performance.now() - this.runStarted) / 1000;
    const perEpoch = logs ? ((performance.now() - this.runStarted) / logs.epoch).toFixed(1) : '';
    el.runStatus.textContent =
      this.status === 'starting'
        ? `Starting on ${backend}…`
        : this.status === 'running'
          ? `Training on ${backend}${logs ? ` · ${perEpoch} ms/epoch` : ''}`
          : this.status === 'paused'
            ? `Paused at epoch ${logs?.epoch ?? 0}`
            : this.status === 'done'
              ? `Done: ${logs?.epoch ?? 0} epochs in ${elapsed.toFixed(2)} s on ${backend}`
              : 'Ready';
  }

  private renderChart(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastChart < CHART_MS) {
      this.scheduleFrame();
      return;
    }
    this.lastChart = now;
    const h0 = this.history;
    if (h0.loss.length === 0) {
      this.el.chart.innerHTML = '<p class="placeholder">Loss and accuracy curves appear here while the model trains.</p>';
      return;
    }
    const width = Math.max(420, Math.round(this.el.chart.clientWidth || 640));
    this.el.chart.innerHTML = historyPlot(
      {
        loss: h0.loss,
        accuracy: h0.accuracy,
        ...(h0.val_loss.length === h0.loss.length ? { val_loss: h0.val_loss } : {}),
        ...(h0.val_accuracy.length === h0.accuracy.length ? { val_accuracy: h0.val_accuracy } : {}),
      },
      { width, height: Math.round(Math.min(360, Math.max(260, width * 0.42))) },
    );
  }

  private renderResults(): void {
    const { el, metrics } = this;
    if (!metrics) {
      el.report.innerHTML = '<p class="placeholder">Train the model to see precision, recall and F1 per class.</p>';
      el.confusion.innerHTML = '<p class="placeholder">Rows are true classes, columns predicted ones.</p>';
      el.reportHeading.textContent = 'Classification report';
      el.converged.hidden = true;
      el.tutorialNote.hidden = true;
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
      const at = metrics.epochsTo100 ?? (this.metrics && this.lastLogs && this.lastLogs.accuracy >= this.state.stopAtAccuracy ? this.lastLogs.epoch : null);
      el.converged.hidden = false;
      el.converged.classList.toggle('miss', at === null || at === undefined);
      el.converged.textContent =
        at !== null && at !== undefined
          ? `Converged at epoch ${at}: training accuracy reached ${target}. The tutorial's point: this epoch moves with the random init — change the seed and train again.`
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
    replaceChildren(
      note,
      h('strong', { text: `Tutorial ${def.tutorial} reported: ` }),
      def.reported.text,
      h('br'),
      h('strong', { text: 'This run: ' }),
      `${verdict.measuredText} — `,
      h('span', { class: `verdict ${verdict.agrees ? 'ok' : 'bad'}`, text: verdict.agrees ? 'agrees ✓' : 'differs ✗' }),
      h('span', { class: 'hint-inline', text: ` (${verdict.tolerance})` }),
    );
    note.hidden = false;
  }

  // ---------------------------------------------------------------- errors, names

  private showError(message: string): void {
    const { error } = this.el;
    replaceChildren(
      error,
      h('span', { class: 'message', text: message }),
      h('button', { type: 'button', 'aria-label': 'Dismiss', title: 'Dismiss', text: '×', onclick: () => this.clearError() }),
    );
    error.hidden = false;
  }

  private clearError(): void {
    this.el.error.hidden = true;
    this.el.error.replaceChildren();
  }

  private fileStem(): string {
    const base = this.state.preset || `${this.state.dataset}-${this.state.layers.map((l) => `${l.units}${l.activation}`).join('-') || 'linear'}`;
    return `mlpkit-${base}`.replace(/[^a-zA-Z0-9_-]+/g, '-');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function validationLabel(v: ValidationMode): string {
  if (v === 'fresh') return 'a fresh test sample';
  if (v === 0) return 'the training data itself';
  return `${Math.round(v * 100)}% held out`;
}
