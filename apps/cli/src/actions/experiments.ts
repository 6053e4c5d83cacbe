/**
 * The work of `mlpkit experiments list|run` (loaded on demand: it pulls in TF.js).
 */
import '../tf-quiet.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildExperimentJob,
  comparisons,
  comparisonSvg,
  experiments,
  indexReportHtml,
  judgeExperiment,
  resolveExperimentIds,
  runSeeds,
  runExperiment,
  type ExperimentDefinition,
  type ExperimentVerdict,
  type IndexComparison,
  type JobResult,
  type MetricsJson,
} from '@mlpkit/experiments';
import { summary } from '@mlpkit/models';
import { toPng } from '@mlpkit/plot/png';
import { jobOutputNames, writeJobOutputs } from '../artifacts.js';
import { checkVerdicts } from '../check.js';
import { createSeedPool, defaultJobs, type SeedPool } from '../pool.js';
import { describeCommit, openOutputDir } from '../outdir.js';
import { epochProgress, progressMode } from '../progress.js';
import { textTable, type Terminal } from '../terminal.js';

/** What a comparison plot needs of a run (JobResult's fields, without the trainer). */
type ComparisonPlots = Pick<JobResult, 'grid' | 'evaluation' | 'classNames' | 'metrics'>;

export interface RunOpts {
  /** Worker threads for the runs (default: defaultJobs, one per core for large work, else 1: one after the other here). */
  jobs?: number;
  out?: string;
  seed: number;
  /** NumPy RandomState seed for every dataset that supports it (default: the tutorials' own). */
  randomState?: number;
  /** Unset: each experiment's default (1, or 10 for xor-table). */
  seeds?: number;
  backend: string;
  json?: boolean;
  png: boolean;
  force?: boolean;
  quiet?: boolean;
  /** Exit 1 when any experiment disagrees with its tutorial. */
  check?: boolean;
}

function describeSetup(def: ExperimentDefinition): string {
  const ev = def.evaluation;
  const evaluated =
    ev.kind === 'test' ? 'fresh test set' : ev.kind === 'rows' ? `validation rows ${ev.validation[0]}-${ev.validation[1]}` : 'training data';
  const epochs =
    def.fit.stopAtAccuracy !== undefined
      ? `until ${def.fit.stopAtAccuracy * 100}% (cap ${def.fit.epochs})`
      : `${def.fit.epochs} epoch${def.fit.epochs === 1 ? '' : 's'}`;
  return `${def.data.dataset}; ${epochs}, batch ${def.fit.batchSize}; on ${evaluated}`;
}

export function listAction(o: { json?: boolean }, term: Terminal): void {
  if (o.json) {
    // Everything but the `agrees` function, which JSON cannot hold (its rule is `reported.tolerance`).
    term.json(experiments.map(({ agrees: _agrees, ...def }) => def));
    return;
  }
  term.print(
    textTable(
      ['id', 'tutorial', 'setup', 'reported'],
      experiments.map((e) => [e.id, e.tutorial, describeSetup(e), e.reported.text]),
    ),
  );
}

export async function runAction(ids: string[], o: RunOpts, term: Terminal): Promise<void> {
  const defs = resolveExperimentIds(ids);
  const started = performance.now();
  const out = o.out !== undefined ? openOutputDir(o.out, {
    force: o.force,
    expected: [
      'summary.json',
      'report.html',
      ...defs.flatMap((d) => jobOutputNames({ png: o.png }, `${d.id}/`)),
      // The side-by-side comparisons whose experiments all run (as writeComparisons writes them).
      ...comparisons
        .filter((c) => c.experiments.every((id) => defs.some((d) => d.id === id)))
        .flatMap((c) => [`comparison-${c.id}.svg`, ...(o.png ? [`comparison-${c.id}.png`] : [])]),
    ],
  }) : undefined;
  const mode = progressMode(o);
  let wrote: string | undefined;
  const verdicts: ExperimentVerdict[] = [];
  const perSeed: Array<{ id: string; runs: Array<{ seed: number; metrics: MetricsJson }> }> = [];
  const backends = new Set<string>();
  // First-seed results of experiments that a comparison sets side by side (their trainers are
  // disposed; the plots need only the data and the boundary grid).
  const compared = new Set(comparisons.flatMap((c) => c.experiments));
  const comparable: ComparisonPlots[] = [];
  const tasks = defs.flatMap((def) => runSeeds(def, o.seed, o.seeds).map((seed, k) => ({ def, seed, k })));
  const workOf = new Map(
    defs.map((def) => {
      const job = buildExperimentJob(def, { seed: o.seed, grid: false });
      return [def.id, { epochs: def.fit.epochs, rows: job.train.y.length, batchSize: def.fit.batchSize, params: summary(job.spec).totalParams }] as const;
    }),
  );
  const jobs = Math.min(o.jobs ?? defaultJobs(tasks.map((t) => workOf.get(t.def.id)!)), tasks.length);
  try {
    /** Runs one seed in this thread (with epoch progress), or in the pool. */
    const runOne = async (def: ExperimentDefinition, seed: number, k: number, label: string, pool?: SeedPool): Promise<{ metrics: MetricsJson; plots?: ComparisonPlots }> => {
      // Only the first seed's run is written out; the others just need their numbers.
      const full = k === 0 && out !== undefined;
      const dir = full ? join(out.path, def.id) : undefined;
      if (dir) mkdirSync(dir);
      try {
        if (pool) {
          const r = await pool.run({
            kind: 'experiment',
            id: def.id,
            seed,
            backend: o.backend,
            ...(o.randomState !== undefined ? { randomState: o.randomState } : {}),
            grid: full ? { nx: 101, ny: 101 } : false,
            ...(dir ? { outDir: dir } : {}),
            png: o.png,
            keepPlots: full && compared.has(def.id),
          });
          // Seed experiments are classifiers (the tutorials'); a regression result would be a bug.
          if (r.metrics.task === 'regression') throw new Error(`experiment ${def.id} returned regression metrics`);
          const metrics = r.metrics;
          return { metrics, ...(r.plots ? { plots: { ...r.plots, metrics } } : {}) };
        }
        const progress = epochProgress({ label: mode === 'bar' ? label.padEnd(24) : label, activity: label, totalEpochs: def.fit.epochs, mode, alwaysLast: false });
        let result: JobResult;
        try {
          result = await runExperiment(def, {
            seed,
            backend: o.backend,
            ...(o.randomState !== undefined ? { randomState: o.randomState } : {}),
            grid: full ? { nx: 101, ny: 101 } : false,
            onEpochEnd: (logs) => progress.onEpochEnd(logs),
          });
          progress.stop(true);
        } catch (err) {
          progress.stop();
          throw err;
        }
        try {
          if (dir) await writeJobOutputs(dir, result, { png: o.png });
          return { metrics: result.metrics, ...(full && compared.has(def.id) ? { plots: { grid: result.grid, evaluation: result.evaluation, classNames: result.classNames, metrics: result.metrics } } : {}) };
        } finally {
          result.trainer.dispose();
        }
      } catch (err) {
        if (err instanceof Error) err.message = `${def.id} (seed ${seed}): ${err.message}`;
        throw err;
      }
    };

    const pool = jobs > 1 ? createSeedPool(jobs) : undefined;
    if (pool && !o.quiet && !o.json) term.note(`running ${tasks.length} runs on ${jobs} workers (--jobs)`);
    const dispatch = (t: (typeof tasks)[number]) => {
      const label = runSeeds(t.def, o.seed, o.seeds).length > 1 ? `${t.def.id} seed ${t.seed}` : t.def.id;
      return runOne(t.def, t.seed, t.k, label, pool);
    };
    // In the pool, every run is dispatched at once; in this thread, one after the other.
    const outcomes = pool ? tasks.map(dispatch) : [];
    // A failed run is reported when its turn comes; until then its rejection is expected.
    for (const p of outcomes) p.catch(() => {});
    try {
      // Experiments are judged (and their line printed) in table order as their runs complete.
      let next = 0;
      for (const def of defs) {
        const count = runSeeds(def, o.seed, o.seeds).length;
        const t0 = performance.now();
        const results = [];
        for (let i = next; i < next + count; i++) results.push(await (pool ? outcomes[i]! : dispatch(tasks[i]!)));
        const runs = results.map((r, i) => ({ seed: tasks[next + i]!.seed, metrics: r.metrics }));
        next += count;
        for (const r of results) {
          backends.add(r.metrics.backend);
          if (r.plots) comparable.push(r.plots);
        }
        const verdict = judgeExperiment(def, runs);
        verdicts.push(verdict);
        perSeed.push({ id: def.id, runs });
        if (!o.json && !o.quiet) {
          const mark = verdict.agrees ? term.err.green('✓') : term.err.red('✗');
          term.note(`${mark} ${def.id.padEnd(20)} ${verdict.measuredText}  ${term.err.dim(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`)}`);
        }
      }
    } finally {
      await Promise.allSettled(outcomes);
      await pool?.close();
    }
    const elapsedMs = performance.now() - started;
    const backend = [...backends].join(', ');
    if (out) {
      const summary = {
        backend,
        seed: o.seed,
        elapsedMs: Math.round(elapsedMs),
        experiments: verdicts.map((v, i) => ({
          ...v,
          runs: perSeed[i]!.runs.map(({ seed, metrics: m }) => ({
            seed,
            accuracy: m.accuracy,
            epochs: m.epochs,
            ...(m.epochsTo100 !== undefined ? { epochsTo100: m.epochsTo100 } : {}),
            trainMs: m.trainMs,
          })),
        })),
      };
      writeFileSync(join(out.path, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      const sideBySide = await writeComparisons(out.path, comparable, o.png);
      writeFileSync(
        join(out.path, 'report.html'),
        indexReportHtml(
          verdicts.map((v) => {
            const def = defs.find((d) => d.id === v.id)!;
            return { verdict: v, href: `${v.id}/report.html`, title: def.title, tutorial: def.tutorial };
          }),
          { backend, seed: o.seed, elapsedMs, comparisons: sideBySide },
        ),
      );
      wrote = describeCommit(o.out!, out.commit());
    }
    const check = () => {
      if (o.check) checkVerdicts(verdicts);
    };
    if (o.json) {
      term.json({ backend, seed: o.seed, elapsedMs: Math.round(elapsedMs), ...(out ? { out: out.target } : {}), experiments: verdicts });
      if (wrote && !o.quiet) term.note(wrote);
      check();
      return;
    }
    term.print('');
    term.print(
      textTable(
        ['id', 'reported', 'measured', 'agrees'],
        verdicts.map((v) => [v.id, v.reported, v.measuredText, `${v.agrees ? '✓' : '✗'}${v.seeds.length > 1 ? ` ${v.agreeing}/${v.seeds.length}` : ''}`]),
      ),
    );
    const agreeing = verdicts.filter((v) => v.agrees).length;
    const runCount = verdicts.reduce((n, v) => n + v.seeds.length, 0);
    term.print('');
    term.print(
      `${agreeing}/${verdicts.length} agree with the tutorials · ${runCount} run${runCount > 1 ? 's' : ''} of ${defs.length} experiment${defs.length > 1 ? 's' : ''} in ${(elapsedMs / 1000).toFixed(1)} s · backend ${backend}`,
    );
    if (wrote && !o.quiet) term.note(`${wrote}; open ${join(o.out!, 'report.html')}`);
    check();
  } catch (err) {
    out?.abort();
    throw err;
  }
}

/** Writes comparison-<id>.svg (and .png) for each comparison whose experiments all ran. */
async function writeComparisons(dir: string, results: readonly ComparisonPlots[], png: boolean): Promise<IndexComparison[]> {
  const written: IndexComparison[] = [];
  for (const c of comparisons) {
    const svg = comparisonSvg(c, results);
    if (svg === null) continue;
    writeFileSync(join(dir, `comparison-${c.id}.svg`), svg);
    if (png) writeFileSync(join(dir, `comparison-${c.id}.png`), await toPng(svg));
    written.push({ title: c.title, svg, experiments: c.experiments });
  }
  return written;
}
