/**
 * An uploaded CSV as the page reads it (src/csv.ts): the label and feature picks, and messages
 * that name the page's controls, never the CLI's flags. Every CsvError shape the datasets package
 * raises is triggered for real here.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '@mlpkit/datasets';
import { listDatasets } from '@mlpkit/datasets';
import { csvAfterRead, NO_CHOICE, parseStoredCsv, readUpload, restoreStoredCsv, webCsvMessage } from '../src/csv.js';
import { stateFromLink } from '../src/presets.js';
import { DEFAULT_DATASET, defaultParams } from '../src/state.js';

const allDatasets = listDatasets();

/** Every message the page shows for a file: no CLI flag (--label-column, --task, --header …) in it. */
function expectNoFlags(text: string | undefined): void {
  expect(text ?? '').not.toMatch(/--[a-z]/);
}

function rows(n: number, row: (i: number) => string, header = 'a,b,label'): string {
  return [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n');
}

describe('readUpload', () => {
  it('reads a plain file: the last column is the label, the other two the features', () => {
    const read = readUpload('x,y,label\n0,0,a\n1,1,b\n0,1,a\n', 'small.csv');
    expect(read.error).toBeUndefined();
    expect(read.columns).toEqual(['x', 'y', 'label']);
    expect(read.upload!.label).toBe('label');
    expect(read.upload!.features).toEqual(['x', 'y']);
    expect((read.upload!.dataset as Dataset).classNames).toEqual(['a', 'b']);
    expect(read.upload!.task).toBe('classification');
    expect(read.upload!.axes).toEqual([0, 1]);
    expect(Array.from(read.upload!.dataset.x)).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it('keeps every feature column for the network and shows the picked pair on the canvas (x first)', () => {
    const text = 'id,kind,w,h,d\n1,cat,0.1,2,9\n2,dog,0.5,3,8\n3,cat,0.2,4,7\n';
    const read = readUpload(text, 'pets.csv', { label: 'kind', x: 'h', y: 'w' });
    expect(read.error).toBeUndefined();
    expect(read.upload!.features).toEqual(['h', 'w']);
    expect(read.upload!.dataset.featureNames).toEqual(['id', 'w', 'h', 'd']);
    expect(read.upload!.axes).toEqual([2, 1]);
    expect(Array.from(read.upload!.dataset.x)).toEqual([1, Math.fround(0.1), 2, 9, 2, 0.5, 3, 8, 3, Math.fround(0.2), 4, 7]);
    expect(read.upload!.notes).toEqual([
      'pets.csv has 4 feature columns: the network takes all of them; the canvas shows h and w (pick others in the Feature menus), with the other features at their training medians.',
    ]);
    // Without picks: the last column is the label (d), and "kind" is a feature that is not a number.
    const plain = readUpload(text, 'pets.csv');
    expect(plain.label).toBe('d');
    expect(plain.error).toMatch(/^CSV row 2, column "kind": "cat" is not a number/);
    const byLabel = readUpload(text, 'pets.csv', { label: 'kind', x: null, y: null });
    expect(byLabel.upload!.features).toEqual(['id', 'w']);
    expect(byLabel.upload!.axes).toEqual([0, 1]);
  });

  it('reads a numeric label column as a regression target (detected, or as the Problem type asks)', () => {
    const text = rows(60, (i) => `${i % 7},${(i * 3) % 11},${(i * 0.37).toFixed(2)}`);
    const read = readUpload(text, 'target.csv');
    expect(read.error).toBeUndefined();
    expect(read.upload!.task).toBe('regression');
    expect(read.upload!.dataset.y).toBeInstanceOf(Float32Array);
    expect(read.upload!.dataset.y[5]).toBeCloseTo(1.85, 5);
    expect(read.upload!.notes).toEqual(['The label column "label" holds numbers, not classes: read as a numeric target (regression). Switch the Problem type to Classification to read it as classes.']);
    // Asked to read it as classes: the datasets package's refusal, worded for the page.
    const asClasses = readUpload(text, 'target.csv', { label: null, x: null, y: null, task: 'classification' });
    expect(asClasses.error).toMatch(/fractional part .*pick the class column in the Label column menu, or switch the Problem type to Regression to read it as a numeric target$/);
    expectNoFlags(asClasses.error);
    // And integer classes read as a target when the page asks for regression.
    const classes = readUpload(rows(30, (i) => `${i % 7},${(i * 3) % 11},${i % 2}`), 'c.csv', { label: null, x: null, y: null, task: 'regression' });
    expect(classes.upload!.task).toBe('regression');
    expect(classes.upload!.notes).toEqual([]);
  });

  it('names the web controls in every message, never the CLI flags', () => {
    // Fractional labels: a continuous target, not classes.
    const fractional = readUpload(rows(40, (i) => `${i},${i % 7},${(i * 0.37).toFixed(2)}`), 'floats.csv', { label: null, x: null, y: null, task: 'classification' });
    expect(fractional.error).toMatch(/holds numbers with a fractional part .*: that is a continuous target or an id, not class labels; pick the class column in the Label column menu, or switch the Problem type to Regression to read it as a numeric target$/);
    expectNoFlags(fractional.error);
    // Too many classes for a class column (an id).
    // (detected: as many distinct integers as rows are a numeric target, and the page says so)
    const ids = readUpload(rows(60, (i) => `${i % 5},${i % 3},${i}`), 'ids.csv');
    expect(ids.upload!.task).toBe('regression');
    for (const note of ids.upload!.notes) expectNoFlags(note);
    // Numbers mixed with text in the label column.
    const mixed = readUpload('a,b,label\n1,2,x\n3,4,5\n5,6,x\n', 'mixed.csv');
    expect(mixed.error).toMatch(/mixes numbers and text .*; fix the file, or pick another column in the Label column menu$/);
    expectNoFlags(mixed.error);
    // One feature column only.
    const narrow = readUpload('a,label\n1,x\n2,y\n', 'narrow.csv');
    expect(narrow.error).toBe('the playground draws a plane of two features: narrow.csv has 1 feature column besides the label "label", it needs at least 2 (pick another Label column if "label" is a feature)');
    // A header-less file whose first row holds text: the hint says what to do in the file.
    const headerless = readUpload('1,2,a\n3,x,b\n', 'nohead.csv');
    expectNoFlags(headerless.error);
    // The empty file.
    expect(readUpload('', 'empty.csv').error).toBe('CSV is empty: expected rows of comma-separated values');
  });

  it('maps every flag the datasets package may name', () => {
    for (const message of [
      'CSV column "y" holds numbers with a fractional part (0.1, …): that is a continuous target or an id, not class labels; choose the class column with --label-column, or read it as a numeric target with --task regression',
      'CSV column "y" has 99 distinct values in 99 rows (…): that is a continuous target or an id, not class labels; choose the class column with --label-column, or read it as a numeric target with --task regression (or --task classification if these really are classes)',
      'CSV has no label column "label" (the model\'s); columns are a, b; name it with --label-column',
      'column "id" counts the rows (1, 2, 3, …) like a row index or id: the model could learn the row order from it; leave it out with --ignore-columns id',
      'CSV row 2, column "x": "a" is not a number (the file was read as having no header row; if this row holds column names, read it with --header / header: true)',
      'label column "k" holds 12 integer values: read as 12 classes (use --task regression if it is a numeric target)',
    ]) {
      expectNoFlags(webCsvMessage(message));
    }
    expect(webCsvMessage('x; name it with --label-column')).toBe('x; pick it in the Label column menu');
    // The datasets package's hint for a text column that is not the label.
    const upload = readUpload(rows(30, (i) => `${['setosa', 'virginica'][i % 2]},${i / 30},${(i * 3) % 7}`, 'species,a,b'), 'label-first.csv');
    expect(upload.upload).toBeUndefined();
    expect(upload.error).toBe('CSV row 2, column "species": "setosa" is not a number (the label column is "b"; if "species" is the label, pick "species" in the Label column menu)');
  });

  it("shows the datasets package's warnings (CsvInfo.warnings), worded for the page", () => {
    // A drawn feature column that counts the rows like an index.
    const indexed = readUpload(rows(50, (i) => `${i + 1},${(i * 7) % 11},${i % 2}`), 'indexed.csv');
    expect(indexed.error).toBeUndefined();
    expect(indexed.upload!.notes).toEqual([]);
    expect(indexed.upload!.warnings).toHaveLength(1);
    expect(indexed.upload!.warnings[0]).toMatch(/^column "a" counts the rows \(1, 2, 3, …\) like a row index or id/);
    expect(indexed.upload!.warnings[0]).toContain('remove that column from the file');
    expectNoFlags(indexed.upload!.warnings[0]);
    // A clean file has none.
    expect(readUpload(rows(50, (i) => `${(i * 3) % 7},${(i * 7) % 11},${i % 2}`), 'clean.csv').upload!.warnings).toEqual([]);
  });

  it('refuses more rows than the playground trains, with the limit', () => {
    const big = rows(100_001, (i) => `${i % 10},${i % 7},${i % 2}`);
    expect(readUpload(big, 'big.csv').error).toBe('100,001 rows; the playground takes at most 100,000 (it trains in your browser)');
  });
});

describe('the stored CSV (review: a csv link in a fresh browser, a rejected upload)', () => {
  const good = 'x,y,label\n0,0,a\n1,1,b\n0,1,a\n1,0,b\n';
  const stored = (text: string, fileName = 'good.csv') => JSON.stringify({ fileName, text, choice: { label: null, x: null, y: null } });

  it('parses only what the page wrote', () => {
    expect(parseStoredCsv(null)).toBeNull();
    expect(parseStoredCsv('not json')).toBeNull();
    expect(parseStoredCsv('null')).toBeNull();
    expect(parseStoredCsv('{"fileName":3,"text":"a"}')).toBeNull();
    expect(parseStoredCsv(stored(good))).toEqual({ fileName: 'good.csv', text: good, choice: { label: null, x: null, y: null, task: null } });
  });

  it('a dataset=csv link with no stored file falls back to the default dataset with a notice (no crash)', () => {
    for (const search of ['?dataset=csv&layers=4:tanh', '?dataset=csv&task=regression']) {
      const { state } = stateFromLink(search, allDatasets);
      const task = state.task;
      const restored = restoreStoredCsv(state, null, allDatasets);
      expect(restored.warnings).toEqual(['dataset=csv: the uploaded CSV is not stored in this browser any more; upload it again']);
      expect(restored.drop).toBe(false);
      expect(state.dataset).toBe(DEFAULT_DATASET[task]);
      expect(state.datasetParams).toEqual(defaultParams(allDatasets.find((d) => d.name === state.dataset)));
      expect(Object.keys(state.datasetParams).length).toBeGreaterThan(0);
    }
    expect(stateFromLink('?dataset=csv&layers=4:tanh', allDatasets).state.layers).toEqual([{ units: 4, activation: 'tanh' }]);
  });

  it('an invalid stored file is re-read, dropped, and a csv link falls back with a notice naming why', () => {
    const bad = parseStoredCsv(stored('a,b,label\n1,2,x\n3,4,x\n', 'one-class.csv'))!;
    const { state } = stateFromLink('?dataset=csv', allDatasets);
    const restored = restoreStoredCsv(state, bad, allDatasets);
    expect(restored.upload).toBeNull();
    expect(restored.drop).toBe(true);
    expect(state.dataset).toBe('moons');
    expect(restored.warnings).toHaveLength(1);
    expect(restored.warnings[0]).toMatch(/^dataset=csv: the CSV stored in this browser \(one-class\.csv\) could not be read \(.*only one class \("x"\).*\); upload it again$/);
    // Not a csv link: dropped without a notice, the link's dataset untouched.
    const other = stateFromLink('?dataset=circles', allDatasets).state;
    const quiet = restoreStoredCsv(other, bad, allDatasets);
    expect(quiet).toMatchObject({ drop: true, warnings: [] });
    expect(other.dataset).toBe('circles');
  });

  it('a good stored file decides a csv link’s task and plotted pair', () => {
    const { state } = stateFromLink('?dataset=csv&task=regression', allDatasets);
    const restored = restoreStoredCsv(state, parseStoredCsv(stored(good)), allDatasets);
    expect(restored).toMatchObject({ drop: false, warnings: [] });
    expect(restored.upload!.fileName).toBe('good.csv');
    expect(state).toMatchObject({ dataset: 'csv', task: 'classification', axes: [0, 1] });
  });

  it('a rejected upload never replaces the stored good file, and keeps its menus', () => {
    const current = { fileName: 'good.csv', text: good, choice: { ...NO_CHOICE }, columns: ['x', 'y', 'label'], label: 'label' };
    const badText = 'a,b,label\n1,2,x\n3,4,x\n';
    const bad = { fileName: 'bad.csv', text: badText, choice: { ...NO_CHOICE }, columns: ['a', 'b', 'label'], label: 'label' };
    const badRead = readUpload(badText, 'bad.csv');
    expect(badRead.upload).toBeUndefined();
    expect(csvAfterRead(current, true, bad, badRead)).toEqual({ source: current, store: false });
    // No good file in use: the rejected file's columns stay for the menus, still not stored.
    expect(csvAfterRead(null, false, bad, badRead)).toEqual({ source: bad, store: false });
    // A rejected pick on the current file keeps the new picks' menus (another pick can be tried), unstored.
    const pick = { ...current, choice: { label: 'x', x: null, y: null, task: null } };
    expect(csvAfterRead(current, true, pick, { columns: current.columns, label: 'x', error: 'no' })).toEqual({ source: pick, store: false });
    // A file that reads is stored.
    const read = readUpload(good, 'good.csv');
    expect(csvAfterRead(null, false, current, read)).toEqual({ source: current, store: true });
  });
});
