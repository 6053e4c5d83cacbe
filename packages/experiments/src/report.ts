/**
 * Plots and reports of a job: SVG strings (no DOM), Markdown, and a self-contained HTML page.
 * Browser-safe: the web app renders the same reports.
 */
import { projectColumns, type Dataset } from '@mlpkit/datasets';
import { formatClassificationReport, formatConfusionMatrix, formatRegressionReport } from '@mlpkit/metrics';
import { summary as modelSummary } from '@mlpkit/models';
import {
  boundaryPlot,
  comparisonPlot,
  confusionMatrixPlot,
  historyPlot,
  predictedVsActualPlot,
  predictionSurfacePlot,
  residualsPlot,
  scatterPlot,
} from '@mlpkit/plot';
import type { ExperimentDefinition } from './definition.js';
import type { AnyJobResult, AnyMetricsJson, JobResult, MetricsJson, RegressionJobResult, RegressionMetricsJson } from './job.js';
import { judgeExperiment, type ExperimentVerdict } from './summary.js';
import { experiments, type ExperimentComparison } from './table.js';

/** "1 epoch", "2 epochs": a count with its noun. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export interface JobPlots {
  /** Scatter of the training data (null unless the data has 2+ features). */
  data: string | null;
  /** Decision boundary (binary) or regions (multi-class) over the evaluated data; null without a grid. */
  boundary: string | null;
  /** Loss and accuracy curves (null when no epoch ran). */
  history: string | null;
  confusion: string;
}

/** The names of a classifier's plots, in the order reports show them. */
export const PLOT_NAMES = ['data', 'boundary', 'history', 'confusion'] as const;

/** A regression run's plots (SVG strings; null where they do not apply). */
export interface RegressionJobPlots {
  /** The model's prediction surface over two features with the data on top (null for 1 feature, several targets, or no grid). */
  surface: string | null;
  /** Loss and mae curves (null when no epoch ran). */
  history: string | null;
  /** Predicted against actual target values with the identity line. */
  predicted: string;
  /** Histogram of the residuals. */
  residuals: string;
}

/** The names of a regression run's plots, in the order reports show them. */
export const REGRESSION_PLOT_NAMES = ['surface', 'history', 'predicted', 'residuals'] as const;

/** The plot names of a run of `task` (the files `<name>.svg` a run folder holds, where they apply). */
export function plotNames(task: 'classification' | 'regression' = 'classification'): readonly string[] {
  return task === 'regression' ? REGRESSION_PLOT_NAMES : PLOT_NAMES;
}

function withNames(d: Dataset, classNames: string[]): Dataset {
  return d.classes === classNames.length ? { ...d, classNames } : d;
}

function jobTitle(m: AnyMetricsJson): string {
  return m.experiment ?? `${m.dataset.name} · ${m.spec.name ?? 'custom model'}`;
}

/** Renders the plots of a job: a classifier's four, or a regression run's (see RegressionJobPlots). */
export function renderJobPlots(result: JobResult): JobPlots;
export function renderJobPlots(result: RegressionJobResult): RegressionJobPlots;
export function renderJobPlots(result: AnyJobResult): JobPlots | RegressionJobPlots;
export function renderJobPlots(result: AnyJobResult): JobPlots | RegressionJobPlots {
  if (result.task === 'regression') return renderRegressionPlots(result);
  const m = result.metrics;
  const title = jobTitle(m);
  const axes = result.grid?.axes ?? [0, 1];
  // Wider data: plots show two features (the grid's axes); the titles say which of how many.
  const onAxes = (d: Dataset): Dataset =>
    d.features > 2 || axes[0] !== 0 || axes[1] !== 1
      ? { ...d, x: projectColumns(d, axes), features: 2, featureNames: [m.features[axes[0]]!, m.features[axes[1]]!] }
      : d;
  const train = onAxes(withNames(result.train, result.classNames));
  const evaluated = onAxes(withNames(result.evaluation, result.classNames));
  const wide = result.train.features > 2;
  const which = wide ? `; ${m.features[axes[0]]} vs ${m.features[axes[1]]} of ${result.train.features} features` : '';
  const data = result.train.features >= 2 ? scatterPlot(train, { title: `${title}: training data (${train.y.length} points${which})` }) : null;
  let boundary: string | null = null;
  if (result.grid) {
    const g = result.grid;
    const others = m.features.filter((_, k) => k !== axes[0] && k !== axes[1]);
    const slice = wide ? ` (a slice: ${sliceText(others.length, others[0])})` : '';
    boundary = boundaryPlot(evaluated, { nx: g.nx, ny: g.ny, bounds: g.bounds }, g.probs, g.outputs, {
      title: `${title}: ${g.outputs >= 3 ? 'decision regions' : 'decision boundary'} over the ${m.evaluatedOn} data${slice}`,
    });
  }
  const h = m.history;
  const history =
    h.loss.length > 0
      ? historyPlot(
          {
            loss: h.loss,
            accuracy: h.accuracy,
            ...(h.val_loss.length > 0 ? { val_loss: h.val_loss } : {}),
            ...(h.val_accuracy.length > 0 ? { val_accuracy: h.val_accuracy } : {}),
          },
          { title },
        )
      : null;
  const confusion = confusionMatrixPlot(m.confusionMatrix, {
    labels: result.classNames,
    title: `${title}: confusion matrix (${m.evaluatedOn})`,
  });
  return { data, boundary, history, confusion };
}

/** "3 other features held at their training medians" (or the one feature by name). */
function sliceText(others: number, only?: string): string {
  return others === 1 ? `${only ?? 'the other feature'} held at its training median` : `${others} other features held at their training medians`;
}

function renderRegressionPlots(result: RegressionJobResult): RegressionJobPlots {
  const m = result.metrics;
  const title = jobTitle(m);
  const target = m.targets.length === 1 ? m.targets[0]! : 'y';
  let surface: string | null = null;
  if (result.grid) {
    const g = result.grid;
    const d = result.evaluation;
    const [a, b] = g.axes;
    const sliced = d.features > 2;
    const others = m.features.filter((_, k) => k !== a && k !== b);
    surface = predictionSurfacePlot(
      { x: sliced || a !== 0 || b !== 1 ? projectColumns(d, g.axes) : d.x, y: d.y, features: 2, featureNames: [m.features[a]!, m.features[b]!] },
      { nx: g.nx, ny: g.ny, bounds: g.bounds },
      g.probs,
      {
        targetName: target,
        title: `${title}: predicted ${target} over the ${m.evaluatedOn} data${sliced ? ` (a slice: ${sliceText(others.length, others[0])})` : ''}`,
      },
    );
  }
  const h = m.history;
  const history =
    h.loss.length > 0
      ? historyPlot(
          {
            loss: h.loss,
            mae: h.mae,
            ...(h.val_loss.length > 0 ? { val_loss: h.val_loss } : {}),
            ...(h.val_mae.length > 0 ? { val_mae: h.val_mae } : {}),
          },
          { title: m.preprocessing.standardizeTarget ? `${title} (loss and mae in standardized ${target} units)` : title },
        )
      : null;
  const predicted = predictedVsActualPlot(m.yTrue, m.yPred, { targetName: target, title: `${title}: predicted vs actual ${target} (${m.evaluatedOn}, R² ${m.r2.toFixed(3)})` });
  const residuals = residualsPlot(m.yTrue, m.yPred, { targetName: target, title: `${title}: residuals (${m.evaluatedOn})` });
  return { surface, history, predicted, residuals };
}

/**
 * The decision boundaries of a comparison's experiments side by side (one panel each, over the
 * data each was evaluated on), from runs with the same seed. Null unless every experiment of the
 * comparison is among `results` with a boundary grid.
 */
export function comparisonSvg(comparison: ExperimentComparison, results: ReadonlyArray<Pick<JobResult, 'grid' | 'evaluation' | 'classNames' | 'metrics'>>): string | null {
  const members = comparison.experiments.map((id) => results.find((r) => r.metrics.experiment === id));
  if (members.some((r) => r === undefined || r.grid === null)) return null;
  const panels = (members as Array<Pick<JobResult, 'grid' | 'evaluation' | 'classNames' | 'metrics'>>).map((r) => {
    const g = r.grid!;
    const m = r.metrics;
    const label = m.evaluatedOn === 'test' ? 'test acc' : m.evaluatedOn === 'validation' ? 'val acc' : 'acc';
    return {
      title: `${m.experiment} (${label} ${m.accuracy.toFixed(3)})`,
      data: withNames(r.evaluation, r.classNames),
      grid: { nx: g.nx, ny: g.ny, bounds: g.bounds },
      probs: g.probs,
      width: g.outputs,
    };
  });
  return comparisonPlot(panels, { title: `${comparison.title} (tutorial ${comparison.tutorial})` });
}

/** The experiment definition and one-run verdict behind a job, if it is a seed experiment. */
function experimentContext(m: AnyMetricsJson): { def: ExperimentDefinition; verdict: ExperimentVerdict } | null {
  const def = experiments.find((e) => e.id === m.experiment);
  if (!def || m.task === 'regression') return null;
  return { def, verdict: judgeExperiment(def, [{ seed: m.seed, metrics: m }]) };
}

function describeData(m: AnyMetricsJson): string {
  const params = (p: Record<string, unknown>) =>
    Object.entries(p)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
  const main = `${m.dataset.name}(${params(m.dataset.params)}), ${count(m.dataset.rows, 'row')}`;
  const ev = m.dataset.evaluation;
  return ev ? `${main}; ${m.evaluatedOn}: ${ev.name}(${params(ev.params)}), ${count(ev.rows, 'row')}` : main;
}

function describeModel(m: AnyMetricsJson): string {
  const layers = m.spec.layers.map((l) => `${l.units} ${l.activation}`).join(' → ');
  const opt = m.spec.compile.optimizer;
  const optText = [opt.name, opt.learningRate !== undefined ? `lr ${opt.learningRate}` : '', opt.momentum ? `momentum ${opt.momentum}` : '', opt.decay ? `decay ${opt.decay}` : '']
    .filter(Boolean)
    .join(', ');
  const features = m.spec.features ? ` → features ${m.spec.features.join(', ')}` : '';
  return `${m.spec.input} inputs${features} → ${layers} (${modelSummary(m.spec).totalParams} params); ${optText}; ${m.spec.compile.loss}`;
}

/** A Markdown report: settings, outcome, classification (or regression) report, confusion matrix, plot links. */
export function jobReportMarkdown(result: AnyJobResult): string {
  if (result.task === 'regression') return regressionReportMarkdown(result);
  const m = result.metrics;
  const ctx = experimentContext(m);
  const lines: string[] = [`# ${jobTitle(m)}`, ''];
  if (ctx) lines.push(`${ctx.def.title} (tutorial ${ctx.def.tutorial}).`, '');
  lines.push(
    `- **Data:** ${describeData(m)}`,
    `- **Model:** ${describeModel(m)}`,
    `- **Training:** ${count(m.epochs, 'epoch')} on backend \`${m.backend}\`, seed ${m.seed}, ${(m.trainMs / 1000).toFixed(2)} s`,
    `- **Accuracy (${m.evaluatedOn}):** ${m.accuracy.toFixed(4)}`,
  );
  if (m.epochsTo100 !== undefined) lines.push(`- **First epoch at 100% accuracy:** ${m.epochsTo100 ?? `not reached in ${m.epochs}`}`);
  if (ctx) {
    lines.push(
      `- **Tutorial reported:** ${ctx.def.reported.text}`,
      `- **Measured:** ${ctx.verdict.measuredText} — ${ctx.verdict.agrees ? 'agrees ✓' : 'disagrees ✗'}; tolerance: ${ctx.def.reported.tolerance}`,
    );
  }
  lines.push(
    '',
    `## Classification report (${m.evaluatedOn})`,
    '',
    formatClassificationReport(m.report, { format: 'markdown', digits: 3 }).trimEnd(),
    '',
    '## Confusion matrix',
    '',
    formatConfusionMatrix(m.confusionMatrix, { labels: result.classNames, format: 'markdown' }).trimEnd(),
    '',
    '## Plots',
    '',
  );
  for (const name of PLOT_NAMES) {
    if (name === 'data' && result.train.features < 2) continue;
    if (name === 'boundary' && !result.grid) continue;
    if (name === 'history' && m.history.loss.length === 0) continue;
    lines.push(`![${name}](${name}.svg)`, '');
  }
  return lines.join('\n');
}

function regressionScoresLine(m: RegressionMetricsJson): string {
  return `R² ${m.r2.toFixed(4)} · MAE ${fmtValue(m.mae)} · RMSE ${fmtValue(m.rmse)} · explained variance ${m.explainedVariance.toFixed(4)}`;
}

/** A value in target units: 4 significant digits. */
function fmtValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

function regressionReportMarkdown(result: RegressionJobResult): string {
  const m = result.metrics;
  const lines: string[] = [`# ${jobTitle(m)}`, ''];
  lines.push(
    `- **Data:** ${describeData(m)}`,
    `- **Model:** ${describeModel(m)}`,
    `- **Training:** ${count(m.epochs, 'epoch')} on backend \`${m.backend}\`, seed ${m.seed}, ${(m.trainMs / 1000).toFixed(2)} s`,
    `- **Scores (${m.evaluatedOn}):** ${regressionScoresLine(m)}`,
  );
  if (m.preprocessing.standardizeTarget) lines.push(`- **Target:** standardized for training (loss and mae per epoch in standardized units; scores in ${m.targets.join(', ')} units)`);
  for (const w of m.warnings) lines.push(`- **Warning:** ${w}`);
  lines.push('', `## Regression report (${m.evaluatedOn})`, '', formatRegressionReport(m.report, { format: 'markdown', digits: 4 }).trimEnd(), '', '## Plots', '');
  const plots = renderRegressionPlots(result);
  for (const name of REGRESSION_PLOT_NAMES) if (plots[name] !== null) lines.push(`![${name}](${name}.svg)`, '');
  return lines.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; } h2 { font-size: 1.15rem; margin: 28px 0 10px; }
.sub { color: #59636e; margin: 0 0 16px; }
.card { background: #fff; border: 1px solid #d1d9e0; border-radius: 8px; padding: 16px; margin: 12px 0; overflow-x: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 16px; margin: 0; }
dt { font-weight: 600; color: #59636e; } dd { margin: 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 12px; border-bottom: 1px solid #e5e9ee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #d1d9e0; }
.ok { color: #1a7f37; font-weight: 600; } .bad { color: #cf222e; font-weight: 600; }
.plots { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 12px; }
.plots .card svg { width: 100%; height: auto; display: block; }
.plots .card.wide { grid-column: 1 / -1; }
.comparisons .card svg { width: 100%; height: auto; display: block; }
table.index th, table.index td { text-align: left; vertical-align: top; }
table.index td:first-child, table.index td:nth-child(4), table.index td:nth-child(5) { white-space: nowrap; }
a { color: #0969da; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const fmt = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

function reportTableHtml(m: MetricsJson): string {
  const r = m.report;
  const row = (cells: string[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  const rows = r.classes.map((c) => row([escapeHtml(c.label), fmt(c.precision), fmt(c.recall), fmt(c.f1), String(c.support)]));
  rows.push(row([r.accuracyLabel ?? 'accuracy', '', '', fmt(r.accuracy), String(r.support)]));
  rows.push(row(['macro avg', fmt(r.macroAvg.precision), fmt(r.macroAvg.recall), fmt(r.macroAvg.f1), String(r.macroAvg.support)]));
  rows.push(row(['weighted avg', fmt(r.weightedAvg.precision), fmt(r.weightedAvg.recall), fmt(r.weightedAvg.f1), String(r.weightedAvg.support)]));
  return `<table class="report"><thead>${row(['', 'precision', 'recall', 'f1-score', 'support'], 'th')}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function confusionTableHtml(m: MetricsJson, labels: string[]): string {
  const head = `<tr><th>true \\ pred</th>${labels.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const body = m.confusionMatrix
    .map((r, i) => `<tr><th>${escapeHtml(labels[i] ?? String(i))}</th>${r.map((v) => `<td>${v}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="confusion"><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** A self-contained HTML report (inline SVG plots, no external resources). */
export function jobReportHtml(result: JobResult, plots?: JobPlots): string;
export function jobReportHtml(result: RegressionJobResult, plots?: RegressionJobPlots): string;
export function jobReportHtml(result: AnyJobResult, plots?: JobPlots | RegressionJobPlots): string;
export function jobReportHtml(result: AnyJobResult, given?: JobPlots | RegressionJobPlots): string {
  if (result.task === 'regression') return regressionReportHtml(result, (given as RegressionJobPlots | undefined) ?? renderRegressionPlots(result));
  const plots = (given as JobPlots | undefined) ?? renderJobPlots(result);
  const m = result.metrics;
  const ctx = experimentContext(m);
  const facts: Array<[string, string]> = [
    ['Data', escapeHtml(describeData(m))],
    ['Model', escapeHtml(describeModel(m))],
    ['Training', `${count(m.epochs, 'epoch')} · backend <code>${escapeHtml(m.backend)}</code> · seed ${m.seed} · ${(m.trainMs / 1000).toFixed(2)} s`],
    [`Accuracy (${m.evaluatedOn})`, fmt(m.accuracy, 4)],
  ];
  if (m.epochsTo100 !== undefined) facts.push(['First epoch at 100%', m.epochsTo100 === null ? `not reached in ${m.epochs}` : String(m.epochsTo100)]);
  if (ctx) {
    facts.push(['Tutorial reported', escapeHtml(ctx.def.reported.text)]);
    facts.push([
      'Measured',
      `${escapeHtml(ctx.verdict.measuredText)} — <span class="${ctx.verdict.agrees ? 'ok">agrees ✓' : 'bad">disagrees ✗'}</span> <small>tolerance: ${escapeHtml(ctx.def.reported.tolerance)}</small>`,
    ]);
  }
  // The history has two panels side by side: it gets a full row.
  const plotCards = PLOT_NAMES.filter((name) => plots[name] !== null)
    .map((name) => `<div class="card${name === 'history' ? ' wide' : ''}">${plots[name]}</div>`)
    .join('\n');
  const body = `<h1>${escapeHtml(jobTitle(m))}</h1>
<p class="sub">${ctx ? `${escapeHtml(ctx.def.title)} · tutorial ${ctx.def.tutorial}` : 'mlpkit training run'}</p>
<div class="card"><dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl></div>
<h2>Classification report (${m.evaluatedOn})</h2>
<div class="card">${reportTableHtml(m)}</div>
<h2>Confusion matrix</h2>
<div class="card">${confusionTableHtml(m, result.classNames)}</div>
<h2>Plots</h2>
<div class="plots">
${plotCards}
</div>`;
  return page(jobTitle(m), body);
}

function regressionTableHtml(m: RegressionMetricsJson): string {
  const row = (cells: string[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
  const r = m.report;
  const rows = r.outputs.map((o) => row([escapeHtml(o.name), fmt(o.r2, 4), fmtValue(o.mae), fmtValue(o.mse), fmtValue(o.rmse), fmt(o.explainedVariance, 4), String(r.support)]));
  if (r.outputs.length > 1) rows.push(row(['uniform avg', fmt(r.r2, 4), fmtValue(r.mae), fmtValue(r.mse), fmtValue(r.rmse), fmt(r.explainedVariance, 4), String(r.support)]));
  return `<table class="report"><thead>${row(['', 'R²', 'MAE', 'MSE', 'RMSE', 'explained variance', 'support'], 'th')}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function regressionReportHtml(result: RegressionJobResult, plots: RegressionJobPlots): string {
  const m = result.metrics;
  const facts: Array<[string, string]> = [
    ['Data', escapeHtml(describeData(m))],
    ['Model', escapeHtml(describeModel(m))],
    ['Training', `${count(m.epochs, 'epoch')} · backend <code>${escapeHtml(m.backend)}</code> · seed ${m.seed} · ${(m.trainMs / 1000).toFixed(2)} s`],
    [`Scores (${m.evaluatedOn})`, escapeHtml(regressionScoresLine(m))],
  ];
  if (m.preprocessing.standardizeTarget) facts.push(['Target', 'standardized for training; loss and mae per epoch in standardized units, scores in target units']);
  for (const w of m.warnings) facts.push(['Warning', escapeHtml(w)]);
  const cards = REGRESSION_PLOT_NAMES.filter((name) => plots[name] !== null)
    .map((name) => `<div class="card${name === 'history' ? ' wide' : ''}">${plots[name]}</div>`)
    .join('\n');
  const body = `<h1>${escapeHtml(jobTitle(m))}</h1>
<p class="sub">mlpkit regression run</p>
<div class="card"><dl>${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl></div>
<h2>Regression report (${m.evaluatedOn})</h2>
<div class="card">${regressionTableHtml(m)}</div>
<h2>Plots</h2>
<div class="plots">
${cards}
</div>`;
  return page(jobTitle(m), body);
}

/** One row of the index report. */
export interface IndexEntry {
  verdict: ExperimentVerdict;
  /** Link to the experiment's folder report, relative to the index. */
  href: string;
  title?: string;
  tutorial?: string;
}

/** A side-by-side plot on the index page (see `comparisonSvg`). */
export interface IndexComparison {
  title: string;
  svg: string;
  /** Experiment ids shown, linked to their folders. */
  experiments: readonly string[];
}

/**
 * The index page of `experiments run --out`: the result table linking each experiment's report,
 * then the tutorials' side-by-side comparisons (inline SVG, so the page stays self-contained).
 */
export function indexReportHtml(
  entries: readonly IndexEntry[],
  o: { title?: string; backend?: string; seed?: number; elapsedMs?: number; comparisons?: readonly IndexComparison[] } = {},
): string {
  const title = o.title ?? 'mlpkit seed experiments';
  const agreeing = entries.filter((e) => e.verdict.agrees).length;
  const meta = [
    `${agreeing} of ${entries.length} agree with the tutorials`,
    o.backend ? `backend <code>${escapeHtml(o.backend)}</code>` : '',
    o.seed !== undefined ? `first seed ${o.seed}` : '',
    o.elapsedMs !== undefined ? `${(o.elapsedMs / 1000).toFixed(1)} s` : '',
  ].filter(Boolean);
  const rows = entries
    .map((e) => {
      const v = e.verdict;
      const mark = v.agrees ? '<span class="ok">✓</span>' : '<span class="bad">✗</span>';
      const count = v.seeds.length > 1 ? ` ${v.agreeing}/${v.seeds.length}` : '';
      const tip = e.title ? ` title="${escapeHtml(e.title)}"` : '';
      return `<tr><td><a href="${escapeHtml(e.href)}"${tip}>${escapeHtml(v.id)}</a></td><td>${escapeHtml(e.tutorial ?? '')}</td><td>${escapeHtml(v.reported)}</td><td>${escapeHtml(v.measuredText)}</td><td>${mark}${count}</td><td><small>${escapeHtml(v.tolerance)}</small></td></tr>`;
    })
    .join('\n');
  const body = `<h1>${escapeHtml(title)}</h1>
<p class="sub">${meta.join(' · ')}</p>
<div class="card"><table class="index">
<thead><tr><th>id</th><th>tutorial</th><th>reported</th><th>measured</th><th>agrees</th><th>tolerance</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>${comparisonsHtml(entries, o.comparisons ?? [])}`;
  return page(title, body);
}

function comparisonsHtml(entries: readonly IndexEntry[], list: readonly IndexComparison[]): string {
  if (list.length === 0) return '';
  const link = (id: string) => {
    const entry = entries.find((e) => e.verdict.id === id);
    return entry ? `<a href="${escapeHtml(entry.href)}">${escapeHtml(id)}</a>` : escapeHtml(id);
  };
  const cards = list
    // The SVG carries the title; the caption links the reports of its panels.
    .map((c) => `<div class="card" aria-label="${escapeHtml(c.title)}">${c.svg}<p class="sub">Reports: ${c.experiments.map(link).join(' · ')}</p></div>`)
    .join('\n');
  return `
<h2>Side by side</h2>
<div class="comparisons">
${cards}
</div>`;
}
