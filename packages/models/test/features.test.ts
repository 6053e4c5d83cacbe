import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalFeature,
  describeFeature,
  featuresFromNames,
  FEATURE_FORMS,
  mapFeatures,
  networkInputs,
  parseFeature,
  parseSpec,
  SpecError,
  type ModelSpec,
} from '../src/index.js';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('MLPKIT_INVALID_INPUT');
    return (e as Error).message;
  }
  throw new Error('expected a SpecError');
}

describe('parseFeature', () => {
  it('parses every form, with or without whitespace, into its canonical text', () => {
    expect(parseFeature('x1', 3)).toEqual({ kind: 'identity', a: 1, canonical: 'x1' });
    expect(parseFeature('x0^2', 3)).toEqual({ kind: 'square', a: 0, canonical: 'x0^2' });
    expect(parseFeature(' x2 ^ 2 ', 3)).toEqual({ kind: 'square', a: 2, canonical: 'x2^2' });
    expect(parseFeature('x0*x2', 3)).toEqual({ kind: 'product', a: 0, b: 2, canonical: 'x0*x2' });
    expect(parseFeature('x2 * x0', 3)).toEqual({ kind: 'product', a: 0, b: 2, canonical: 'x0*x2' });
    expect(parseFeature('x1*x1', 3)).toEqual({ kind: 'square', a: 1, canonical: 'x1^2' });
    expect(parseFeature('sin(x1)', 3)).toEqual({ kind: 'sin', a: 1, canonical: 'sin(x1)' });
    expect(parseFeature('cos ( x2 )', 3)).toEqual({ kind: 'cos', a: 2, canonical: 'cos(x2)' });
    expect(parseFeature('x10', 11).canonical).toBe('x10');
    expect(canonicalFeature('\tx1 *x0\n', 2)).toBe('x0*x1');
  });

  it('refuses everything else with the expression, the problem and the allowed forms', () => {
    const forms = `allowed forms: ${FEATURE_FORMS} (columns x0, x1)`;
    expect(messageOf(() => parseFeature('x0^3', 2))).toBe(`feature "x0^3": only the power 2 is supported, got ^3; ${forms}`);
    expect(messageOf(() => parseFeature('x2', 2))).toBe(`feature "x2": x2 is out of range: the model has 2 raw inputs (x0, x1); ${forms}`);
    expect(messageOf(() => parseFeature('exp(x0)', 2))).toBe(`feature "exp(x0)": unknown function "exp" (only sin and cos); ${forms}`);
    expect(messageOf(() => parseFeature('x0*x1*x1', 2))).toBe(`feature "x0*x1*x1": one operation per expression (xK^2 or xK*xJ, not longer products or powers of products); ${forms}`);
    expect(messageOf(() => parseFeature('', 2))).toBe(`feature "": empty expression; ${forms}`);
    expect(messageOf(() => parseFeature('x01', 2))).toBe(`feature "x01": "x01" is not a column: write columns as xK (x0, x1, …); ${forms}`);
    expect(messageOf(() => parseFeature('petal^2', 2))).toBe(`feature "petal^2": "petal" is not a column: write columns as xK (x0, x1, …); ${forms}`);
    expect(messageOf(() => parseFeature('x0 + x1', 2))).toBe(`feature "x0 + x1": unexpected character "+"; ${forms}`);
    expect(messageOf(() => parseFeature('sin(x0', 2))).toBe(`feature "sin(x0": sin( takes one column and a closing ")"; ${forms}`);
    expect(messageOf(() => parseFeature('"x0"^2', 2))).toBe(`feature ""x0"^2": quoted names are not allowed in a spec: write columns as xK; ${forms}`);
    // Never evaluated: code is just an unsupported expression.
    expect(messageOf(() => parseFeature('process.exit(1)', 2))).toMatch(/^feature "process\.exit\(1\)": unexpected character "\."/);
    expect(messageOf(() => parseFeature('x1', 1))).toBe(`feature "x1": x1 is out of range: the model has 1 raw input (x0); allowed forms: ${FEATURE_FORMS} (columns x0)`);
  });
});

describe('features in a spec', () => {
  const base: ModelSpec = { input: 2, layers: [{ units: 1, activation: 'sigmoid' }], compile: { optimizer: { name: 'adam' }, loss: 'binaryCrossentropy' } };

  it('parseSpec stores them in canonical form; the network input is their count', () => {
    const spec = parseSpec({ ...base, features: [' x1 * x0', 'x0^2', 'sin( x1 )'] });
    expect(spec.features).toEqual(['x0*x1', 'x0^2', 'sin(x1)']);
    expect(networkInputs(spec)).toBe(3);
    expect(networkInputs(base)).toBe(2);
  });

  it('lists every bad or repeated expression with its index', () => {
    expect(messageOf(() => parseSpec({ ...base, features: ['x1*x0', 'x0*x1', 'x2', 'cos(x0)', 'x0 * x0', 'x0^2'] })).split('\n')).toEqual([
      'invalid model spec:',
      '- features[1] "x0*x1" repeats features[0] (both are x0*x1)',
      `- features[2] "x2": x2 is out of range: the model has 2 raw inputs (x0, x1); allowed forms: ${FEATURE_FORMS} (columns x0, x1)`,
      '- features[5] "x0^2" repeats features[4] (both are x0^2)',
    ]);
    expect(messageOf(() => parseSpec({ ...base, features: [] }))).toBe('features must list at least one expression (leave features out for none), got an array');
    expect(messageOf(() => parseSpec({ ...base, features: 'x0^2' }))).toBe('features must be an array of feature expressions like ["x0^2", "x1^2"], got "x0^2"');
    expect(messageOf(() => parseSpec({ ...base, features: [3] }))).toBe('features[0] must be a string like "x0^2", got 3');
  });
});

describe('mapFeatures', () => {
  it('maps n × input raw rows to n × features, each value computed in float64 and rounded once', () => {
    const spec = { input: 3, features: ['x0', 'x1^2', 'x0*x2', 'sin(x1)', 'cos(x2)'] };
    const x = Float32Array.from([1.1, -2.5, 3.3, 0, 0.7, -1e-3]);
    const out = mapFeatures(spec, x);
    expect(out).toHaveLength(2 * 5);
    const f = Math.fround;
    const rows = [[1.1, -2.5, 3.3], [0, 0.7, -1e-3]].map((r) => r.map(f));
    expect(Array.from(out)).toEqual(rows.flatMap(([a, b, c]) => [a!, f(b! * b!), f(a! * c!), f(Math.sin(b!)), f(Math.cos(c!))]));
    // One rounding, not two: a product whose float32 value differs from rounding twice.
    const a = f(1 + 2 ** -12);
    const b = f(1 + 2 ** -12 + 2 ** -23);
    expect(mapFeatures({ input: 2, features: ['x0*x1'] }, Float32Array.from([a, b]))[0]).toBe(f(a * b));
  });

  it('returns x itself without features, and refuses rows of the wrong width', () => {
    const x = new Float32Array(6);
    expect(mapFeatures({ input: 2 }, x)).toBe(x);
    expect(messageOf(() => mapFeatures({ input: 4, features: ['x0'] }, x))).toBe('x has 6 values, not a multiple of the 4 raw inputs');
  });
});

describe('featuresFromNames and describeFeature', () => {
  const iris = ['sepal length (cm)', 'sepal width (cm)', 'petal_length', 'petal.width'];

  it('turns names into canonical xK expressions', () => {
    expect(featuresFromNames('petal_length^2, sin("petal.width"), x0*x1', iris)).toEqual(['x2^2', 'sin(x3)', 'x0*x1']);
    expect(featuresFromNames(['"sepal width (cm)" * petal_length', 'cos(x3)'], iris)).toEqual(['x1*x2', 'cos(x3)']);
    expect(featuresFromNames('', iris)).toEqual([]);
    expect(featuresFromNames('  ', iris)).toEqual([]);
    // A quoted name may hold commas and quotes ("" is one quote).
    expect(featuresFromNames('"a, ""b"""^2,c', ['c', 'a, "b"'])).toEqual(['x1^2', 'x0']);
  });

  it('names win over positions; a name shared by several columns must be written xK', () => {
    // Columns named like positions but in another order: x1 is column 0.
    expect(featuresFromNames('x1^2, x0', ['x1', 'x0'])).toEqual(['x0^2', 'x1']);
    // Some columns are named like positions: then only names count (a headerless file whose
    // label was column 0 names its features x1…x4; "x0" must not silently mean "x1").
    expect(featuresFromNames('x1^2, x4', ['x1', 'x2', 'x3', 'x4'])).toEqual(['x0^2', 'x3']);
    expect(messageOf(() => featuresFromNames('x0^2', ['x1', 'x2', 'x3', 'x4']))).toBe(
      `feature "x0^2": no column is named "x0"; the columns are x1, x2, x3, x4 (here xK means the column of that name, not position K); allowed forms: ${FEATURE_FORMS} (xK a column name)`,
    );
    expect(messageOf(() => featuresFromNames('x2', ['x1', 'x0', 'z']))).toMatch(/^feature "x2": no column is named "x2"; the columns are x1, x0, z /);
    // "sin" as a column name.
    expect(featuresFromNames('sin(sin), sin^2', ['sin'])).toEqual(['sin(x0)', 'x0^2']);
    expect(messageOf(() => featuresFromNames('a', ['a', 'b', 'a']))).toBe(
      `feature "a": 2 columns are named "a": refer to one of them as xK; allowed forms: ${FEATURE_FORMS} (xK a column name or one of x0 … x2)`,
    );
  });

  it('names the unknown column, the columns, and the quoting rule', () => {
    expect(messageOf(() => featuresFromNames('petal_lenght^2', iris))).toBe(
      `feature "petal_lenght^2": unknown column "petal_lenght"; columns: "sepal length (cm)", "sepal width (cm)", petal_length, "petal.width" (quote names that are not identifiers: "sepal length"^2); allowed forms: ${FEATURE_FORMS} (xK a column name or one of x0 … x3)`,
    );
    expect(messageOf(() => featuresFromNames('sepal length^2', iris))).toMatch(/^feature "sepal length\^2": unknown column "sepal"/);
    expect(messageOf(() => featuresFromNames('x0,,x1', iris))).toBe('feature 2 of the list is empty (two commas in a row, or a trailing comma?)');
    expect(messageOf(() => featuresFromNames('x0^2, petal_length, "sepal length (cm)" ^ 2', iris))).toBe('feature ""sepal length (cm)" ^ 2" repeats feature 1 (both are "sepal length (cm)"^2)');
    expect(messageOf(() => featuresFromNames('"open', iris))).toBe(
      `features ""open": a quoted name is not closed (write a quote inside a name as ""); allowed forms: ${FEATURE_FORMS} (xK a column name or one of x0 … x3)`,
    );
  });

  it('describes canonical expressions with the names, quoting those that are not identifiers', () => {
    expect(describeFeature('x2^2', iris)).toBe('petal_length^2');
    expect(describeFeature('sin(x3)', iris)).toBe('sin("petal.width")');
    expect(describeFeature('x0*x1', iris)).toBe('"sepal length (cm)"*"sepal width (cm)"');
    expect(describeFeature('x1', ['a', 'say "hi"'])).toBe('"say ""hi"""');
    expect(describeFeature('x4', iris)).toBe('x4');
    expect(describeFeature('cos(x1)', ['dup', 'dup'])).toBe('cos(x1)');
  });

  it('round trip: featuresFromNames(describeFeature(e, names), names) = e for any names and expressions', () => {
    const nameArb = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('x0', 'x1', 'x2', 'sin', 'cos', 'a b', 'a.b', 'a,b', '"q"', 'ünï', ''),
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/),
    );
    const exprArb = (n: number) =>
      fc.oneof(
        fc.nat(n - 1).map((k) => `x${k}`),
        fc.nat(n - 1).map((k) => `x${k}^2`),
        fc.tuple(fc.nat(n - 1), fc.nat(n - 1)).map(([a, b]) => `x${a}*x${b}`),
        fc.nat(n - 1).map((k) => `sin(x${k})`),
        fc.nat(n - 1).map((k) => `cos(x${k})`),
      );
    fc.assert(
      fc.property(
        fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5 }).chain((names) => fc.tuple(fc.constant(names), exprArb(names.length))),
        ([names, expr]) => {
          const canonical = canonicalFeature(expr, names.length);
          expect(featuresFromNames([describeFeature(canonical, names)], names)).toEqual([canonical]);
          expect(featuresFromNames(describeFeature(canonical, names), names)).toEqual([canonical]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
