/**
 * `experiments run --check`: a failed check is a runtime failure (exit 1), not bad input.
 */

/** Thrown by `experiments run --check` when an experiment disagrees with its tutorial (exit 1). */
export class CheckFailedError extends Error {
  readonly code = 'MLPKIT_RUNTIME' as const;
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailedError';
  }
}

/** Throws CheckFailedError naming every experiment whose verdict disagrees; returns otherwise. */
export function checkVerdicts(verdicts: ReadonlyArray<{ id: string; agrees: boolean }>): void {
  const disagreeing = verdicts.filter((v) => !v.agrees).map((v) => v.id);
  if (disagreeing.length === 0) return;
  const n = verdicts.length;
  const one = disagreeing.length === 1;
  throw new CheckFailedError(
    `--check: ${disagreeing.length} of ${n} experiment${n > 1 ? 's' : ''} disagree${one ? 's' : ''} with the tutorial${one ? '' : 's'}: ${disagreeing.join(', ')}`,
  );
}
