import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blobs,
  circles,
  type Dataset,
  generateDataset,
  linear,
  moons,
  RandomState,
  toCsv,
  twoSpirals,
  xorGauss,
} from '../src/index.js';
import { classCounts } from './helpers.js';

// Produced by test/fixtures/make_fixtures.py: scikit-learn 1.2.1 and NumPy 1.24.2 (Debian 12).
interface Case {
  call: string;
  params: Record<string, number | boolean>;
  x: number[];
  y: number[];
}
interface Fixture {
  versions: { numpy: string; sklearn: string };
  cases: Case[];
}
const load = (name: string): Fixture =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Fixture;

/**
 * Labels exactly; features equal NumPy's float64 values rounded to float32 (`Math.fround`), value
 * for value. (The Gaussians' last float64 bit can differ from NumPy's through libm's log, see
 * random-state.test.ts; that never changes the float32 rounding of these values.)
 */
function expectSameData(d: Dataset, c: Case): void {
  expect(d.features).toBe(2);
  expect(Array.from(d.y), c.call).toEqual(c.y);
  expect(d.x.length).toBe(c.x.length);
  const wrong: string[] = [];
  for (let k = 0; k < c.x.length; k++) {
    if (d.x[k] !== Math.fround(c.x[k]!)) wrong.push(`x[${k}] = ${d.x[k]}, sklearn ${c.x[k]}`);
  }
  expect(wrong, c.call).toEqual([]);
}

describe('randomState: scikit-learn 1.2.1 make_moons', () => {
  const fx = load('sklearn-moons.json');
  it('fixtures come from the documented versions', () => {
    expect(fx.versions).toMatchObject({ numpy: '1.24.2', sklearn: '1.2.1' });
    expect(fx.cases.length).toBe(7);
  });
  for (const c of fx.cases) {
    it(c.call, () => {
      const d = moons(c.params);
      expectSameData(d, c);
      // The registry path (what the CLI calls, with string values) gives the same data.
      const viaRegistry = generateDataset('moons', Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, String(v)])));
      expect(viaRegistry).toEqual(d);
    });
  }
  it('the tutorial 002 data: make_moons(1000, noise=0.05, random_state=0), 500 per class', () => {
    const d = moons({ samples: 1000, noise: 0.05, randomState: 0 });
    expectSameData(d, fx.cases[0]!);
    expect(classCounts(d)).toEqual([500, 500]);
    expect(d.params).toEqual({ samples: 1000, noise: 0.05, shuffle: true, randomState: 0 });
  });
});

describe('randomState: scikit-learn 1.2.1 make_circles', () => {
  const fx = load('sklearn-circles.json');
  for (const c of fx.cases) it(c.call, () => expectSameData(circles(c.params), c));
});

describe('randomState: scikit-learn 1.2.1 make_classification (linear)', () => {
  const fx = load('sklearn-classification.json');
  it('covers every parameter that changes the call sequence', () => {
    const seen = (k: string) => new Set(fx.cases.map((c) => c.params[k]));
    expect(seen('classes')).toEqual(new Set([2, 3, 4])); // 4 = all vertices: reservoir path, no draw
    expect(seen('shuffle')).toEqual(new Set([true, false]));
    expect([...seen('flipY')].some((f) => f === 0) && [...seen('flipY')].some((f) => (f as number) > 0)).toBe(true);
    expect(seen('classSep').size).toBeGreaterThan(2);
  });
  for (const c of fx.cases) it(c.call, () => expectSameData(linear(c.params), c));
  it('the tutorial 002 data: make_classification(1000, …, random_state=7)', () => {
    const d = linear({ samples: 1000, randomState: 7 });
    expectSameData(d, fx.cases[0]!);
  });
});

describe('randomState: scikit-learn 1.2.1 make_blobs', () => {
  const fx = load('sklearn-blobs.json');
  for (const c of fx.cases) it(c.call, () => expectSameData(blobs(c.params), c));
});

describe('randomState: the tutorials’ NumPy code (twospirals, Gaussian XOR)', () => {
  const spirals = load('numpy-twospirals.json');
  for (const c of spirals.cases) {
    it(c.call, () => {
      const { secondCall, ...params } = c.params;
      if (secondCall) {
        // A RandomState instance continues its stream, as the tutorial's second twospirals() call.
        const rs = new RandomState(params.randomState as number);
        const first = twoSpirals({ ...params, randomState: rs });
        expect(first.params).toEqual({ samples: 80, noise: 0.5, randomState: 'instance' });
        expectSameData(twoSpirals({ ...params, randomState: rs }), c);
      } else {
        expectSameData(twoSpirals(params), c);
      }
    });
  }
  const xor = load('numpy-xor-gauss.json');
  for (const c of xor.cases) {
    it(c.call, () => {
      const { after, ...params } = c.params;
      if (after !== undefined) {
        const rs = new RandomState(params.randomState as number);
        xorGauss({ samples: after as number, randomState: rs });
        expectSameData(xorGauss({ ...params, randomState: rs }), c);
      } else {
        expectSameData(xorGauss(params), c);
      }
    });
  }
  it('xorGauss: randn(15000, 2) rows 10000.. equal the tutorial test set drawn after the training set', () => {
    const rs = new RandomState(3);
    xorGauss({ samples: 10000, randomState: rs });
    const test = xorGauss({ samples: 5000, randomState: rs });
    const both = xorGauss({ samples: 15000, randomState: 3 });
    expect(test.x).toEqual(both.x.subarray(20000));
    expect(test.y).toEqual(both.y.subarray(10000));
  });
});

describe('randomState semantics', () => {
  it('replaces seed: any seed gives the same data; -1 (the default) keeps the seed path unchanged', () => {
    const a = moons({ samples: 50, randomState: 4, seed: 1 });
    const b = moons({ samples: 50, randomState: 4, seed: 99 });
    expect(b).toEqual(a);
    expect(moons({ samples: 50, seed: 1, randomState: -1 })).toEqual(moons({ samples: 50, seed: 1 }));
    expect(moons({ samples: 50, seed: 1 }).params).toEqual({ samples: 50, noise: 0.05, shuffle: true, seed: 1 });
    expect(moons({ samples: 50, seed: 1 }).x).not.toEqual(a.x);
  });

  it('a RandomState instance is advanced in place: two calls give two different draws', () => {
    const rs = new RandomState(0);
    const first = moons({ samples: 20, randomState: rs });
    const second = moons({ samples: 20, randomState: rs });
    expect(first.x).toEqual(moons({ samples: 20, randomState: 0 }).x);
    expect(second.x).not.toEqual(first.x);
  });

  it('validates randomState like every parameter (CLI strings included)', () => {
    expect(() => moons({ randomState: 2 ** 32 })).toThrow('moons: randomState must be an integer in [-1, 4294967295], got 4294967296');
    expect(() => generateDataset('linear', { randomState: '1.5' })).toThrow(
      'linear: randomState must be an integer in [-1, 4294967295], got 1.5',
    );
    expect(() => generateDataset('sine', { randomState: 0 })).toThrow('sine: unknown parameter "randomState"');
    expect(() => linear({ classes: 5, randomState: 0 })).toThrow('linear: classes must be an integer in [2, 4], got 5');
    // The registry (CLI, web, JSON) takes the integer only; an instance is for the typed functions.
    expect(() => generateDataset('moons', { randomState: new RandomState(0) })).toThrow(
      'moons: randomState must be an integer in [-1, 4294967295], got "RandomState(pos 624)"',
    );
  });

  it('CSV of make_moons(1000, noise=0.05, random_state=0) reads back to sklearn’s values within 1e-6', () => {
    const fx = load('sklearn-moons.json').cases[0]!;
    const lines = toCsv(moons({ samples: 1000, noise: 0.05, randomState: 0 })).trim().split('\n');
    expect(lines[0]).toBe('x0,x1,label');
    expect(lines.length).toBe(1001);
    for (let r = 0; r < 1000; r++) {
      const [a, b, label] = lines[r + 1]!.split(',').map(Number);
      expect(Math.abs(a! - fx.x[2 * r]!)).toBeLessThan(1e-6);
      expect(Math.abs(b! - fx.x[2 * r + 1]!)).toBeLessThan(1e-6);
      expect(label).toBe(fx.y[r]);
    }
  });
});
