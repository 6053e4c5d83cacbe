import { describe, expect, it } from 'vitest';
import { CsvError, circles, type Dataset, parseCsv, parseCsvWithInfo, spiral, toCsv, xorGauss } from '../src/index.js';

function expectCsvError(text: string, message: string, where: { row?: number; column?: string } = {}, o = {}): void {
  let caught: unknown;
  try {
    parseCsv(text, o);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CsvError);
  const err = caught as CsvError;
  expect(err.code).toBe('MLPKIT_INVALID_INPUT');
  expect(err.message).toBe(message);
  expect(err.row).toBe(where.row);
  expect(err.column).toBe(where.column);
}

describe('parseCsv', () => {
  it('reads features, string labels (sorted ids, names kept) and feature names', () => {
    const d = parseCsv('height,weight,species\n1.5,60,dog\n0.3,4,cat\n1.7,70,dog\n0.25,3.5,cat\n0.1,0.02,mouse\n', {
      name: 'pets',
    });
    expect(d.name).toBe('pets');
    expect(d.features).toBe(2);
    expect(d.featureNames).toEqual(['height', 'weight']);
    expect(d.classNames).toEqual(['cat', 'dog', 'mouse']);
    expect(d.classes).toBe(3);
    expect(Array.from(d.y)).toEqual([1, 0, 1, 0, 2]);
    expect(Array.from(d.x)).toEqual([1.5, 60, 0.3, 4, 1.7, 70, 0.25, 3.5, 0.1, 0.02].map(Math.fround));
  });

  it('numeric labels are one class per value, in numeric order, named canonically', () => {
    const d = parseCsv('a,b\n1,10\n2,3\n3,1.0\n4,3\n5,1e0\n6,+1\n7,9\n');
    expect(d.classNames).toEqual(['1', '3', '9', '10']);
    expect(Array.from(d.y)).toEqual([3, 1, 0, 1, 0, 0, 2]);
  });

  it('uses the column named "label" wherever it is, else the last column, or the chosen one', () => {
    const text = 'label,p,q\nyes,1,2\nno,3,4\n';
    const d = parseCsv(text);
    expect(d.featureNames).toEqual(['p', 'q']);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4]);
    expect(d.classNames).toEqual(['no', 'yes']);
    const byName = parseCsv('p,q,r\n1,0,5\n2,1,6\n', { labelColumn: 'q' });
    expect(byName.featureNames).toEqual(['p', 'r']);
    expect(Array.from(byName.y)).toEqual([0, 1]);
    const byIndex = parseCsv('p,q,r\n1,0,5\n2,1,6\n', { labelColumn: 0 });
    expect(byIndex.featureNames).toEqual(['q', 'r']);
    expect(byIndex.classNames).toEqual(['1', '2']);
    const last = parseCsv('p,q,r\n1,0,5\n2,1,6\n');
    expect(last.classNames).toEqual(['5', '6']);
  });

  it('handles quotes, CRLF, BOM, blank lines, spaces and tab delimiters', () => {
    const d = parseCsv('\ufeff"x, cm",y,label\r\n 1 ,2,"a, b"\r\n\r\n3,4,c\r\n');
    expect(d.featureNames).toEqual(['x, cm', 'y']);
    expect(d.classNames).toEqual(['a, b', 'c']);
    expect(Array.from(d.x)).toEqual([1, 2, 3, 4]);
    const tsv = parseCsv('x\ty\tlabel\n1\t2\ta\n3\t4\tb\n');
    expect(Array.from(tsv.x)).toEqual([1, 2, 3, 4]);
  });
});

describe('parseCsv errors name the row (header = row 1) and column', () => {
  it('missing feature value', () => {
    expectCsvError('x0,x1,label\n1,2,a\n3,,b\n', 'CSV row 3, column "x1": missing value (1 row has missing values); remove or fill in the rows with missing values: mlpkit does not impute them', { row: 3, column: 'x1' });
  });
  it('missing label', () => {
    expectCsvError('x0,x1,label\n1,2,a\n3,4, \n', 'CSV row 3, column "label": missing value (1 row has missing values); remove or fill in the rows with missing values: mlpkit does not impute them', { row: 3, column: 'label' });
  });
  it('non-numeric feature', () => {
    expectCsvError('x0,x1,label\n1,2,a\n3,4,b\nabc,5,a\n', 'CSV row 4, column "x0": "abc" is not a number', {
      row: 4,
      column: 'x0',
    });
  });
  it('non-finite feature', () => {
    expectCsvError('x0,x1,label\n1,Infinity,a\n', 'CSV row 2, column "x1": "Infinity" is not a number', {
      row: 2,
      column: 'x1',
    });
  });
  it('hex, binary and other non-decimal spellings are not numbers', () => {
    expectCsvError('x0,x1,label\n1,0x1A,a\n', 'CSV row 2, column "x1": "0x1A" is not a number', { row: 2, column: 'x1' });
    expectCsvError('x0,x1,label\n0b1,2,a\n', 'CSV row 2, column "x0": "0b1" is not a number', { row: 2, column: 'x0' });
    expectCsvError('x0,x1,label\n1,2,a\n1,NaN,b\n', 'CSV row 3, column "x1": "NaN" is not a number', { row: 3, column: 'x1' });
    // Decimal and scientific notation are read; a label spelled in hex is text, and text mixed
    // with numbers in one label column is refused, as scikit-learn does.
    const d = parseCsv('x0,x1,label\n-1.5e2,.5,9\n+3.,4E-1,8\n');
    expect(Array.from(d.x)).toEqual([-150, 0.5, 3, 0.4].map(Math.fround));
    expectCsvError(
      'x0,x1,label\n-1.5e2,.5,9\n+3.,4E-1,0x10\n',
      'CSV column "label" mixes numbers and text (row 2: "9", row 3: "0x10"), as scikit-learn refuses ("Mix of label input types"); fix the file, or choose another column with --label-column',
      { column: 'label' },
    );
  });
  it('one class only', () => {
    expectCsvError('x0,x1,label\n1,2,a\n3,4,a\n', 'CSV column "label": only one class ("a"); a classifier needs at least 2', {
      column: 'label',
    });
  });
  it('empty file', () => {
    expectCsvError('', 'CSV is empty: expected rows of comma-separated values');
    expectCsvError(' \n\n', 'CSV is empty: expected rows of comma-separated values');
  });
  it('header without data rows', () => {
    expectCsvError('x0,x1,label\n', 'CSV has a header but no data rows', { row: 2 });
  });
  it('ragged row (too few and too many fields)', () => {
    expectCsvError('x0,x1,label\n1,2,a\n3,4,b\n5,6\n', 'CSV row 4: expected 3 fields (as in the first row), got 2', { row: 4 });
    expectCsvError('x0,x1,label\n1,2,a,9\n', 'CSV row 2: expected 3 fields (as in the first row), got 4', { row: 2 });
  });
  it('blank lines keep the file row numbers', () => {
    expectCsvError('x0,x1,label\n1,2,a\n\n3,x,b\n', 'CSV row 4, column "x1": "x" is not a number', { row: 4, column: 'x1' });
  });
  it('unknown label column (name or index)', () => {
    expectCsvError('x0,x1,y\n1,2,a\n', 'CSV: label column "target" not found; columns are x0, x1, y', { column: 'target' }, {
      labelColumn: 'target',
    });
    expectCsvError('x0,x1,y\n1,2,a\n', 'CSV: label column index 3 is out of range; there are 3 columns (0..2, or -1 for the last)', {}, {
      labelColumn: 3,
    });
    expectCsvError('x0,x1,y\n1,2,a\n', 'CSV: label column index -4 is out of range; there are 3 columns (0..2, or -1 for the last)', {}, {
      labelColumn: '-4',
    });
  });
  it('a single column, duplicate or empty header names', () => {
    expectCsvError('label\na\nb\n', 'CSV has 1 column; need at least one feature column and a label column');
    expectCsvError('x,x,label\n1,2,a\n', 'CSV row 1: duplicate column name "x"', { row: 1, column: 'x' });
    // A column without a name is named unnamed_<index> (pandas' index column); one without values is dropped.
    expect(parseCsvWithInfo('x,,label\n1,2,a\n3,4,b\n').data.featureNames).toEqual(['x', 'unnamed_1']);
    const trailing = parseCsvWithInfo('x,y,label,\n1,2,a,\n3,4,b,\n');
    expect(trailing.data.featureNames).toEqual(['x', 'y']);
    expect(trailing.info.notes).toEqual(['dropped column 3 (0-based): it has no name and no values (a trailing delimiter)']);
  });
  it('unterminated quote', () => {
    let caught: unknown;
    try {
      parseCsv('x,y,label\n1,2,"a\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvError);
    expect((caught as CsvError).row).toBe(2);
    expect((caught as Error).message).toMatch(/^CSV row 2: /);
  });
});

describe('toCsv / parseCsv round trip', () => {
  const sameData = (a: Dataset, b: Dataset) => {
    expect(b.x).toEqual(a.x);
    expect(b.y).toEqual(a.y);
    expect(b.features).toBe(a.features);
    expect(b.classes).toBe(a.classes);
  };

  it('writes x0,x1,label with shortest float32 text and ids', () => {
    const text = toCsv({ name: 't', x: Float32Array.from([0.1, -2, 3.25, 1e-7]), y: Int32Array.from([1, 0]), features: 2, classes: 2 });
    expect(text).toBe('x0,x1,label\n0.1,-2,1\n3.25,1e-7,0\n');
  });

  it('generated datasets survive exactly (float32 values and label ids)', () => {
    for (const d of [circles({ samples: 500, seed: 1 }), spiral({ samples: 300, seed: 2 }), xorGauss({ samples: 300 })]) {
      const back = parseCsv(toCsv(d));
      sameData(d, back);
      expect(back.featureNames).toEqual(['x0', 'x1']);
    }
  });

  it('a parsed CSV with string labels and quoted names round-trips to an equal dataset', () => {
    const original = parseCsv('"len, mm",width,label\n1.25,2,"big, red"\n3,4.5,small\n0.001,-7,small\n');
    expect(parseCsv(toCsv(original))).toEqual(original);
  });
});
