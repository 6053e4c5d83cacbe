import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  comparisons,
  comparisonSvg,
  experiments,
  getExperiment,
  indexReportHtml,
  jobReportHtml,
  jobReportMarkdown,
  judgeExperiment,
  renderJobPlots,
  runExperiment,
  type JobResult,
} from '../src/index.js';

let binary: JobResult;
let multiClass: JobResult;

beforeAll(async () => {
  binary = await runExperiment(getExperiment('circles5k-logreg'), { seed: 0, backend: 'fused', grid: { nx: 21, ny: 21 } });
  multiClass = await runExperiment(getExperiment('spiral3-softmax'), { seed: 0, backend: 'fused', grid: { nx: 21, ny: 21 } });
});

afterAll(() => {
  binary.trainer.dispose();
  multiClass.trainer.dispose();
});

describe('renderJobPlots', () => {
  it('renders the four plots as SVG documents', () => {
    const plots = renderJobPlots(binary);
    for (const name of ['data', 'boundary', 'history', 'confusion'] as const) {
      expect(plots[name], name).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    }
    // Validation curves are drawn for the circles5k runs (dashed legend entry).
    expect(plots.history).toContain('validation');
    expect(plots.boundary).toContain('decision boundary');
    expect(renderJobPlots(multiClass).boundary).toContain('decision regions');
  });

  it('skips the boundary without a grid', async () => {
    const noGrid = await runExperiment(getExperiment('xor-table-16'), { seed: 0, backend: 'fused', grid: false });
    try {
      const plots = renderJobPlots(noGrid);
      expect(plots.boundary).toBeNull();
      expect(jobReportMarkdown(noGrid)).not.toContain('boundary.svg');
    } finally {
      noGrid.trainer.dispose();
    }
  });
});

describe('reports', () => {
  it('the HTML report is self-contained and holds the plots, report table and confusion matrix', () => {
    const plots = renderJobPlots(binary);
    const html = jobReportHtml(binary, plots);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const svg of Object.values(plots)) expect(html).toContain(svg!);
    expect(html).not.toMatch(/<(link|script|img)\b/);
    expect(html).not.toMatch(/src=|href="http/);
    expect(html).toContain('<th>precision</th><th>recall</th><th>f1-score</th><th>support</th>');
    expect(html).toContain('<td>macro avg</td>');
    const [[tn, fp], [fn, tp]] = binary.metrics.confusionMatrix as [[number, number], [number, number]];
    expect(html).toContain(`<tr><th>0</th><td>${tn}</td><td>${fp}</td></tr><tr><th>1</th><td>${fn}</td><td>${tp}</td></tr>`);
    expect(html).toContain('val acc 49.6%');
  });

  it('the Markdown report has the sklearn-style table and links the SVG files', () => {
    const md = jobReportMarkdown(multiClass);
    expect(md).toContain('# spiral3-softmax');
    expect(md).toContain('|  | precision | recall | f1-score | support |');
    expect(md).toContain(`| accuracy |  |  | ${multiClass.metrics.accuracy.toFixed(3)} | 1500 |`);
    for (const name of ['data', 'boundary', 'history', 'confusion']) expect(md).toContain(`![${name}](${name}.svg)`);
  });

  it('the index links every experiment folder with its verdict', () => {
    const entries = [binary, multiClass].map((r) => {
      const def = getExperiment(r.metrics.experiment!);
      return { verdict: judgeExperiment(def, [{ seed: 0, metrics: r.metrics }]), href: `${def.id}/report.html`, tutorial: def.tutorial };
    });
    const html = indexReportHtml(entries, { backend: 'fused', seed: 0, elapsedMs: 1234 });
    expect(html).toContain('<a href="circles5k-logreg/report.html">circles5k-logreg</a>');
    expect(html).toContain('<a href="spiral3-softmax/report.html">spiral3-softmax</a>');
    const agreeing = entries.filter((e) => e.verdict.agrees).length;
    expect(html).toContain(`${agreeing} of 2 agree with the tutorials`);
    expect(html).toContain('1.2 s');
  });

  it('the index shows the side-by-side comparisons inline, linking their experiments', () => {
    const pair = { id: 'pair', tutorial: '001' as const, title: 'Logistic vs softmax', experiments: ['circles5k-logreg', 'spiral3-softmax'] };
    const svg = comparisonSvg(pair, [binary, multiClass]);
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).toContain(`circles5k-logreg (val acc ${binary.metrics.accuracy.toFixed(3)})`);
    expect(svg).toContain(`spiral3-softmax (acc ${multiClass.metrics.accuracy.toFixed(3)})`);
    // A member that did not run (or has no grid) means no comparison.
    expect(comparisonSvg(pair, [binary])).toBeNull();
    expect(comparisonSvg(pair, [binary, { ...multiClass, grid: null }])).toBeNull();
    const entry = { verdict: judgeExperiment(getExperiment('circles5k-logreg'), [{ seed: 0, metrics: binary.metrics }]), href: 'circles5k-logreg/report.html' };
    const html = indexReportHtml([entry], { comparisons: [{ title: pair.title, svg: svg!, experiments: pair.experiments }] });
    expect(html).toContain(svg!);
    expect(html).toContain('Reports: <a href="circles5k-logreg/report.html">circles5k-logreg</a> · spiral3-softmax');
    expect(indexReportHtml([entry])).not.toContain('Side by side');
  });

  it('comparisons name experiments that share their data for a run seed', () => {
    expect(comparisons.map((c) => c.id)).toEqual(['spirals', 'circles5k', 'moons', 'circles', 'spiral3']);
    for (const c of comparisons) {
      const defs = c.experiments.map((id) => getExperiment(id));
      expect(defs.length, c.id).toBeGreaterThanOrEqual(2);
      for (const d of defs) {
        expect(d.tutorial, d.id).toBe(c.tutorial);
        expect(d.data, d.id).toEqual(defs[0]!.data);
        expect(d.evaluation, d.id).toEqual(defs[0]!.evaluation);
      }
    }
    // Every logistic/softmax regression of tutorials 001 and 002 is compared with a network.
    const regressions = experiments.filter((e) => /-(logreg|softmax)$/.test(e.id) && e.id !== 'linear-logreg').map((e) => e.id);
    expect(regressions.every((id) => comparisons.some((c) => c.experiments.includes(id)))).toBe(true);
  });

  it('escapes text that could break the HTML', () => {
    const tricky: JobResult = { ...binary, classNames: ['<a>', 'b&c'], metrics: { ...binary.metrics, experiment: null } };
    const html = jobReportHtml(tricky, { data: null, boundary: null, history: null, confusion: '<svg></svg>' });
    expect(html).toContain('&lt;a&gt;');
    expect(html).toContain('b&amp;c');
    expect(html).not.toContain('<a>');
  });
});
