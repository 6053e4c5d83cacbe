/**
 * Errors on a data file say how to fix it: the label column, missing values, decimal commas,
 * renamed columns, unknown classes, and a headerless file read in a layout it does not have.
 */
import { describe, expect, it } from 'vitest';
import { alignCsv, CsvError, parseCsv, type DataSchema } from '../src/index.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CsvError);
    expect((err as CsvError).code).toBe('MLPKIT_INVALID_INPUT');
    return (err as Error).message;
  }
  throw new Error('expected a CsvError');
}

const features = ['sepal length', 'sepal width', 'petal length', 'petal width'];
/** Trained on a file with a header and `--label-column species` (the label first). */
const iris: DataSchema = { features, label: 'species', classNames: ['setosa', 'versicolor', 'virginica'], columns: ['species', ...features] };
const labelLast = '5.1,3.5,1.4,0.2,setosa\n7.7,3.0,6.1,2.3,virginica\n';
const layoutText =
  "a file without a header row is read in the training file's layout (5 columns: species, sepal length, sepal width, petal length, petal width; the label species in column 0); if the label is in another column, pass --label-column <index>, or add a header row naming the columns";

describe('parseCsv: a class column that is not the label', () => {
  it('names the label column and the --label-column fix', () => {
    expect(messageOf(() => parseCsv('species,a,b\nsetosa,1,2\nvirginica,3,4\nsetosa,5,6\n'))).toBe(
      'CSV row 2, column "species": "setosa" is not a number (the label column is "b"; if "species" is the label, pass --label-column species / labelColumn: "species")',
    );
    // A name that is not a shell word is quoted.
    expect(messageOf(() => parseCsv('the class,a,b\nx,1,2\ny,3,4\nx,5,6\n'))).toMatch(/pass --label-column "the class" \/ labelColumn: "the class"\)$/);
  });
  it('gives no label hint for a stray text value in a numeric column', () => {
    expect(messageOf(() => parseCsv('a,b,label\n1,2,x\noops,4,y\n5,6,x\n'))).toBe('CSV row 3, column "a": "oops" is not a number');
  });
});

describe('missing values', () => {
  it('counts the rows with missing values and says mlpkit does not impute', () => {
    expect(messageOf(() => parseCsv('a,b,label\n1,,x\n2,3,y\n,4,\n5,6,x\n'))).toBe(
      'CSV row 2, column "b": missing value (2 rows have missing values); remove or fill in the rows with missing values: mlpkit does not impute them',
    );
    expect(messageOf(() => alignCsv('species,sepal length,sepal width,petal length,petal width\nsetosa,5.1,,1.4,0.2\n', iris, { labels: 'required' }))).toBe(
      'CSV row 2, column "sepal width": missing value (1 row has missing values); remove or fill in the rows with missing values: mlpkit does not impute them',
    );
  });
});

describe('decimal commas', () => {
  const comma = 'the file seems to use decimal commas; mlpkit reads decimal points only, so convert the commas to points (fields may stay separated by ";")';
  it('are named, in a training file and a file read against a model', () => {
    expect(messageOf(() => parseCsv('a;b;label\n5,8;1;x\n6,1;2;y\n'))).toBe(`CSV row 2, column "a": "5,8" is not a number: ${comma}`);
    expect(messageOf(() => parseCsv('a,b,label\n"-0,25",1,x\n2,3,y\n'))).toBe(`CSV row 2, column "a": "-0,25" is not a number: ${comma}`);
    expect(messageOf(() => alignCsv('species;sepal length;sepal width;petal length;petal width\nsetosa;5,1;3,5;1,4;0,2\n', iris, { labels: 'required' }))).toBe(
      `CSV row 2, column "sepal length": "5,1" is not a number: ${comma}`,
    );
  });
  it('a thousands separator or a list is not taken for one', () => {
    expect(messageOf(() => parseCsv('a,b,label\n"1,2,3",1,x\n2,3,y\n'))).toBe('CSV row 2, column "a": "1,2,3" is not a number');
  });
});

describe('alignCsv: renamed columns and unknown classes', () => {
  it('a renamed feature column: rename it to the model\'s name', () => {
    expect(messageOf(() => alignCsv('species,sepal length,sepal width,petal_len,petal width\nsetosa,5.1,3.5,1.4,0.2\n', iris, { labels: 'required' }))).toBe(
      "CSV lacks the model's feature column \"petal length\" (the model takes sepal length, sepal width, petal length, petal width; the file has species, sepal length, sepal width, petal_len, petal width); rename the file's column to the model's feature name (petal length)",
    );
  });
  it('a class the model never saw: names the known classes and the fix', () => {
    const text = 'species,sepal length,sepal width,petal length,petal width\nsetosa,5.1,3.5,1.4,0.2\nvirginica,7.7,3.0,6.1,2.3\nnew,1,1,1,1\n';
    expect(messageOf(() => alignCsv(text, iris, { labels: 'required' }))).toBe(
      'CSV row 4, column "species": label "new" is not one of the model\'s classes (setosa, versicolor, virginica): a model cannot predict a class it never saw in training; to evaluate on "new", train the model on data that contains it',
    );
  });
});

describe('alignCsv: a headerless file against a model trained with the label first', () => {
  it('in the training layout by default: text where a feature is explains the layout (not --header)', () => {
    expect(messageOf(() => alignCsv(labelLast, iris, { labels: 'required' }))).toBe(
      `CSV row 1, column "x4" (the model's feature "petal width"): "setosa" is not a number: ${layoutText}`,
    );
  });
  it('with --label-column: the label from that column, the features from the others in the model\'s order', () => {
    for (const labelColumn of [-1, 4, '4', 'x4']) {
      const a = alignCsv(labelLast, iris, { labels: 'required', labelColumn });
      expect(Array.from(a.data.x)).toEqual([5.1, 3.5, 1.4, 0.2, 7.7, 3.0, 6.1, 2.3].map(Math.fround));
      expect(Array.from(a.data.y)).toEqual([0, 2]);
      expect(a.labelIndex).toBe(4);
      expect(a.notes).toEqual(['the file has no header row: its 4 feature columns are taken by position as sepal length, sepal width, petal length, petal width and column 4 as the label']);
    }
    // The label in the middle: the features are the other columns, in order.
    const mid = alignCsv('5.1,3.5,setosa,1.4,0.2\n', iris, { labels: 'required', labelColumn: 2 });
    expect(Array.from(mid.data.x)).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(mid.featureColumns).toEqual([0, 1, 3, 4]);
    // Prediction input: the named label column is left out, not read as a feature.
    const predict = alignCsv(labelLast, iris, { labelColumn: -1 });
    expect(Array.from(predict.data.x)).toEqual([5.1, 3.5, 1.4, 0.2, 7.7, 3.0, 6.1, 2.3].map(Math.fround));
    expect(predict.featureColumns).toEqual([0, 1, 2, 3]);
    // The training layout still reads as before.
    const asTrained = alignCsv('setosa,5.1,3.5,1.4,0.2\nvirginica,7.7,3.0,6.1,2.3\n', iris, { labels: 'required' });
    expect(Array.from(asTrained.data.y)).toEqual([0, 2]);
    expect(asTrained.featureColumns).toEqual([1, 2, 3, 4]);
  });
  it('a file in neither layout says the layout does not match, not that a label is a new class', () => {
    // An id column in front of the features, no label: 5 columns, read in the training layout.
    expect(messageOf(() => alignCsv('1,5.1,3.5,1.4,0.2\n2,7.7,3.0,6.1,2.3\n', iris, { labels: 'required' }))).toBe(
      `CSV row 1, column "x0": label "1" is not one of the model's classes (setosa, versicolor, virginica); the file's columns may not be laid out as the model expects: ${layoutText}`,
    );
    // An id column in front of features and label: 6 columns fit no layout.
    expect(messageOf(() => alignCsv('1,5.1,3.5,1.4,0.2,setosa\n2,7.7,3.0,6.1,2.3,virginica\n', iris, { labels: 'required' }))).toBe(
      "CSV has no header row and 6 columns, but the model takes 4 features (sepal length, sepal width, petal length, petal width) plus a label column (last) or the training file's 5 columns (species, sepal length, sepal width, petal length, petal width); add a header row naming the columns so they can be matched by name",
    );
  });
  it('a model trained with the label last reads a label-last file; a label-first one is explained', () => {
    const last: DataSchema = { ...iris, columns: [...features, 'species'] };
    expect(Array.from(alignCsv(labelLast, last, { labels: 'required' }).data.y)).toEqual([0, 2]);
    expect(messageOf(() => alignCsv('setosa,5.1,3.5,1.4,0.2\n', last, { labels: 'required' }))).toBe(
      'CSV row 1, column "x0" (the model\'s feature "sepal length"): "setosa" is not a number: a file without a header row is read in the training file\'s layout (5 columns: sepal length, sepal width, petal length, petal width, species; the label species in column 4); if the label is in another column, pass --label-column <index>, or add a header row naming the columns',
    );
    expect(Array.from(alignCsv('setosa,5.1,3.5,1.4,0.2\n', last, { labels: 'required', labelColumn: 0 }).data.x)).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
  });
});

describe('one label column', () => {
  it('a list of label columns is refused, saying mlpkit trains on one', () => {
    expect(messageOf(() => parseCsv('a,t1,t2\n1,2,3\n4,5,6\n', { labelColumn: 't1,t2', task: 'regression' }))).toBe(
      'CSV: the label column is one column, but "t1,t2" names 2; mlpkit trains on one label or target column (pass one of t1, t2, and leave the others out with --ignore-columns)',
    );
    // A column whose name holds a comma is still found by name.
    expect(parseCsv('a,"t1,t2"\n1,x\n2,y\n', { labelColumn: 't1,t2' }).classNames).toEqual(['x', 'y']);
  });
});
