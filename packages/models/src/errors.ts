/** Bad model spec or a spec that does not fit the data. The CLI exits 2 on this code. */
export class SpecError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}
