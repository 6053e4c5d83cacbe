import { toCsv, type ToCsvOptions } from './csv.js';
import { DatasetParamError } from './errors.js';
import { datasetSize, yWidth, type AnyDataset } from './types.js';

export interface CsvChunkOptions extends ToCsvOptions {
  /** Data rows per chunk (the header rides with the first). Default 10000. */
  rowsPerChunk?: number;
}

/** The rows [start, end) of `d` as a view (no copy). */
function rowView<D extends AnyDataset>(d: D, start: number, end: number): D {
  const w = yWidth(d);
  return { ...d, x: d.x.subarray(start * d.features, end * d.features), y: d.y.subarray(start * w, end * w) };
}

/**
 * `toCsv(d)` in pieces of at most `rowsPerChunk` rows: the chunks concatenated are exactly
 * `toCsv(d, o)`, and only one chunk's text exists at a time, so a file of any row count is
 * written with flat memory. Each chunk ends with a newline. The header (unless `header: false`)
 * comes with the first chunk; a dataset with no rows yields the header alone. Throws
 * DatasetParamError (MLPKIT_INVALID_INPUT) on a bad `rowsPerChunk` and as `toCsv` does.
 *
 * In Node: `await pipeline(Readable.from(toCsvChunks(d)), createWriteStream(path))`.
 */
export function* toCsvChunks(d: AnyDataset, o: CsvChunkOptions = {}): Generator<string, void, undefined> {
  const { rowsPerChunk = 10000, ...csvOptions } = o;
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) {
    throw new DatasetParamError(`toCsvChunks: rowsPerChunk must be an integer ≥ 1, got ${rowsPerChunk}`);
  }
  const n = datasetSize(d);
  if (d.x.length !== n * d.features) {
    throw new DatasetParamError(`toCsvChunks: x has ${d.x.length} values for ${n} rows × ${d.features} features`);
  }
  const withHeader = csvOptions.header !== false;
  if (n === 0) {
    const text = toCsv(d, csvOptions);
    if (text !== '') yield text;
    return;
  }
  for (let start = 0; start < n; start += rowsPerChunk) {
    const end = Math.min(n, start + rowsPerChunk);
    yield toCsv(rowView(d, start, end), { ...csvOptions, header: withHeader && start === 0 });
  }
}

/**
 * Writes `toCsv(d, o)` through `write`, one chunk of at most `rowsPerChunk` rows at a time (see
 * `toCsvChunks`). Returns the number of data rows written.
 */
export function writeCsv(d: AnyDataset, write: (chunk: string) => void, o: CsvChunkOptions = {}): number {
  for (const chunk of toCsvChunks(d, o)) write(chunk);
  return datasetSize(d);
}
