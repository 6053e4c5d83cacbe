/** Bad generator / helper parameters. The CLI exits 2 on `MLPKIT_INVALID_INPUT`. */
export class DatasetParamError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  constructor(message: string) {
    super(message);
    this.name = 'DatasetParamError';
  }
}

/** Bad CSV input. `row` is 1-based as in the file (the header is row 1). */
export class CsvError extends Error {
  readonly code = 'MLPKIT_INVALID_INPUT' as const;
  readonly row?: number;
  readonly column?: string;
  constructor(message: string, where: { row?: number; column?: string } = {}) {
    super(message);
    this.name = 'CsvError';
    if (where.row !== undefined) this.row = where.row;
    if (where.column !== undefined) this.column = where.column;
  }
}
