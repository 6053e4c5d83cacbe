/** Bad input to the experiments package (unknown id, bad job); the CLI exits 2 on this code. */
export class ExperimentInputError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ExperimentInputError';
  }
}
