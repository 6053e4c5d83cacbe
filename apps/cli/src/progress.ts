/**
 * An epoch progress bar with ETA on stderr (cli-progress). Only on an interactive terminal and
 * never under --json, so piped output and machine output stay clean.
 */
import cliProgress from 'cli-progress';
import type { EpochLogs } from '@mlpkit/train';

export interface EpochProgress {
  onEpochEnd(logs: EpochLogs): void;
  stop(): void;
}

const NOOP: EpochProgress = { onEpochEnd() {}, stop() {} };

const fmt = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(4));

export function epochProgress(label: string, totalEpochs: number, enabled: boolean): EpochProgress {
  if (!enabled) return NOOP;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {value}/{total} epochs | loss {loss} | acc {acc}{val} | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalEpochs, 0, { loss: '-', acc: '-', val: '' });
  return {
    onEpochEnd(logs) {
      bar.update(logs.epoch, {
        loss: fmt(logs.loss),
        acc: fmt(logs.accuracy),
        val: logs.val_accuracy !== undefined ? ` | val_acc ${fmt(logs.val_accuracy)}` : '',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
