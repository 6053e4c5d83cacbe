import { describe, expect, it } from 'vitest';
import {
  blobs,
  circles,
  type Dataset,
  linear,
  moons,
  sine,
  spiral,
  twoSpirals,
  xorGauss,
  xorTable,
} from '../src/index.js';
import { classCounts, column, F32, mean, quantile, radii, std } from './helpers.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i);

function expectShape(d: Dataset, n: number, classes: number): void {
  expect(d.features).toBe(2);
  expect(d.classes).toBe(classes);
  expect(d.y.length).toBe(n);
  expect(d.x.length).toBe(2 * n);
  expect(d.y.every((c) => c >= 0 && c < classes)).toBe(true);
  expect(d.x.every(Number.isFinite)).toBe(true);
}

function expectDeterministic(make: (seed: number) => Dataset): void {
  const a = make(5);
  const b = make(5);
  expect(b.x).toEqual(a.x);
  expect(b.y).toEqual(a.y);
  const c = make(6);
  expect(c.x).not.toEqual(a.x);
}

/** Points whose angle is ≡ expected (mod 2π). */
const angleDiff = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));

describe('twoSpirals', () => {
  it('returns samples/2 points per spiral, A (label 0) then B (label 1)', () => {
    const d = twoSpirals();
    expectShape(d, 2000, 2);
    expect(Array.from(d.y.subarray(0, 1000)).every((c) => c === 0)).toBe(true);
    expect(Array.from(d.y.subarray(1000)).every((c) => c === 1)).toBe(true);
    expect(d.params).toEqual({ samples: 2000, noise: 0.5, seed: 0 });
  });

  it('spiral B is -A point for point', () => {
    for (const seed of [0, 1, 2]) {
      const d = twoSpirals({ samples: 600, seed });
      for (let i = 0; i < 300; i++) {
        expect(d.x[2 * (300 + i)]).toBe(-d.x[2 * i]!);
        expect(d.x[2 * (300 + i) + 1]).toBe(-d.x[2 * i + 1]!);
      }
    }
  });

  it('noise-free points lie on (-t cos t, t sin t) with t = sqrt(U)·780°', () => {
    const d = twoSpirals({ samples: 4000, noise: 0, seed: 3 });
    const maxT = (780 * Math.PI) / 180;
    const t = radii(d, 0);
    expect(Math.max(...t)).toBeLessThanOrEqual(maxT + F32);
    // t²/maxT² is uniform: mean 1/2, so E[t] = 2/3 maxT.
    expect(mean(t.map((v) => (v / maxT) ** 2))).toBeCloseTo(0.5, 1);
    expect(mean(t)).toBeCloseTo((2 / 3) * maxT, 0);
    const xs = column(d, 0, 0);
    const ys = column(d, 1, 0);
    t.forEach((ti, i) => {
      if (ti > 0.01) expect(angleDiff(Math.atan2(ys[i]!, xs[i]!), Math.PI - ti)).toBeLessThan(1e-4);
    });
  });

  it('noise is uniform [0, noise) on each coordinate of A (same seed, noise 0 vs 0.5)', () => {
    const clean = twoSpirals({ samples: 8000, noise: 0, seed: 9 });
    const noisy = twoSpirals({ samples: 8000, noise: 0.5, seed: 9 });
    const offsets: number[] = [];
    for (let k = 0; k < 8000; k++) offsets.push(noisy.x[k]! - clean.x[k]!);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(-F32);
    expect(Math.max(...offsets)).toBeLessThan(0.5 + F32);
    // Uniform, not Gaussian: the quartiles sit at 1/4, 1/2, 3/4 of the width.
    expect(quantile(offsets, 0.25)).toBeCloseTo(0.125, 1);
    expect(quantile(offsets, 0.5)).toBeCloseTo(0.25, 1);
    expect(quantile(offsets, 0.75)).toBeCloseTo(0.375, 1);
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => twoSpirals({ samples: 200, seed })));
});

describe('circles', () => {
  it('gives samples//2 outer (label 0) and the rest inner (label 1)', () => {
    for (const samples of [1000, 5000, 7]) {
      const d = circles({ samples });
      expectShape(d, samples, 2);
      expect(classCounts(d)).toEqual([Math.floor(samples / 2), samples - Math.floor(samples / 2)]);
    }
  });

  it('without noise: radius 1 for label 0 and factor for label 1, evenly spaced angles', () => {
    const d = circles({ samples: 1001, noise: 0, factor: 0.3, seed: 4 });
    for (const r of radii(d, 0)) expect(r).toBeCloseTo(1, 5);
    for (const r of radii(d, 1)) expect(r).toBeCloseTo(0.3, 5);
    const angles = column(d, 0, 0)
      .map((x, i) => Math.atan2(column(d, 1, 0)[i]!, x))
      .map((a) => (a < -1e-6 ? a + 2 * Math.PI : Math.max(a, 0)))
      .sort((a, b) => a - b);
    expect(angles[0]).toBeCloseTo(0, 5); // linspace starts at 0, endpoint excluded
    angles.forEach((a, i) => expect(a).toBeCloseTo((2 * Math.PI * i) / 500, 4));
  });

  it('with noise: radii ≈ 1 and ≈ factor; the noise is N(0, noise) per coordinate', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const d = circles({ samples: 5000, factor: 0.3, noise: 0.05, seed });
      // 2-D Gaussian noise of std σ: E[r²] = R² + 2σ² exactly.
      expect(Math.abs(mean(radii(d, 0).map((r) => r * r)) - (1 + 2 * 0.05 ** 2))).toBeLessThan(0.008);
      expect(Math.abs(mean(radii(d, 1).map((r) => r * r)) - (0.09 + 2 * 0.05 ** 2))).toBeLessThan(0.0025);
      expect(Math.abs(quantile(radii(d, 0), 0.5) - 1)).toBeLessThan(0.01);
      expect(Math.abs(quantile(radii(d, 1), 0.5) - 0.3)).toBeLessThan(0.01);
    }
    const clean = circles({ samples: 4000, noise: 0, seed: 8 });
    const noisy = circles({ samples: 4000, noise: 0.1, seed: 8 });
    expect(noisy.y).toEqual(clean.y); // same shuffle, noise added afterwards
    const diff = Array.from(noisy.x, (v, k) => v - clean.x[k]!);
    expect(mean(diff)).toBeCloseTo(0, 2);
    expect(std(diff)).toBeGreaterThan(0.097);
    expect(std(diff)).toBeLessThan(0.103);
  });

  it('shuffles the rows (labels are not in two blocks) unless shuffle is false', () => {
    const d = circles({ samples: 1000 });
    expect(Array.from(d.y.subarray(0, 500)).some((c) => c === 1)).toBe(true);
    const ordered = circles({ samples: 1000, shuffle: false, noise: 0 });
    expect(Array.from(ordered.y)).toEqual([...new Array(500).fill(0), ...new Array(500).fill(1)]);
    expect(ordered.x[0]).toBe(1);
    expect(ordered.x[1]).toBe(0);
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => circles({ samples: 200, seed })));
});

describe('moons', () => {
  it('splits samples//2 outer, rest inner', () => {
    const d = moons({ samples: 1001 });
    expectShape(d, 1001, 2);
    expect(classCounts(d)).toEqual([500, 501]);
  });

  it('without noise: outer upper unit half-circle, inner lower half-circle centred (1, 0.5)', () => {
    const d = moons({ samples: 1000, noise: 0, seed: 2 });
    const [ox, oy, ix, iy] = [column(d, 0, 0), column(d, 1, 0), column(d, 0, 1), column(d, 1, 1)];
    ox.forEach((x, i) => {
      expect(Math.hypot(x, oy[i]!)).toBeCloseTo(1, 5);
      expect(oy[i]!).toBeGreaterThanOrEqual(-F32);
    });
    ix.forEach((x, i) => {
      expect(Math.hypot(x - 1, iy[i]! - 0.5)).toBeCloseTo(1, 5);
      expect(iy[i]!).toBeLessThanOrEqual(0.5 + F32);
    });
    // t = linspace(0, π) includes both ends.
    expect(Math.min(...ox)).toBeCloseTo(-1, 6);
    expect(Math.max(...ox)).toBeCloseTo(1, 6);
    expect(Math.min(...ix)).toBeCloseTo(0, 6);
    expect(Math.max(...ix)).toBeCloseTo(2, 6);
  });

  it('moon centres: outer (0, ≈2/π), inner (1, 0.5 - ≈2/π), also with noise', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const d = moons({ samples: 2000, noise: 0.05, seed });
      expect(mean(column(d, 0, 0))).toBeCloseTo(0, 1);
      expect(mean(column(d, 1, 0))).toBeCloseTo(2 / Math.PI, 1);
      expect(mean(column(d, 0, 1))).toBeCloseTo(1, 1);
      expect(mean(column(d, 1, 1))).toBeCloseTo(0.5 - 2 / Math.PI, 1);
    }
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => moons({ samples: 200, seed })));
});

describe('linear (make_classification)', () => {
  /** Per-class medians as robust cluster centres, then the share of rows nearer another centre. */
  function mislabelledShare(d: Dataset): number {
    const centres = Array.from({ length: d.classes }, (_, c) => [
      quantile(column(d, 0, c), 0.5),
      quantile(column(d, 1, c), 0.5),
    ]);
    let wrong = 0;
    for (let r = 0; r < d.y.length; r++) {
      const dist = centres.map(([cx, cy]) => Math.hypot(d.x[2 * r]! - cx!, d.x[2 * r + 1]! - cy!));
      if (dist.indexOf(Math.min(...dist)) !== d.y[r]) wrong++;
    }
    return wrong / d.y.length;
  }

  it('has balanced classes before flips and the requested size', () => {
    const d = linear({ samples: 1001, flipY: 0 });
    expectShape(d, 1001, 2);
    expect(classCounts(d)).toEqual([501, 500]);
  });

  it('puts each class cluster on a distinct vertex (±classSep, ±classSep)', () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const d = linear({ samples: 1000, seed });
      const centres = [0, 1].map((c) => [mean(column(d, 0, c)), mean(column(d, 1, c))]);
      for (const [cx, cy] of centres) {
        expect(Math.abs(Math.abs(cx!) - 1)).toBeLessThan(0.25);
        expect(Math.abs(Math.abs(cy!) - 1)).toBeLessThan(0.25);
      }
      expect(Math.hypot(centres[0]![0]! - centres[1]![0]!, centres[0]![1]! - centres[1]![1]!)).toBeGreaterThan(1.5);
    }
  });

  it('flipY = 0 keeps every label on its cluster; flipY = 0.01 redraws ~1% (about half change)', () => {
    // classSep 10 separates the clusters far beyond their spread, so cluster = true label.
    for (const seed of SEEDS.slice(0, 5)) expect(mislabelledShare(linear({ classSep: 10, flipY: 0, seed }))).toBe(0);
    const shares = SEEDS.map((seed) => mislabelledShare(linear({ classSep: 10, seed })));
    // Expected 0.01 × 1/2 (a redrawn label keeps its class half the time) = 0.005.
    expect(mean(shares)).toBeGreaterThan(0.003);
    expect(mean(shares)).toBeLessThan(0.007);
    const random = SEEDS.slice(0, 5).map((seed) => mislabelledShare(linear({ classSep: 10, flipY: 1, seed })));
    expect(mean(random)).toBeCloseTo(0.5, 1);
  });

  it('supports up to 4 classes on distinct vertices', () => {
    const d = linear({ classes: 4, samples: 2000, classSep: 10, flipY: 0, seed: 1 });
    expect(classCounts(d)).toEqual([500, 500, 500, 500]);
    const vertices = new Set(
      [0, 1, 2, 3].map((c) => `${Math.sign(mean(column(d, 0, c)))},${Math.sign(mean(column(d, 1, c)))}`),
    );
    expect(vertices.size).toBe(4);
  });

  it('each cluster is N(0, I)·A with A = 2U(2×2) − 1: variances ≤ 2, mean 2/3, random correlation', () => {
    // An isotropic N(0, I) cluster would give variance 1 and correlation ≈ 0 on every seed.
    const variances: number[] = [];
    const correlations: number[] = [];
    for (const seed of SEEDS) {
      const d = linear({ samples: 2000, flipY: 0, shuffle: false, seed });
      for (const c of [0, 1]) {
        const [a, b] = [column(d, 0, c), column(d, 1, c)];
        const [ma, mb] = [mean(a), mean(b)];
        const cov = mean(a.map((v, i) => (v - ma) * (b[i]! - mb)));
        variances.push(std(a) ** 2, std(b) ** 2);
        correlations.push(cov / (std(a) * std(b)));
        // Var of z0·a + z1·b with a, b ∈ [-1, 1] is a² + b² ≤ 2 (plus sampling error).
        expect(Math.max(std(a), std(b)) ** 2).toBeLessThan(2.2);
      }
    }
    // E[a² + b²] = 2 · E[(2U − 1)²] = 2/3.
    expect(mean(variances)).toBeGreaterThan(0.5);
    expect(mean(variances)).toBeLessThan(0.83);
    expect(Math.max(...correlations.map(Math.abs))).toBeGreaterThan(0.7);
    expect(std(correlations)).toBeGreaterThan(0.3);
  });

  it('shuffles rows unless shuffle is false (then clusters come in class order)', () => {
    const ordered = linear({ samples: 1000, flipY: 0, shuffle: false, seed: 3 });
    expect(Array.from(ordered.y)).toEqual([...new Array(500).fill(0), ...new Array(500).fill(1)]);
    const shuffled = linear({ samples: 1000, flipY: 0, seed: 3 });
    expect(classCounts(shuffled)).toEqual([500, 500]);
    expect(Array.from(shuffled.y.subarray(0, 500)).some((c) => c === 1)).toBe(true);
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => linear({ samples: 200, seed })));
});

describe('sine', () => {
  it('2400 points, 200-point blocks alternating 0/1, 1200 per class', () => {
    const d = sine();
    expectShape(d, 2400, 2);
    expect(classCounts(d)).toEqual([1200, 1200]);
    d.y.forEach((c, i) => expect(c).toBe(Math.floor(i / 200) % 2));
  });

  it('x0 = linspace(-3π, 3π) shifted by block × 0.3; x1 lies |N(0.1, 0.1)| outside sin(x0)', () => {
    const d = sine({ seed: 7 });
    const step = (6 * Math.PI) / 2399;
    const offsets: number[] = [];
    for (let i = 0; i < 2400; i++) {
      const x0 = -3 * Math.PI + i * step;
      expect(d.x[2 * i]).toBeCloseTo(x0 + Math.floor(i / 200) * 0.3, 5);
      const s = Math.sin(x0);
      const off = (d.x[2 * i + 1]! - s) * Math.sign(s);
      offsets.push(off);
      expect(off).toBeGreaterThanOrEqual(-F32);
    }
    // |N(0.1, 0.1)|: mean ≈ 0.1 + small folding term (≈ 0.0083).
    expect(mean(offsets)).toBeGreaterThan(0.1);
    expect(mean(offsets)).toBeLessThan(0.117);
    expect(std(offsets)).toBeGreaterThan(0.08);
    expect(std(offsets)).toBeLessThan(0.1);
  });

  it('honours blockSize and leaves odd block sizes in order', () => {
    const d = sine({ samples: 1000, blockSize: 150 });
    d.y.forEach((c, i) => expect(c).toBe(Math.floor(i / 150) % 2));
    expect(classCounts(d)).toEqual([550, 450]);
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => sine({ samples: 300, seed })));
});

describe('spiral (CS231n)', () => {
  it('1500 points, 500 per class, rows grouped by class', () => {
    const d = spiral();
    expectShape(d, 1500, 3);
    d.y.forEach((c, i) => expect(c).toBe(Math.floor(i / 500)));
  });

  it('radius of class j point i is exactly linspace(0, 1, N)[i]', () => {
    const d = spiral({ samples: 5 * 300, classes: 5, seed: 2 });
    for (let j = 0; j < 5; j++) {
      const r = radii(d, j);
      r.forEach((v, i) => expect(v).toBeCloseTo(i / 299, 5));
    }
  });

  it('angle = linspace(4j, 4(j+1)) + N(0, noise)', () => {
    const d = spiral({ seed: 11 });
    const residuals: number[] = [];
    for (let r = 1; r < 1500; r++) {
      const i = r % 500;
      const j = Math.floor(r / 500);
      if (i < 50) continue; // angle is ill-defined near the origin
      const angle = Math.atan2(d.x[2 * r]!, d.x[2 * r + 1]!); // point is (r sin t, r cos t)
      const expected = 4 * j + (4 * i) / 499;
      residuals.push(Math.atan2(Math.sin(angle - expected), Math.cos(angle - expected)));
    }
    expect(mean(residuals)).toBeCloseTo(0, 1);
    expect(std(residuals)).toBeGreaterThan(0.18);
    expect(std(residuals)).toBeLessThan(0.22);
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => spiral({ samples: 300, seed })));
});

describe('xorGauss', () => {
  it('labels 0 exactly when x0·x1 > 0; standard normal inputs; ~balanced', () => {
    const d = xorGauss();
    expectShape(d, 10000, 2);
    d.y.forEach((c, r) => expect(c).toBe(d.x[2 * r]! * d.x[2 * r + 1]! > 0 ? 0 : 1));
    expect(mean(column(d, 0))).toBeCloseTo(0, 1);
    expect(std(column(d, 1))).toBeCloseTo(1, 1);
    const [c0] = classCounts(d);
    expect(Math.abs(c0! - 5000)).toBeLessThan(200);
  });

  it('noise jitters the same points by N(0, noise) after labelling, so some cross the axes', () => {
    const clean = xorGauss({ samples: 4000, seed: 4 });
    const noisy = xorGauss({ samples: 4000, noise: 0.3, seed: 4 });
    expect(noisy.y).toEqual(clean.y);
    expect(noisy.params).toEqual({ samples: 4000, noise: 0.3, seed: 4 });
    const diff = Array.from(noisy.x, (v, k) => v - clean.x[k]!);
    expect(mean(diff)).toBeCloseTo(0, 1);
    expect(std(diff)).toBeGreaterThan(0.29);
    expect(std(diff)).toBeLessThan(0.31);
    // Points near an axis end up in the other class's quadrant: the rule no longer holds exactly.
    let broken = 0;
    noisy.y.forEach((c, r) => {
      if (c !== (noisy.x[2 * r]! * noisy.x[2 * r + 1]! > 0 ? 0 : 1)) broken++;
    });
    expect(broken / 4000).toBeGreaterThan(0.1);
    expect(broken / 4000).toBeLessThan(0.4);
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => xorGauss({ samples: 100, seed })));
});

describe('xorTable', () => {
  it('is the XOR truth table, whatever the seed', () => {
    const d = xorTable();
    expectShape(d, 4, 2);
    expect(Array.from(d.x)).toEqual([0, 0, 0, 1, 1, 0, 1, 1]);
    expect(Array.from(d.y)).toEqual([0, 1, 1, 0]);
    const seeded = xorTable({ seed: 9 });
    expect(seeded.x).toEqual(d.x);
    expect(seeded.y).toEqual(d.y);
    expect(seeded.params).toEqual({ seed: 9 });
  });
});

describe('blobs', () => {
  it('splits samples evenly, remainder to the first classes', () => {
    const d = blobs({ samples: 1001, classes: 4 });
    expectShape(d, 1001, 4);
    expect(classCounts(d)).toEqual([251, 250, 250, 250]);
  });

  it('each class is an isotropic Gaussian of the given std around a centre in the box', () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const d = blobs({ samples: 3000, classes: 3, std: 0.5, centerBox: 10, seed });
      for (let c = 0; c < 3; c++) {
        for (const f of [0, 1]) {
          const values = column(d, f, c);
          expect(Math.abs(mean(values))).toBeLessThan(10 + 0.1);
          expect(std(values)).toBeGreaterThan(0.45);
          expect(std(values)).toBeLessThan(0.55);
        }
      }
    }
  });

  it('is deterministic per seed', () => expectDeterministic((seed) => blobs({ samples: 200, seed })));
});
