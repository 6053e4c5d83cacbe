/** A backend that is unknown or cannot load here. The CLI exits 2 on this code. */
export class BackendUnavailableError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(
    message: string,
    /** The backend that was asked for. */
    readonly backend: string,
  ) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/** Bad training options (epochs, batch size, validation split, data shapes …). */
export class TrainOptionsError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'TrainOptionsError';
  }
}

/** Training failed at run time, e.g. the loss diverged. The CLI exits 1 on this code. */
export class TrainingError extends Error {
  readonly code = 'MLPKIT_RUNTIME' as const;
  constructor(message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** A saved model that is missing, unreadable or inconsistent; or a bad save target. */
export class ModelFileError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}
