/**
 * The data contract from CSV to prediction: header detection, label columns and types, quoted
 * fields after spaces, matching another file to a model's schema by column name and labels by
 * value, JSON datasets, and the toCsv → parseCsv round trip as a property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asClassification,
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
      /^CSV column "price" holds numbers with a fractional part \("0", "0\.14285714285714285", "0\.2857142857142857", …: 300 distinct values in 300 rows\): that is a continuous target or an id, not class labels; choose the class column with --label-column, or read it as a numeric target with --task regression$/,
    );
    const ids = Array.from({ length: 300 }, (_, i) => String(i));
    expect(() => encodeLabels(ids, { column: 'id' })).toThrow('CSV column "id" has 300 distinct values in 300 rows (a class column has at most max(20, 5% of the rows) = 20): that is a continuous target or an id, not class labels; choose the class column with --label-column, or read it as a numeric target with --task regression (or --task classification if these really are classes)');
    // The caller may say they are classes (40 classes of 10 rows, like the Olivetti faces).
    expect(encodeLabels(Array.from({ length: 400 }, (_, i) => String(i % 40)), { manyClasses: true }).classNames).toHaveLength(40);
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

  it('a headerless file as wide as the training file is read with its layout (label in column 0)', () => {
    // Trained on a headerless file with --label-column 0: columns x0 (label), x1, x2 (features).
    const trained = parseCsvWithInfo('a,1,2\nb,3,4\na,5,6\n', { labelColumn: 0 });
    expect(trained.info.columns).toEqual(['x0', 'x1', 'x2']);
    const layout: DataSchema = { features: trained.data.featureNames!, label: trained.info.labelColumn, classNames: trained.data.classNames!, columns: trained.info.columns };
    const test = alignCsv('b,7,8\na,9,10\n', layout, { labels: 'required' });
    expect(Array.from(test.data.x)).toEqual([7, 8, 9, 10]);
    expect(Array.from(test.data.y)).toEqual([1, 0]);
    expect(test.notes).toEqual(['the file has no header row: its 2 feature columns are taken by position as x1, x2 (columns 1, 2) and column 0 as the label, as in the training file']);
    // Prediction input in the same layout: the label column is skipped, not read as a feature.
    expect(Array.from(alignCsv('b,7,8\n', layout).data.x)).toEqual([7, 8]);
    // Only the features (no label column): taken in the model's order.
    expect(Array.from(alignCsv('7,8\n', layout).data.x)).toEqual([7, 8]);
    // A named training file whose label came first: a headerless test file follows that layout too.
    const named: DataSchema = { ...schema, columns: ['species', 'petal_length', 'petal_width'] };
    expect(Array.from(alignCsv('setosa,1.4,0.2\nvirginica,6,2.5\n', named, { labels: 'required' }).data.y)).toEqual([0, 2]);
    expect(() => alignCsv('1,2,3,4\n', named)).toThrow(
      'CSV has no header row and 4 columns, but the model takes 2 features (petal_length, petal_width) or the training file\'s 3 columns (species, petal_length, petal_width); add a header row naming the columns so they can be matched by name',
    );
  });

  it('a first row naming the model\'s features is its header even when the names look like numbers', () => {
    const numericNames: DataSchema = { features: ['1', '2'], label: 'label', classNames: ['0', '1'] };
    const a = alignCsv('1,2\n0.5,0.25\n0.75,1.5\n', numericNames);
    expect(a.table.hasHeader).toBe(true);
    expect(Array.from(a.data.x)).toEqual([0.5, 0.25, 0.75, 1.5]);
    expect(a.notes[0]).toBe("read the first row as the header: it names the model's features");
  });

  it('an error on the first row of a file read as headerless says how to read that row as a header', () => {
    // "size" also occurs as a value below, so the first row reads as data.
    expect(() => parseCsv('size,label\nsize,a\nweight,b\n')).toThrow(
      'CSV row 1, column "x0": "size" is not a number (the file was read as having no header row; if this row holds column names, read it with --header / header: true)',
    );
    expect(() => parseCsv('1,2,3\nred,1,2\n', { header: false })).toThrow('CSV row 2, column "x0": "red" is not a number');
  });

  it('labels map to the classes by value; a subset (even one class) is fine; an unknown label is named', () => {
    const numeric: DataSchema = { features: ['x0', 'x1'], label: 'label', classNames: ['0', '1', '2'] };
    const a = alignCsv('x0,x1,label\n1,2,2.0\n3,4,0.0\n5,6,2\n', numeric, { labels: 'required' });
    expect(Array.from(a.data.y)).toEqual([2, 0, 2]);
    expect(asClassification(a.data).classes).toBe(3);
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

describe('header detection (review findings)', () => {
  it('numeric names over numeric data: a text name over a column of labels, or pandas\' 0, 1, 2, … names', () => {
    expect(detectHeader(['400', '410', 'species'], [['5.1', '3.5', 'setosa'], ['4.9', '3.0', 'setosa'], ['6.3', '3.3', 'virginica']])).toBe(true);
    expect(detectHeader(['0', '1', '2'], [['5.1', '3.5', '0'], ['4.9', '3.0', '1']])).toBe(true);
    expect(detectHeader(['2019', '2020', 'label'], [['1', '2', '0'], ['3', '4', '1']])).toBe(true);
    // A rare class on the first row of real data (fractional numbers beside it) stays data.
    expect(detectHeader(['5.1', '3.5', 'rare'], [['4.9', '3.0', 'common'], ['6.3', '3.3', 'common']])).toBe(false);
  });
});

describe('precision and range (review findings)', () => {
  it('a timestamp column keeps float64 values for standardization; float32 would blur it', async () => {
    const { fitStandardizer } = await import('../src/index.js');
    const rows = Array.from({ length: 200 }, (_, i) => `${1_700_000_000 + i * 0.5},${i % 7},${i % 2}`);
    const d = parseCsv(`t,z,label\n${rows.join('\n')}\n`);
    expect(d.x64).toBeDefined();
    const s = fitStandardizer(d);
    expect(s.mean[0]).toBeCloseTo(1_700_000_049.75, 6);
    expect(s.std[0]).toBeCloseTo(Math.sqrt((200 ** 2 - 1) / 12) * 0.5, 6);
    const z = s.transform(d.x64!);
    // Standardized in float64, the 200 distinct times stay 200 distinct values.
    expect(new Set(Array.from({ length: 200 }, (_, i) => z[i * 2])).size).toBe(200);
    // Ordinary data has no float64 copy.
    expect(parseCsv('a,b,label\n0.1,2,0\n0.3,4,1\n').x64).toBeUndefined();
  });
  it('a value beyond the float32 range is an error naming it', () => {
    expect(() => parseCsv('a,b,label\n1e39,2,0\n3,4,1\n')).toThrow('CSV row 2, column "a": 1e39 is outside the float32 range mlpkit computes in (about ±3.4e38)');
  });
});

describe('labels beyond 2^53 and text order (review findings)', () => {
  it('big integers stay distinct classes; text sorts by code point as NumPy', () => {
    expect(encodeLabels(['9007199254740993', '9007199254740992', '1']).classNames).toEqual(['1', '9007199254740992', '9007199254740993']);
    expect(encodeLabels(['～', '😀', 'a']).classNames).toEqual(['a', '～', '😀']);
  });
  it('an integer label column of more than 10 values is read as classes, with a warning suggesting --task regression', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${(i * 7) % 13},${i % 12}`).join('\n');
    const { info, data } = parseCsvWithInfo(`a,count\n${rows}\n`, { task: 'auto' });
    expect(asClassification(data).classes).toBe(12);
    expect(info.warnings).toEqual(['label column "count" holds 12 integer values: read as 12 classes (use --task regression if it is a numeric target)']);
  });

  it('task classification on a numeric column with too many values for classes trains, with a warning that says so', () => {
    // 350 rows of 70 distinct integers (the diabetes-target shape): over max(20, 5% of 350) = 20.
    const rows = Array.from({ length: 350 }, (_, i) => `${(i * 0.37) % 5},${25 + (i % 70) * 3}`).join('\n');
    const { info, data } = parseCsvWithInfo(`a,target\n${rows}\n`, { task: 'classification' });
    expect(asClassification(data).classes).toBe(70);
    expect(info.warnings).toEqual([
      'label column "target" holds 70 distinct numbers in 350 rows, read as 70 classes as asked (task classification): 5.0 rows per class on average, too few to learn from (use --task regression if it is a numeric target)',
    ]);
    // 12 classes in 300 rows are within the limit: no warning when classification is asked for.
    const few = Array.from({ length: 300 }, (_, i) => `${(i * 7) % 13},${i % 12}`).join('\n');
    expect(parseCsvWithInfo(`a,count\n${few}\n`, { task: 'classification' }).info.warnings).toEqual([]);
  });

  it('a row index column is named in a warning; a label column may be named in any case', () => {
    const { info, data } = parseCsvWithInfo('id,a,Label\n0,0.5,x\n1,0.7,y\n2,0.1,x\n3,0.9,y\n', { labelColumn: 'label' });
    expect(data.featureNames).toEqual(['id', 'a']);
    expect(info.notes).toEqual([]);
    expect(info.warnings).toEqual(['column "id" counts the rows (0, 1, 2, …) like a row index or id: the model could learn the row order from it; leave it out with --ignore-columns id']);
  });
});
