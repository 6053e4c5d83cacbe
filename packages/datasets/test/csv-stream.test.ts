import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blobs, type Dataset, DatasetParamError, parseCsv, spiral, toCsv, toCsvChunks, writeCsv } from '../src/index.js';

/** Class names and feature names that need CSV quoting (commas, quotes, edge spaces, newlines). */
function awkward(n: number): Dataset {
  const d = spiral({ samples: 3 * n, classes: 3, seed: 4 });
  return { ...d, classNames: ['a, b', ' padded ', 'say "hi"\nbye'], featureNames: ['x, cm', 'y "in"'] };
}

describe('toCsvChunks / writeCsv: toCsv in bounded chunks', () => {
  it('the chunks concatenated equal toCsv for any chunk size, with and without header', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 130 }), fc.boolean(), (n, rowsPerChunk, header) => {
        const d = n === 0 ? { ...awkward(1), x: new Float32Array(0), y: new Int32Array(0) } : awkward(n);
        const chunks = [...toCsvChunks(d, { rowsPerChunk, header })];
        expect(chunks.join('')).toBe(toCsv(d, { header }));
        const rows = d.y.length;
        expect(chunks.length).toBe(rows === 0 ? (header ? 1 : 0) : Math.ceil(rows / rowsPerChunk));
        for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips through parseCsv (names with commas, quotes, spaces and newlines kept)', () => {
    const d = awkward(40);
    const back = parseCsv([...toCsvChunks(d, { rowsPerChunk: 7 })].join(''));
    expect(back.x).toEqual(d.x);
    expect(back.featureNames).toEqual(d.featureNames);
    expect(Array.from(back.y, (id) => back.classNames![id])).toEqual(Array.from(d.y, (id) => d.classNames![id]));
  });

  it('writeCsv calls write once per chunk and returns the row count', () => {
    const d = blobs({ samples: 25_001, seed: 2 });
    const seen: string[] = [];
    expect(writeCsv(d, (chunk) => seen.push(chunk), { rowsPerChunk: 10_000 })).toBe(25_001);
    expect(seen.length).toBe(3);
    expect(seen.join('')).toBe(toCsv(d));
    expect(seen[0]!.startsWith('x0,x1,label\n')).toBe(true);
    expect(seen[1]!.split('\n').length - 1).toBe(10_000);
    expect(seen[2]!.split('\n').length - 1).toBe(5_001);
  });

  it('rejects a bad chunk size and inconsistent arrays with DatasetParamError', () => {
    const d = blobs({ samples: 10 });
    for (const [rowsPerChunk, text] of [
      [0, 'toCsvChunks: rowsPerChunk must be an integer ≥ 1, got 0'],
      [2.5, 'toCsvChunks: rowsPerChunk must be an integer ≥ 1, got 2.5'],
    ] as const) {
      expect(() => [...toCsvChunks(d, { rowsPerChunk })]).toThrow(DatasetParamError);
      expect(() => [...toCsvChunks(d, { rowsPerChunk })]).toThrow(text);
    }
    expect(() => [...toCsvChunks({ ...d, x: d.x.subarray(1) })]).toThrow('toCsvChunks: x has 19 values for 10 rows × 2 features');
  });
});
