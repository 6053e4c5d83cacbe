/** After training: the classification report as a table, the confusion-matrix heatmap. */
import type { ClassificationReport } from '@mlpkit/metrics';
import { confusionMatrixPlot } from '@mlpkit/plot';
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
