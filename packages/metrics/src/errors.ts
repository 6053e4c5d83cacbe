/**
 * Thrown for bad input to any metric: mismatched lengths, empty input, labels that are not class
 * ids or are out of range, probabilities that are NaN or outside [0, 1], bad options.
 * The `code` lets callers (the CLI exits 2) tell bad input from runtime failures.
 */
export class MetricsInputError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;

  constructor(message: string) {
    super(message);
    this.name = 'MetricsInputError';
  }
}
