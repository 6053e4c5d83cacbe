/** Bad model spec or a spec that does not fit the data. The CLI exits 2 on this code. */
export class SpecError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

/**
 * A model output that is not a finite number (NaN or ±Infinity), e.g. for inputs far outside the
 * range the model was trained on (float32 overflow) or weights that diverged. Raised instead of
 * silently decoding NaN as class 0. The CLI exits 2 on this code.
 */
export class OutputError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  /** 0-based row of the first non-finite output. */
  readonly row: number;
  constructor(message: string, row: number) {
    super(message);
    this.name = 'OutputError';
    this.row = row;
  }
}
