/**
 * The data contract from CSV to prediction: header detection, label columns and types, quoted
 * fields after spaces, matching another file to a model's schema by column name and labels by
 * value, JSON datasets, and the toCsv → parseCsv round trip as a property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alignCsv,
  canonicalLabel,
  CsvError,
  DatasetParamError,
  detectHeader,
  encodeLabels,
  maxClasses,
  parseCsv,
  parseCsvWithInfo,
  parseDatasetJson,
  readCsvTable,
  toCsv,
  toDatasetJson,
  trimFields,
  typeOfTarget,
  type Dataset,
  type DataSchema,
} from '../src/index.js';

/** A Pima-diabetes-like file: 768 rows, 8 numeric features, 0/1 label last, no header. */
function pimaLike(): string {
  const lines: string[] = [];
  for (let r = 0; r < 768; r++) {
    const f = [r % 17, 80 + (r * 7) % 120, 60 + (r % 40), (r * 3) % 50, (r * 11) % 300, 20 + (r % 30) + 0.5, ((r * 13) % 1000) / 1000, 21 + (r % 50)];
    lines.push([...f, r % 3 === 0 ? 1 : 0].join(','));
  }
  lines[0] = '6,148,72,35,0,33.6,0.627,50,1';
  return `${lines.join('\n')}\n`;
}

const IRIS_DATA = '5.1,3.5,1.4,0.2,Iris-setosa\n4.9,3.0,1.4,0.2,Iris-setosa\n7.0,3.2,4.7,1.4,Iris-versicolor\n6.4,3.2,4.5,1.5,Iris-versicolor\n6.3,3.3,6.0,2.5,Iris-virginica\n5.8,2.7,5.1,1.9,Iris-virginica\n';

describe('header detection', () => {
  it('a headerless numeric file keeps every row (Pima: 768 rows, not 767)', () => {
    const { data, info } = parseCsvWithInfo(pimaLike());
    expect(info).toMatchObject({ hasHeader: false, headerSource: 'detected', labelColumn: 'x8', rows: 768, target: 'binary' });
    expect(data.y.length).toBe(768);
    expect(data.featureNames).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7']);
    expect(Array.from(data.x.subarray(0, 8))).toEqual([6, 148, 72, 35, 0, 33.6, 0.627, 50].map(Math.fround));
    expect(data.y[0]).toBe(1);
  });

  it('a headerless file with text labels (UCI iris.data) keeps its first row', () => {
    const { data, info } = parseCsvWithInfo(IRIS_DATA);
    expect(info.hasHeader).toBe(false);
    expect(data.y.length).toBe(6);
    expect(data.classNames).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
  });

  it('a header row of names is detected; header: true/false overrides', () => {
    expect(parseCsvWithInfo('sepal_length,sepal_width,species\n5.1,3.5,setosa\n7,3.2,versicolor\n').info.hasHeader).toBe(true);
    // Names that are numbers cannot be told from data: header: true says so.
    const forced = parseCsvWithInfo('1990,2000,label\n1,2,a\n3,4,b\n', { header: true });
    expect(forced.info).toMatchObject({ hasHeader: true, headerSource: 'option' });
    expect(forced.data.featureNames).toEqual(['1990', '2000']);
    const auto = parseCsvWithInfo('1990,2000,3\n1,2,1\n3,4,3\n');
    expect(auto.info.hasHeader).toBe(false);
    expect(auto.data.y.length).toBe(3);
    expect(() => parseCsv('x0,x1,label\n1,2,a\n', { header: false })).toThrow('CSV row 1, column "x0": "x0" is not a number');
  });

  it('votes column by column', () => {
    expect(detectHeader(['a', 'b'], [['1', '2'], ['3', '4']])).toBe(true);
    expect(detectHeader(['1', '2'], [['1', '2'], ['3', '4']])).toBe(false);
    expect(detectHeader(['1', 'b'], [['1', 'x'], ['3', 'b']])).toBe(false);
    expect(detectHeader(['x', 'label'], [['1', 'cat'], ['2', 'dog']])).toBe(true);
  });
});

describe('label column by name or index; ignored columns', () => {
  const text = 'id,a,b,target,c\n1,0.5,2,0,7\n2,1.5,3,1,8\n3,2.5,4,1,9\n';
  it('name, 0-based index, negative index, "-2" as text', () => {
    expect(parseCsv(text, { labelColumn: 'target' }).featureNames).toEqual(['id', 'a', 'b', 'c']);
    expect(parseCsv(text, { labelColumn: 3 }).featureNames).toEqual(['id', 'a', 'b', 'c']);
    expect(parseCsv(text, { labelColumn: -2 }).featureNames).toEqual(['id', 'a', 'b', 'c']);
    expect(parseCsv(text, { labelColumn: '-2' }).featureNames).toEqual(['id', 'a', 'b', 'c']);
  });
  it('ignoreColumns drops columns by name or index; the label cannot be ignored', () => {
    const { data, info } = parseCsvWithInfo(text, { labelColumn: 'target', ignoreColumns: ['id', -1] });
    expect(data.featureNames).toEqual(['a', 'b']);
    expect(Array.from(data.x)).toEqual([0.5, 2, 1.5, 3, 2.5, 4]);
    expect(info.ignoredColumns).toEqual(['id', 'c']);
    expect(() => parseCsv(text, { labelColumn: 'target', ignoreColumns: ['target'] })).toThrow(/"target" is the label column and cannot be ignored/);
    expect(() => parseCsv(text, { ignoreColumns: ['nope'] })).toThrow('CSV: ignored column "nope" not found; columns are id, a, b, target, c');
  });
});

describe('quoted fields after spaces', () => {
  it('`1, "a"` is class a, and a quoted comma stays inside its field', () => {
    const d = parseCsv('x, y, label\n1, 2, "a"\n3, 4, "b, c"\n5 , 6 ,  "a"  \n');
    expect(d.classNames).toEqual(['a', 'b, c']);
    expect(Array.from(d.y)).toEqual([0, 1, 0]);
    expect(d.featureNames).toEqual(['x', 'y']);
  });
  it('trimFields keeps quoted content and escaped quotes exactly', () => {
    expect(trimFields(' a , "b ""c"" " ,d\r\n e,"x\ny" ', ',')).toBe('a,"b ""c"" ",d\r\ne,"x\ny"');
    expect(trimFields('a\t"b c"\t', '\t')).toBe('a\t"b c"\t');
    expect(trimFields('ab"c, d', ',')).toBe('ab"c,d');
  });
});

describe('label types (scikit-learn type_of_target)', () => {
  it('canonical numeric labels', () => {
    expect(['1', '1.0', '1e0', '+1', '01'].map(canonicalLabel)).toEqual(['1', '1', '1', '1', '1']);
    expect(['-0', '0.10', '2.5e-1', 'cat'].map(canonicalLabel)).toEqual(['0', '0.1', '0.25', 'cat']);
  });
  it('binary, multiclass, continuous; numbers sort numerically (9 before 10)', () => {
    expect(typeOfTarget(['0', '1', '1.0'])).toEqual({ type: 'binary', numeric: true, distinct: 2 });
    expect(typeOfTarget(['a', 'b', 'c'])).toEqual({ type: 'multiclass', numeric: false, distinct: 3 });
    expect(typeOfTarget(['0.5', '1', '2'])).toMatchObject({ type: 'continuous' });
    expect(encodeLabels(['10', '9', '1', '9.0']).classNames).toEqual(['1', '9', '10']);
  });
  it('one NaN among numbers is a mixed column (refused), not a reason to sort as text', () => {
    expect(() => encodeLabels(['9', '10', 'NaN'], { column: 'y', rowNumbers: [2, 3, 4] })).toThrow(
      'CSV column "y" mixes numbers and text (row 2: "9", row 4: "NaN"), as scikit-learn refuses ("Mix of label input types"); fix the file, or choose another column with --label-column',
    );
  });
  it('a continuous target or an id column is refused with a message that says so', () => {
    const floats = Array.from({ length: 300 }, (_, i) => String(i / 7));
    expect(() => encodeLabels(floats, { column: 'price' })).toThrow(
      /^CSV column "price" holds numbers with a fractional part \("0", "0\.14285714285714285", "0\.2857142857142857", …: 300 distinct values in 300 rows\): that is a continuous target or an id, not class labels; mlpkit trains classifiers, so choose the class column with --label-column$/,
    );
    const ids = Array.from({ length: 300 }, (_, i) => String(i));
    expect(() => encodeLabels(ids, { column: 'id' })).toThrow('CSV column "id" has 300 distinct values in 300 rows (a class column has at most max(20, 5% of the rows) = 20): that is a continuous target or an id, not class labels; mlpkit trains classifiers, so choose the class column with --label-column');
    expect(maxClasses(100)).toBe(20);
    expect(maxClasses(30000)).toBe(1500);
    // 20 classes in 100 rows is fine; 21 is not.
    expect(encodeLabels(Array.from({ length: 100 }, (_, i) => `c${i % 20}`)).classNames).toHaveLength(20);
    expect(() => encodeLabels(Array.from({ length: 100 }, (_, i) => `c${i % 21}`))).toThrow(/21 distinct values in 100 rows/);
  });
});

describe('alignCsv: another file against a model\'s schema', () => {
  const schema: DataSchema = { features: ['petal_length', 'petal_width'], label: 'species', classNames: ['setosa', 'versicolor', 'virginica'] };

  it('matches columns by name in any order and ignores extra ones, with notes', () => {
    const a = alignCsv('species,petal_width,id,petal_length\nvirginica,2.5,1,6\nsetosa,0.2,2,1.4\n', schema, { labels: 'required' });
    expect(Array.from(a.data.x)).toEqual([6, 2.5, 1.4, 0.2].map(Math.fround));
    expect(Array.from(a.data.y)).toEqual([2, 0]);
    expect(a.notes).toEqual([
      'matched the columns by name (the file\'s order differs from the model\'s: petal_length, petal_width)',
      'ignored column the model does not use: id',
    ]);
  });

  it('names the missing columns (and a case-only mismatch)', () => {
    expect(() => alignCsv('Petal_Length,petal_w,species\n1,2,setosa\n', schema)).toThrow(
      'CSV lacks the model\'s feature columns "petal_length", "petal_width" (the model takes petal_length, petal_width; the file has Petal_Length, petal_w, species); names are case-sensitive (the file has "Petal_Length")',
    );
  });

  it('a headerless file is matched by position only at the model\'s width', () => {
    const a = alignCsv('1.4,0.2\n6,2.5\n', schema);
    expect(Array.from(a.data.x)).toEqual([1.4, 0.2, 6, 2.5].map(Math.fround));
    expect(a.notes).toEqual(['the file has no header row: its 2 feature columns are taken by position as petal_length, petal_width']);
    expect(() => alignCsv('1.4,0.2,5\n6,2.5,5\n', schema)).toThrow(
      'CSV has no header row and 3 columns, but the model takes 2 features (petal_length, petal_width); add a header row naming the columns so they can be matched by name',
    );
    const labelled = alignCsv('1.4,0.2,setosa\n6,2.5,virginica\n', schema, { labels: 'required' });
    expect(Array.from(labelled.data.y)).toEqual([0, 2]);
  });

  it('labels map to the classes by value; a subset (even one class) is fine; an unknown label is named', () => {
    const numeric: DataSchema = { features: ['x0', 'x1'], label: 'label', classNames: ['0', '1', '2'] };
    const a = alignCsv('x0,x1,label\n1,2,2.0\n3,4,0.0\n5,6,2\n', numeric, { labels: 'required' });
    expect(Array.from(a.data.y)).toEqual([2, 0, 2]);
    expect(a.data.classes).toBe(3);
    expect(Array.from(alignCsv('x0,x1,label\n1,2,1\n', numeric, { labels: 'required' }).data.y)).toEqual([1]);
    expect(() => alignCsv('x0,x1,label\n1,2,1\n3,4,7\n', numeric, { labels: 'required' })).toThrow(
      'CSV row 3, column "label": label "7" is not one of the model\'s classes (0, 1, 2)',
    );
  });
});

describe('JSON datasets', () => {
  it('toDatasetJson → parseDatasetJson is the identity', () => {
    const d: Dataset = { name: 'j', x: Float32Array.from([0.5, 1, -2, 3]), y: Int32Array.from([1, 0]), features: 2, classes: 2, classNames: ['no', 'yes'], featureNames: ['a', 'b'], params: { samples: 2 } };
    expect(parseDatasetJson(JSON.stringify(toDatasetJson(d)))).toEqual(d);
  });
  it('errors name the problem', () => {
    expect(() => parseDatasetJson('{')).toThrow(DatasetParamError);
    expect(() => parseDatasetJson('{"features": 2, "x": [1], "y": [0]}')).toThrow('dataset JSON: x has 1 values but y has 1 rows of 2 features (expected 2)');
    expect(() => parseDatasetJson('{"features": 2, "x": [1, "a"], "y": [0]}')).toThrow(/^dataset JSON: x\.1: expected number/);
    expect(() => parseDatasetJson('{"features": 1, "x": [1], "y": [3], "classes": 2}')).toThrow('dataset JSON: label 3 is outside 0..1 (classes: 2)');
  });
});

describe('toCsv → parseCsv round trip (property)', () => {
  // Column names: quotes, commas, unicode, inner spaces; never a decimal number (those need header: true).
  const name = fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom('a', 'B', 'é', '中', ' ', ',', '"', ';', '_', '1', '\t') })
    .filter((s) => s.trim() !== '' && s.toLowerCase() !== 'label' && !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s.trim()));
  const textLabel = fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('x', 'Y', 'ü', ' ', ',', '"', '-', '\n') })
    .filter((s) => s.trim() !== '' && !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s));
  const dataset = fc
    .record({
      features: fc.integer({ min: 1, max: 4 }),
      rows: fc.integer({ min: 3, max: 12 }),
      numericLabels: fc.boolean(),
      names: fc.uniqueArray(name, { minLength: 4, maxLength: 4, comparator: (a, b) => a === b }),
      labels: fc.uniqueArray(textLabel, { minLength: 2, maxLength: 3 }),
      numbers: fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 2, maxLength: 3 }),
      seed: fc.integer(),
    })
    .chain((r) =>
      fc.record({
        r: fc.constant(r),
        x: fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: r.rows * r.features, maxLength: r.rows * r.features }),
        ids: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: r.rows, maxLength: r.rows }),
      }),
    )
    .map(({ r, x, ids }) => {
      const classNames = r.numericLabels
        ? [...r.numbers].sort((a, b) => a - b).map(String)
        : [...r.labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const k = classNames.length;
      // Every class appears (a parsed file only knows the classes it holds).
      const y = Int32Array.from(ids, (v, i) => (i < k ? i : v % k));
      const d: Dataset = { name: 'csv', x: Float32Array.from(x), y, features: r.features, classes: k, classNames, featureNames: r.names.slice(0, r.features) };
      return d;
    });

  it('with a header (detected): the identity', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        // All-numeric features, text names: the header is detected.
        expect(parseCsv(toCsv(d))).toEqual(d);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('without a header (header: false): the identity up to the positional names', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const back = parseCsv(toCsv(d, { header: false }), { header: false });
        expect(back).toEqual({ ...d, featureNames: Array.from({ length: d.features }, (_, f) => `x${f}`) });
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('readCsvTable reads what toCsv wrote, cell for cell', () => {
    const d = parseCsv('"a ""b""",c\t,label\n1,2," x "\n3,4,"y,z"\n');
    expect(d.featureNames).toEqual(['a "b"', 'c']);
    expect(d.classNames).toEqual([' x ', 'y,z']);
    expect(readCsvTable(toCsv(d)).columns).toEqual(['a "b"', 'c', 'label']);
  });
});
