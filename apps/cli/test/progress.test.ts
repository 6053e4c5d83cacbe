/**
 * Progress off a terminal (Keras verbose=2 lines, rate-limited) with an injected clock, and the
 * --check verdict rule.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkVerdicts, CheckFailedError } from '../src/check.js';
import { epochLine, epochProgress, LINE_INTERVAL_MS } from '../src/progress.js';

afterEach(() => vi.restoreAllMocks());

function capture(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

const logs = (epoch: number) => ({ epoch, loss: 0.5 / epoch, accuracy: 0.5 + epoch / 1000, elapsedMs: 1 });

describe('epochLine', () => {
  it('formats like Keras verbose=2, with val_ values when present', () => {
    expect(epochLine({ epoch: 12, loss: 0.43214, accuracy: 0.812, elapsedMs: 38.4 }, 100, 4100)).toBe(
      'Epoch 12/100 - 38ms/epoch - 4.1s in all - loss: 0.4321 - accuracy: 0.8120',
    );
    expect(epochLine({ epoch: 3, loss: 1, accuracy: 0.25, val_loss: 2, val_accuracy: 0.5, elapsedMs: 2600 }, 5, 7800, 'spirals-3x12 seed 1')).toBe(
      'spirals-3x12 seed 1: Epoch 3/5 - 3s/epoch - 7.8s in all - loss: 1.0000 - accuracy: 0.2500 - val_loss: 2.0000 - val_accuracy: 0.5000',
    );
  });
});

describe('epochProgress in lines mode', () => {
  it('prints at most one line per interval, plus the last epoch', () => {
    const out = capture();
    let t = 0;
    const p = epochProgress({ totalEpochs: 10, mode: 'lines', now: () => t });
    // Epochs every 700 ms: lines when 2 s have passed since the last one (epochs 3, 6, 9) and epoch 10.
    for (let e = 1; e <= 10; e++) {
      t += 700;
      p.onEpochEnd(logs(e));
    }
    p.stop(true);
    expect(out.map((l) => l.split(' - ')[0])).toEqual(['Epoch 3/10', 'Epoch 6/10', 'Epoch 9/10', 'Epoch 10/10']);
    expect(LINE_INTERVAL_MS).toBe(2000);
  });

  it('a short run prints only its last epoch; with alwaysLast false, nothing', () => {
    const out = capture();
    let t = 0;
    const p = epochProgress({ totalEpochs: 5, mode: 'lines', now: () => t });
    for (let e = 1; e <= 5; e++) p.onEpochEnd(logs(e)), (t += 10);
    p.stop(true);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^Epoch 5\/5 - /);
    const q = epochProgress({ totalEpochs: 5, mode: 'lines', alwaysLast: false, now: () => t });
    for (let e = 1; e <= 5; e++) q.onEpochEnd(logs(e));
    q.stop(true);
    expect(out).toHaveLength(1);
  });

  it('a run that stops early (target accuracy) prints its final epoch on stop(true), not on failure', () => {
    const out = capture();
    let t = 0;
    const p = epochProgress({ totalEpochs: 100, mode: 'lines', now: () => t });
    for (let e = 1; e <= 7; e++) p.onEpochEnd(logs(e)), (t += 10);
    p.stop(true);
    expect(out.map((l) => l.split(' - ')[0])).toEqual(['Epoch 7/100']);
    const failed = epochProgress({ totalEpochs: 100, mode: 'lines', now: () => t });
    failed.onEpochEnd(logs(1));
    failed.stop(false);
    expect(out).toHaveLength(1);
  });

  it('off mode prints nothing', () => {
    const out = capture();
    const p = epochProgress({ totalEpochs: 3, mode: 'off' });
    for (let e = 1; e <= 3; e++) p.onEpochEnd(logs(e));
    p.stop(true);
    expect(out).toEqual([]);
  });
});

describe('checkVerdicts (--check)', () => {
  it('passes when every experiment agrees', () => {
    expect(() => checkVerdicts([{ id: 'a', agrees: true }, { id: 'b', agrees: true }])).not.toThrow();
  });

  it('fails (exit 1: MLPKIT_RUNTIME) naming each disagreeing experiment', () => {
    expect(() => checkVerdicts([{ id: 'linear-logreg', agrees: false }, { id: 'moons-ann', agrees: true }])).toThrow(
      new CheckFailedError('--check: 1 of 2 experiments disagrees with the tutorial: linear-logreg'),
    );
    try {
      checkVerdicts([{ id: 'a', agrees: false }, { id: 'b', agrees: false }, { id: 'c', agrees: true }]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CheckFailedError);
      expect((err as CheckFailedError).code).toBe('MLPKIT_RUNTIME');
      expect((err as Error).message).toBe('--check: 2 of 3 experiments disagree with the tutorials: a, b');
    }
  });
});
