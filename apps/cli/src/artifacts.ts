/**
 * The files of one job's output folder: metrics.json, spec.json, report.md, report.html, the
 * four plots as SVG and PNG, and the trained model in TF.js format under model/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jobReportHtml, jobReportMarkdown, plotNames, renderJobPlots, type AnyJobResult } from '@mlpkit/experiments';
import { toPng } from '@mlpkit/plot/png';
import { saveTrainedModel } from './model-io.js';

export interface WriteJobOptions {
  /** Also save the trained model under model/ (default true). */
  model?: boolean;
  /** Also write PNG copies of the plots (default true). */
  png?: boolean;
  /** The run's task: which plots it has (default classification). */
  task?: 'classification' | 'regression';
}

/** The files writeJobOutputs writes (relative, `/`-separated), for checking `--out` before a run. */
export function jobOutputNames(o: WriteJobOptions = {}, prefix = ''): string[] {
  const names = ['metrics.json', 'spec.json', 'report.md', 'report.html'];
  for (const plot of plotNames(o.task)) names.push(`${plot}.svg`, ...(o.png !== false ? [`${plot}.png`] : []));
  if (o.model !== false) names.push('model/model.json', 'model/weights.bin');
  return names.map((n) => prefix + n);
}

/** Writes a job's outputs into `dir` (which exists and is empty, e.g. an atomic temp dir). */
export async function writeJobOutputs(dir: string, result: AnyJobResult, o: WriteJobOptions = {}): Promise<string[]> {
  const written: string[] = [];
  const write = (name: string, content: string | Uint8Array) => {
    writeFileSync(join(dir, name), content);
    written.push(name);
  };
  write('metrics.json', `${JSON.stringify(result.metrics, null, 2)}\n`);
  write('spec.json', `${JSON.stringify(result.metrics.spec, null, 2)}\n`);
  const rendered = renderJobPlots(result);
  const plots: Record<string, string | null> = { ...rendered };
  write('report.md', jobReportMarkdown(result));
  write('report.html', jobReportHtml(result, rendered));
  for (const name of plotNames(result.task)) {
    const svg = plots[name] ?? null;
    if (svg === null) continue;
    write(`${name}.svg`, svg);
    if (o.png !== false) write(`${name}.png`, await toPng(svg));
  }
  if (o.model !== false) {
    await saveTrainedModel(result.trainer, join(dir, 'model'), {
      spec: result.metrics.spec,
      schema: result.task === 'regression' ? result.schema : (result.schema ?? { features: result.metrics.features, label: 'label', classNames: result.classNames }),
      standardizer: result.metrics.preprocessing.standardize,
      ...(result.task === 'regression' ? { targetStandardizer: result.metrics.preprocessing.standardizeTarget } : {}),
    });
    written.push('model/');
  }
  return written;
}
