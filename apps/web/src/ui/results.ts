/** After training: the classification report as a table and the confusion-matrix heatmap; for a regression, its scores and predicted vs actual. */
import type { RegressionMetricsJson } from '@mlpkit/experiments';
import type { ClassificationReport } from '@mlpkit/metrics';
import { confusionMatrixPlot, predictedVsActualPlot } from '@mlpkit/plot';
import { classColor } from './palette.js';
import { h } from './dom.js';

const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** sklearn's classification_report layout, as an HTML table. */
export function reportTable(report: ClassificationReport): HTMLTableElement {
  const header = h(
    'thead',
    {},
    h('tr', {}, h('th', { text: 'class' }), h('th', { text: 'precision' }), h('th', { text: 'recall' }), h('th', { text: 'f1-score' }), h('th', { text: 'support' })),
  );
  const body = h('tbody');
  for (const row of report.classes) {
    body.appendChild(
      h(
        'tr',
        {},
        h('td', {}, h('span', { class: 'class-dot', style: `background:${classColor(row.id ?? 0)}` }), row.label),
        h('td', { text: f3(row.precision) }),
        h('td', { text: f3(row.recall) }),
        h('td', { text: f3(row.f1) }),
        h('td', { text: String(row.support) }),
      ),
    );
  }
  body.appendChild(
    h(
      'tr',
      { class: 'summary first-summary' },
      h('td', { text: report.accuracyLabel ?? 'accuracy' }),
      h('td'),
      h('td'),
      h('td', { text: f3(report.accuracy) }),
      h('td', { text: String(report.support) }),
    ),
  );
  for (const [label, avg] of [
    ['macro avg', report.macroAvg],
    ['weighted avg', report.weightedAvg],
  ] as const) {
    body.appendChild(
      h(
        'tr',
        { class: 'summary' },
        h('td', { text: label }),
        h('td', { text: f3(avg.precision) }),
        h('td', { text: f3(avg.recall) }),
        h('td', { text: f3(avg.f1) }),
        h('td', { text: String(avg.support) }),
      ),
    );
  }
  return h('table', { class: 'report-table' }, header, body);
}

export function confusionSvg(matrix: number[][], labels: string[], title: string): string {
  return confusionMatrixPlot(matrix, { labels, title, width: 460, height: 400 });
}

/** A regression run's scores on the evaluated rows (scikit-learn's r2_score, mean_absolute_error, …). */
export function regressionTable(m: Pick<RegressionMetricsJson, 'r2' | 'mae' | 'mse' | 'rmse' | 'explainedVariance' | 'yTrue'>): HTMLTableElement {
  const rows: Array<[string, number, string]> = [
    ['R²', m.r2, 'coefficient of determination: 1 is perfect, 0 is as good as predicting the mean'],
    ['MAE', m.mae, 'mean absolute error, in the target\'s units'],
    ['RMSE', m.rmse, 'root mean squared error'],
    ['MSE', m.mse, 'mean squared error'],
    ['explained variance', m.explainedVariance, 'share of the target\'s variance the predictions explain'],
  ];
  const body = h('tbody');
  for (const [name, value, what] of rows) {
    body.appendChild(h('tr', {}, h('td', { text: name }), h('td', { text: f3(value) }), h('td', { class: 'what', text: what })));
  }
  const header = h('thead', {}, h('tr', {}, h('th', { text: 'score' }), h('th', { text: 'value' }), h('th', { text: 'meaning' })));
  return h('table', { class: 'report-table regression-table', 'data-testid': 'regression-scores' }, header, body);
}

export function predictedVsActualSvg(yTrue: number[], yPred: number[], title: string): string {
  return predictedVsActualPlot(yTrue, yPred, { title, width: 460, height: 400 });
}
