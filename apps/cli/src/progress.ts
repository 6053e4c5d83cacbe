/**
 * Training progress on stderr (stdout stays for results):
 * - on a terminal, a bar with ETA (cli-progress), redrawn in place;
 * - off a terminal (CI, `nohup`, `| tee`), one line per epoch in the style of Keras `verbose=2`,
 *   rate-limited to one line every 2 s, plus the last epoch:
 *   `Epoch 12/100 - 4.1s - loss: 0.4321 - accuracy: 0.8120 - val_loss: 0.5012 - val_accuracy: 0.7800`;
 * - nothing with `--quiet`.
 * The current epoch is also what an interrupt reports ("interrupted at epoch 12/100").
 */
import cliProgress from 'cli-progress';
import type { EpochLogs } from '@mlpkit/train';
import { onInterrupt, setActivity, stderrWritable } from './lifecycle.js';

export type ProgressMode = 'bar' | 'lines' | 'off';

export interface EpochProgress {
  onEpochEnd(logs: EpochLogs): void;
  /**
   * Ends the progress display. `completed` (training finished normally) also prints the last
   * epoch's line off a terminal when it was not printed yet.
   */
  stop(completed?: boolean): void;
}

/** Minimum time between two progress lines off a terminal (ms). */
export const LINE_INTERVAL_MS = 2000;

/** `bar` on a terminal, `lines` elsewhere, `off` with --quiet. */
export function progressMode(o: { quiet?: boolean | undefined }): ProgressMode {
  if (o.quiet) return 'off';
  return process.stderr.isTTY ? 'bar' : 'lines';
}

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(4));

/** Keras's time format: "3s" from one second up, else "38ms". */
const duration = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms)}ms`);

/**
 * One Keras `verbose=2`-style line for `logs`: the epoch, its own time (as Keras prints it), the
 * training time so far, loss and accuracy, and the val_ values when there are some.
 */
export function epochLine(logs: EpochLogs, totalEpochs: number, elapsedMs: number, label?: string): string {
  const parts = [
    `Epoch ${logs.epoch}/${totalEpochs}`,
    `${duration(logs.elapsedMs)}/epoch`,
    `${(elapsedMs / 1000).toFixed(1)}s in all`,
    `loss: ${fmt(logs.loss)}`,
    logs.mae !== undefined ? `mae: ${fmt(logs.mae)}` : `accuracy: ${fmt(logs.accuracy)}`,
  ];
  if (logs.val_loss !== undefined) parts.push(`val_loss: ${fmt(logs.val_loss)}`);
  if (logs.val_accuracy !== undefined) parts.push(`val_accuracy: ${fmt(logs.val_accuracy)}`);
  if (logs.val_mae !== undefined) parts.push(`val_mae: ${fmt(logs.val_mae)}`);
  return `${label ? `${label}: ` : ''}${parts.join(' - ')}`;
}

export interface ProgressOptions {
  /** Shown before the bar / each line (e.g. the experiment id). */
  label?: string;
  /** Names the run in an interrupt message ("interrupted at <activity> epoch 3/150"); default none. */
  activity?: string;
  totalEpochs: number;
  mode: ProgressMode;
  /**
   * Off a terminal, print the last epoch even when no earlier line was printed (default true).
   * `experiments run` prints its own line per experiment, so it passes false.
   */
  alwaysLast?: boolean;
  /** Clock (ms), for tests. */
  now?: () => number;
}

export function epochProgress(o: ProgressOptions): EpochProgress {
  const total = o.totalEpochs;
  let epoch = 0;
  const where = () => `${o.activity ? `${o.activity} ` : ''}epoch ${Math.min(epoch + 1, total)}/${total}`;
  setActivity(where);
  if (o.mode === 'off') {
    return {
      onEpochEnd: (logs) => void (epoch = logs.epoch),
      stop: () => setActivity(undefined),
    };
  }
  if (o.mode === 'lines') {
    const now = o.now ?? (() => performance.now());
    let lastPrinted = now();
    let printedAny = false;
    let last: EpochLogs | undefined;
    let lastWasPrinted = false;
    // The time spent in epochs (as the run's trainMs counts it), not the start-up before them.
    let trainingMs = 0;
    const print = (logs: EpochLogs) => {
      if (stderrWritable()) process.stderr.write(`${epochLine(logs, total, trainingMs, o.label?.trim())}\n`);
      lastPrinted = now();
      printedAny = true;
    };
    return {
      onEpochEnd(logs) {
        epoch = logs.epoch;
        trainingMs += logs.elapsedMs;
        last = logs;
        lastWasPrinted = false;
        const due = now() - lastPrinted >= LINE_INTERVAL_MS;
        const isLast = logs.epoch === total;
        if (due || (isLast && ((o.alwaysLast ?? true) || printedAny))) {
          print(logs);
          lastWasPrinted = true;
        }
      },
      stop(completed = false) {
        setActivity(undefined);
        if (completed && last && !lastWasPrinted && ((o.alwaysLast ?? true) || printedAny)) print(last);
      },
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${o.label ? `${o.label} ` : ''}{bar} {value}/{total} epochs | loss {loss} | {acc}{val} | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '-', acc: 'acc -', val: '' });
  let stopped = false;
  const stopBar = () => {
    if (stopped) return;
    stopped = true;
    // Restores the cursor and line wrap that the bar turned off.
    bar.stop();
  };
  const unregister = onInterrupt(stopBar);
  return {
    onEpochEnd(logs) {
      epoch = logs.epoch;
      bar.update(logs.epoch, {
        loss: fmt(logs.loss),
        acc: logs.mae !== undefined ? `mae ${fmt(logs.mae)}` : `acc ${fmt(logs.accuracy)}`,
        val: logs.val_accuracy !== undefined ? ` | val_acc ${fmt(logs.val_accuracy)}` : logs.val_mae !== undefined ? ` | val_mae ${fmt(logs.val_mae)}` : '',
      });
    },
    stop() {
      setActivity(undefined);
      unregister();
      stopBar();
    },
  };
}
