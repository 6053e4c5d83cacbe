/** Thrown for bad plot input (empty history, grid size mismatch, NaN values, mismatched lengths). */
export class PlotInputError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PlotInputError';
  }
}

/** Thrown when an optional runtime dependency (e.g. @resvg/resvg-js for PNG output) is missing or fails. */
export class PlotRuntimeError extends Error {
  readonly code = 'MLPKIT_RUNTIME' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlotRuntimeError';
  }
}
