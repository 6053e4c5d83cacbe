/** Sentences the page shows about a run (pure, unit-tested). */

/** @mlpkit/train's divergence reason in plain words ("loss is NaN" → "the loss became NaN"). */
export function plainReason(reason: string): string {
  const loss = /^loss is (.+)$/.exec(reason);
  if (loss) return `the loss became ${loss[1]}`;
  if (/^weights are not finite/.test(reason)) return 'the weights became infinite or NaN';
  if (/saturated/.test(reason)) return 'the loss stuck at its highest value (the outputs saturated on the wrong side)';
  return reason;
}

/**
 * What the page says when training diverged in epoch `epoch` and the run went back to the
 * weights of epoch `restored`. The only epoch number it names is `restored`: the one the epoch
 * counter shows after the divergence.
 */
export function divergenceMessage(epoch: number, reason: string, restored: number, learningRate: number): string {
  const what = plainReason(reason);
  const span = Math.max(1, epoch - restored);
  const within = span === 1 ? 'in the next epoch' : `within the next ${span} epochs`;
  const lead = restored === 0 ? `Training diverged from the start: ${within.replace('next', 'first')} ${what}.` : `Training diverged after epoch ${restored}: ${within} ${what}.`;
  const weights = restored === 0 ? 'its initial weights' : `its weights of epoch ${restored} (the last good ones)`;
  return `${lead} The run went back to epoch ${restored} and is paused there, with ${weights}. The learning rate (${learningRate}) is probably too high: lower it, then press Resume — or Reset to start over.`;
}
