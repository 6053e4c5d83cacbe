/**
 * WebAssembly SIMD kernels of the fused engine's fast mode (AssemblyScript, compiled by
 * `scripts/build-wasm.mjs` into src/generated/kernels-wasm.ts; nothing generated is committed).
 *
 * Memory is owned by the JS side (src/fused/simd/memory.ts): every pointer is a byte offset into
 * this module's linear memory, 16-byte aligned. Matrices are row-major float32 with each row
 * padded to a multiple of 4 floats ("ld", the leading dimension); padding is kept at zero, so
 * f32x4 loads never need a scalar tail along a row.
 *
 * Arithmetic: plain f32x4 mul + add (no fused multiply-add, no relaxed SIMD), scalar f64 for the
 * losses, and our own polynomial exp/tanh. Every operation is IEEE-defined in WebAssembly, so a
 * run gives the same bits on every machine and browser.
 */

// Activation codes (same numbers as src/fused/kernels.ts).
const ACT_LINEAR: i32 = 0;
const ACT_RELU: i32 = 1;
const ACT_TANH: i32 = 2;
const ACT_SIGMOID: i32 = 3;
const ACT_SOFTMAX: i32 = 4;

// Loss codes (same numbers as src/fused/losses.ts).
const LOSS_BCE: i32 = 0;
const LOSS_CCE: i32 = 1;
const LOSS_SPARSE_CCE: i32 = 2;
const LOSS_MSE: i32 = 3;
const LOSS_MAE: i32 = 4;
const LOSS_HUBER: i32 = 5;
/** Added to the loss kind of a regression network: count absolute errors, not correct classes. */
const REGRESSION_FLAG: i32 = 256;

/** Keras epsilon: probabilities are clipped to [EPS, 1 − EPS] (their float32 values). */
const CLIP_LO: f64 = <f64>(<f32>1e-7);
const CLIP_HI: f64 = <f64>(<f32>(1.0 - 1e-7));

/** First free byte after the module's static data; the JS allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Correct predictions counted by the last lossGrad / trainStep / evaluateRows call. */
let lastCorrect: i32 = 0;
export function correctCount(): i32 {
  return lastCorrect;
}

/**
 * Σ over rows of the row's mean absolute error (mean over the outputs), from the last lossGrad /
 * computeGradients / evaluateRows call: the regression metric (mae = absErrorSum / rows).
 */
let lastAbsError: f64 = 0;
export function absErrorSum(): f64 {
  return lastAbsError;
}

// ---------------------------------------------------------------------------------------------
// Matrix products
// ---------------------------------------------------------------------------------------------

/**
 * C[m, n] = Σ_k a(m, k) · B[k·ldb + n] (+ bias[n]) for m < M, n < N, where a(m, k) is the float
 * at A + 4·(m·sm + k·sk). N must be a multiple of 4; B and C rows hold at least N floats.
 *   forward  Z = X·W + b:  A = X (sm = ld of X, sk = 1), B = W, M = rows, K = inputs
 *   gradient dW = Xᵀ·dZ:   A = X (sm = 1, sk = ld of X), B = dZ, M = inputs, K = rows
 * Register blocks of 4 rows × 8 columns (eight f32x4 accumulators); remainders in 4-column and
 * 1-row blocks. The k loop runs in order, so results do not depend on the blocking.
 * When sm ≠ 1 each 4-row block of A is first copied to `pack` (16·K bytes of scratch) as
 * [k][4 rows], so the inner loop reads A contiguously with constant offsets.
 */
export function gemm(A: usize, sm: i32, sk: i32, B: usize, ldb: i32, C: usize, ldc: i32, M: i32, N: i32, K: i32, bias: usize, pack: usize): void {
  const sm4 = (<usize>sm) << 2;
  const sk4 = (<usize>sk) << 2;
  const ldb4 = (<usize>ldb) << 2;
  const ldc4 = (<usize>ldc) << 2;
  const zero = f32x4.splat(0);
  let m = 0;
  for (; m + 4 <= M; m += 4) {
    // The block's A panel: a(m + r, k) at panel + k·step + 4·r.
    let panel = A + <usize>m * sm4;
    let step = sk4;
    if (sm != 1) {
      let src = panel;
      let dst = pack;
      for (let k = 0; k < K; k++) {
        store<f32>(dst, load<f32>(src));
        store<f32>(dst, load<f32>(src + sm4), 4);
        store<f32>(dst, load<f32>(src + 2 * sm4), 8);
        store<f32>(dst, load<f32>(src + 3 * sm4), 12);
        src += sk4;
        dst += 16;
      }
      panel = pack;
      step = 16;
    }
    const c0 = C + <usize>m * ldc4;
    let n = 0;
    for (; n + 8 <= N; n += 8) {
      const n4 = (<usize>n) << 2;
      let b0 = zero;
      let b1 = zero;
      if (bias != 0) {
        b0 = v128.load(bias + n4);
        b1 = v128.load(bias + n4, 16);
      }
      let c00 = b0, c01 = b1, c10 = b0, c11 = b1, c20 = b0, c21 = b1, c30 = b0, c31 = b1;
      let pb = B + n4;
      let pa = panel;
      for (let k = 0; k < K; k++) {
        const w0 = v128.load(pb);
        const w1 = v128.load(pb, 16);
        let x = v128.load32_splat(pa);
        c00 = f32x4.add(c00, f32x4.mul(x, w0));
        c01 = f32x4.add(c01, f32x4.mul(x, w1));
        x = v128.load32_splat(pa, 4);
        c10 = f32x4.add(c10, f32x4.mul(x, w0));
        c11 = f32x4.add(c11, f32x4.mul(x, w1));
        x = v128.load32_splat(pa, 8);
        c20 = f32x4.add(c20, f32x4.mul(x, w0));
        c21 = f32x4.add(c21, f32x4.mul(x, w1));
        x = v128.load32_splat(pa, 12);
        c30 = f32x4.add(c30, f32x4.mul(x, w0));
        c31 = f32x4.add(c31, f32x4.mul(x, w1));
        pa += step;
        pb += ldb4;
      }
      const p = c0 + n4;
      v128.store(p, c00);
      v128.store(p, c01, 16);
      v128.store(p + ldc4, c10);
      v128.store(p + ldc4, c11, 16);
      v128.store(p + 2 * ldc4, c20);
      v128.store(p + 2 * ldc4, c21, 16);
      v128.store(p + 3 * ldc4, c30);
      v128.store(p + 3 * ldc4, c31, 16);
    }
    if (n < N) {
      const n4 = (<usize>n) << 2;
      const b0 = bias != 0 ? v128.load(bias + n4) : zero;
      let c00 = b0, c10 = b0, c20 = b0, c30 = b0;
      let pb = B + n4;
      let pa = panel;
      for (let k = 0; k < K; k++) {
        const w0 = v128.load(pb);
        c00 = f32x4.add(c00, f32x4.mul(v128.load32_splat(pa), w0));
        c10 = f32x4.add(c10, f32x4.mul(v128.load32_splat(pa, 4), w0));
        c20 = f32x4.add(c20, f32x4.mul(v128.load32_splat(pa, 8), w0));
        c30 = f32x4.add(c30, f32x4.mul(v128.load32_splat(pa, 12), w0));
        pa += step;
        pb += ldb4;
      }
      const p = c0 + n4;
      v128.store(p, c00);
      v128.store(p + ldc4, c10);
      v128.store(p + 2 * ldc4, c20);
      v128.store(p + 3 * ldc4, c30);
    }
  }
  for (; m < M; m++) {
    const a0 = A + <usize>m * sm4;
    const c0 = C + <usize>m * ldc4;
    let n = 0;
    for (; n + 8 <= N; n += 8) {
      const n4 = (<usize>n) << 2;
      let c00 = bias != 0 ? v128.load(bias + n4) : zero;
      let c01 = bias != 0 ? v128.load(bias + n4, 16) : zero;
      let pb = B + n4;
      let off: usize = 0;
      for (let k = 0; k < K; k++) {
        const x = v128.load32_splat(a0 + off);
        c00 = f32x4.add(c00, f32x4.mul(x, v128.load(pb)));
        c01 = f32x4.add(c01, f32x4.mul(x, v128.load(pb, 16)));
        off += sk4;
        pb += ldb4;
      }
      v128.store(c0 + n4, c00);
      v128.store(c0 + n4, c01, 16);
    }
    if (n < N) {
      const n4 = (<usize>n) << 2;
      let c00 = bias != 0 ? v128.load(bias + n4) : zero;
      let pb = B + n4;
      let off: usize = 0;
      for (let k = 0; k < K; k++) {
        c00 = f32x4.add(c00, f32x4.mul(v128.load32_splat(a0 + off), v128.load(pb)));
        off += sk4;
        pb += ldb4;
      }
      v128.store(c0 + n4, c00);
    }
  }
}

/** [Σ v0, Σ v1, Σ v2, Σ v3] (lane sums, in a fixed order). */
// @ts-ignore: decorator
@inline
function hsum4(v0: v128, v1: v128, v2: v128, v3: v128): v128 {
  const t0 = f32x4.add(v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), v128.shuffle<f32>(v0, v1, 2, 6, 3, 7));
  const t1 = f32x4.add(v128.shuffle<f32>(v2, v3, 0, 4, 1, 5), v128.shuffle<f32>(v2, v3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
}

// @ts-ignore: decorator
@inline
function hsum(v: v128): f32 {
  const t = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return f32x4.extract_lane(t, 0) + f32x4.extract_lane(t, 1);
}

/**
 * C[m, n] = Σ_k A[m·lda + k] · B[n·ldb + k] for m < M, n < N (dot products of rows), and
 * C[m, N..ldc) = 0. K must be a multiple of 4 (rows zero-padded).
 *   input gradient dX = dZ·Wᵀ: A = dZ, B = W, M = rows, N = inputs, K = ld of the outputs
 * Blocks of 2 rows × 4 columns (eight f32x4 accumulators, reduced with shuffles).
 */
export function gemmNT(A: usize, lda: i32, B: usize, ldb: i32, C: usize, ldc: i32, M: i32, N: i32, K: i32): void {
  const lda4 = (<usize>lda) << 2;
  const ldb4 = (<usize>ldb) << 2;
  const ldc4 = (<usize>ldc) << 2;
  const K4 = (<usize>K) << 2;
  const zero = f32x4.splat(0);
  let m = 0;
  for (; m + 2 <= M; m += 2) {
    const a0 = A + <usize>m * lda4;
    const a1 = a0 + lda4;
    const c0 = C + <usize>m * ldc4;
    const c1 = c0 + ldc4;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = B + <usize>n * ldb4;
      const w1 = w0 + ldb4;
      const w2 = w1 + ldb4;
      const w3 = w2 + ldb4;
      let s00 = zero, s01 = zero, s02 = zero, s03 = zero, s10 = zero, s11 = zero, s12 = zero, s13 = zero;
      for (let k: usize = 0; k < K4; k += 16) {
        const x0 = v128.load(a0 + k);
        const x1 = v128.load(a1 + k);
        let w = v128.load(w0 + k);
        s00 = f32x4.add(s00, f32x4.mul(x0, w));
        s10 = f32x4.add(s10, f32x4.mul(x1, w));
        w = v128.load(w1 + k);
        s01 = f32x4.add(s01, f32x4.mul(x0, w));
        s11 = f32x4.add(s11, f32x4.mul(x1, w));
        w = v128.load(w2 + k);
        s02 = f32x4.add(s02, f32x4.mul(x0, w));
        s12 = f32x4.add(s12, f32x4.mul(x1, w));
        w = v128.load(w3 + k);
        s03 = f32x4.add(s03, f32x4.mul(x0, w));
        s13 = f32x4.add(s13, f32x4.mul(x1, w));
      }
      v128.store(c0 + ((<usize>n) << 2), hsum4(s00, s01, s02, s03));
      v128.store(c1 + ((<usize>n) << 2), hsum4(s10, s11, s12, s13));
    }
    for (; n < N; n++) {
      const w0 = B + <usize>n * ldb4;
      let s0 = zero, s1 = zero;
      for (let k: usize = 0; k < K4; k += 16) {
        const w = v128.load(w0 + k);
        s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + k), w));
        s1 = f32x4.add(s1, f32x4.mul(v128.load(a1 + k), w));
      }
      store<f32>(c0 + ((<usize>n) << 2), hsum(s0));
      store<f32>(c1 + ((<usize>n) << 2), hsum(s1));
    }
    for (; n < ldc; n++) {
      store<f32>(c0 + ((<usize>n) << 2), 0);
      store<f32>(c1 + ((<usize>n) << 2), 0);
    }
  }
  for (; m < M; m++) {
    const a0 = A + <usize>m * lda4;
    const c0 = C + <usize>m * ldc4;
    let n = 0;
    for (; n < N; n++) {
      const w0 = B + <usize>n * ldb4;
      let s0 = zero;
      for (let k: usize = 0; k < K4; k += 16) s0 = f32x4.add(s0, f32x4.mul(v128.load(a0 + k), v128.load(w0 + k)));
      store<f32>(c0 + ((<usize>n) << 2), hsum(s0));
    }
    for (; n < ldc; n++) store<f32>(c0 + ((<usize>n) << 2), 0);
  }
}

/** gB[n] = Σ_r dZ[r·ld + n] for n < ld (the bias gradient; ld a multiple of 4). */
export function columnSums(dZ: usize, ld: i32, rows: i32, gB: usize): void {
  const ld4 = (<usize>ld) << 2;
  for (let n: usize = 0; n < ld4; n += 16) {
    let s = f32x4.splat(0);
    let p = dZ + n;
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += ld4;
    }
    v128.store(gB + n, s);
  }
}

// ---------------------------------------------------------------------------------------------
// Elementary functions on f32x4
// ---------------------------------------------------------------------------------------------

const LOG2E: f32 = 1.4426950408889634;
// ln 2 split so that n·LN2_HI is exact for |n| < 2^9.
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/**
 * e^x per lane, |relative error| ≲ 2e-7 on [−87, 88]: x = n·ln2 + r with |r| ≤ ln2/2, e^r by its
 * Taylor polynomial of degree 7 (Horner), times 2^n built in the exponent bits. Inputs are
 * clamped to [−87, 88] (e^x stays a normal float32; NaN stays NaN).
 */
// @ts-ignore: decorator
@inline
function expv(x: v128): v128 {
  x = f32x4.max(f32x4.min(x, f32x4.splat(88.0)), f32x4.splat(-87.0));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(<f32>(1.0 / 5040.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 720.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 120.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 24.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(<f32>(1.0 / 6.0)));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  // 2^n: n in [−126, 127] after the clamp, so the biased exponent stays in 1..254.
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/**
 * tanh per lane: |x| < 0.3125 by its odd Taylor polynomial to x⁹, else sign(x)·(1 − t)/(1 + t)
 * with t = e^(−2|x|). Absolute error ≲ 1e-7, relative ≲ 3e-7.
 */
// @ts-ignore: decorator
@inline
function tanhv(x: v128): v128 {
  const ax = f32x4.abs(x);
  const t = expv(f32x4.mul(ax, f32x4.splat(-2.0)));
  const big = f32x4.div(f32x4.sub(f32x4.splat(1.0), t), f32x4.add(f32x4.splat(1.0), t));
  const x2 = f32x4.mul(ax, ax);
  let p = f32x4.splat(<f32>(62.0 / 2835.0));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(-17.0 / 315.0)));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(2.0 / 15.0)));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(<f32>(-1.0 / 3.0)));
  const small = f32x4.add(ax, f32x4.mul(f32x4.mul(p, x2), ax));
  // tanh(|x|) from the branch for |x|, then the sign of x (so tanh(−0) = −0).
  const magnitude = v128.bitselect(small, big, f32x4.lt(ax, f32x4.splat(0.3125)));
  return v128.or(magnitude, v128.and(x, i32x4.splat(0x80000000)));
}

/** 1 / (1 + e^(−x)) per lane. */
// @ts-ignore: decorator
@inline
function sigmoidv(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, expv(f32x4.neg(x))));
}

/** For tests: out[i] = f(x[i]) for i < n (n a multiple of 4); 0 exp, 1 tanh, 2 sigmoid. */
export function mapVector(fn: i32, x: usize, out: usize, n: i32): void {
  const end = x + ((<usize>n) << 2);
  for (let p = x, q = out; p < end; p += 16, q += 16) {
    const v = v128.load(p);
    v128.store(q, fn == 0 ? expv(v) : fn == 1 ? tanhv(v) : sigmoidv(v));
  }
}

// ---------------------------------------------------------------------------------------------
// Activations
// ---------------------------------------------------------------------------------------------

/**
 * Applies `act` in place to rows × width values stored with leading dimension ld (width ≤ ld,
 * ld a multiple of 4). Padding columns stay (or are reset to) zero.
 */
export function activate(Z: usize, rows: i32, width: i32, ld: i32, act: i32): void {
  if (act == ACT_LINEAR) return;
  const ld4 = (<usize>ld) << 2;
  const count = (<usize>rows) * ld4;
  if (act == ACT_RELU) {
    const zero = f32x4.splat(0);
    for (let p: usize = 0; p < count; p += 16) v128.store(Z + p, f32x4.max(v128.load(Z + p), zero));
    return;
  }
  if (act == ACT_TANH) {
    for (let p: usize = 0; p < count; p += 16) v128.store(Z + p, tanhv(v128.load(Z + p)));
    return;
  }
  if (act == ACT_SIGMOID) {
    for (let p: usize = 0; p < count; p += 16) v128.store(Z + p, sigmoidv(v128.load(Z + p)));
    if (width < ld) {
      for (let r = 0; r < rows; r++) {
        const row = Z + <usize>r * ld4;
        for (let c = width; c < ld; c++) store<f32>(row + ((<usize>c) << 2), 0);
      }
    }
    return;
  }
  if (act == ACT_SOFTMAX) {
    for (let r = 0; r < rows; r++) {
      const row = Z + <usize>r * ld4;
      let max = load<f32>(row);
      for (let c = 1; c < width; c++) {
        const v = load<f32>(row + ((<usize>c) << 2));
        if (v > max) max = v;
      }
      let sum: f64 = 0;
      for (let c = 0; c < width; c++) {
        const e = Mathf.exp(load<f32>(row + ((<usize>c) << 2)) - max);
        store<f32>(row + ((<usize>c) << 2), e);
        sum += <f64>e;
      }
      const inv = 1.0 / sum;
      for (let c = 0; c < width; c++) {
        const q = row + ((<usize>c) << 2);
        store<f32>(q, <f32>(<f64>load<f32>(q) * inv));
      }
    }
  }
}

/**
 * dZ = dA ⊙ act′ in place, given the layer's activations A (rows × ld): relu: dA where A > 0;
 * tanh: dA·(1 − A²); sigmoid: dA·A·(1 − A); softmax (per row): A·(dA − Σ dA·A).
 */
export function activationBackward(D: usize, A: usize, rows: i32, width: i32, ld: i32, act: i32): void {
  if (act == ACT_LINEAR) return;
  const ld4 = (<usize>ld) << 2;
  const count = (<usize>rows) * ld4;
  const one = f32x4.splat(1.0);
  if (act == ACT_RELU) {
    const zero = f32x4.splat(0);
    for (let p: usize = 0; p < count; p += 16) v128.store(D + p, v128.and(v128.load(D + p), f32x4.gt(v128.load(A + p), zero)));
    return;
  }
  if (act == ACT_TANH) {
    for (let p: usize = 0; p < count; p += 16) {
      const a = v128.load(A + p);
      v128.store(D + p, f32x4.mul(v128.load(D + p), f32x4.sub(one, f32x4.mul(a, a))));
    }
    return;
  }
  if (act == ACT_SIGMOID) {
    for (let p: usize = 0; p < count; p += 16) {
      const a = v128.load(A + p);
      v128.store(D + p, f32x4.mul(v128.load(D + p), f32x4.mul(a, f32x4.sub(one, a))));
    }
    return;
  }
  if (act == ACT_SOFTMAX) {
    for (let r = 0; r < rows; r++) {
      const d = D + <usize>r * ld4;
      const a = A + <usize>r * ld4;
      let s: f64 = 0;
      for (let c = 0; c < width; c++) s += <f64>load<f32>(d + ((<usize>c) << 2)) * <f64>load<f32>(a + ((<usize>c) << 2));
      for (let c = 0; c < width; c++) {
        const o = (<usize>c) << 2;
        store<f32>(d + o, <f32>(<f64>load<f32>(a + o) * (<f64>load<f32>(d + o) - s)));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Losses
// ---------------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline
function clip(p: f64): f64 {
  return p > CLIP_HI ? CLIP_HI : p < CLIP_LO ? CLIP_LO : p;
}

// @ts-ignore: decorator
@inline
function clipPasses(p: f64): bool {
  return p >= CLIP_LO && p <= CLIP_HI;
}

/**
 * Mean loss of `rows` output rows (out: rows × ld, real width `width`) against targets T
 * (rows × tw: one-hot/probabilities, or the class id for sparse CE). When G ≠ 0 writes
 * dLoss/dOut into G (rows × ld, padding zero). Counts correct rows into correctCount() (1 unit:
 * (p > 0.5) = target; K units: first argmax = target class). Keras semantics: binary CE and
 * categorical CE on probabilities clipped to [1e-7, 1 − 1e-7] (zero gradient where clipped);
 * categorical CE renormalises rows; MSE, MAE and huber (delta 1: 0.5·e² for |e| ≤ 1, |e| − 0.5
 * beyond) are means over units. With REGRESSION_FLAG added to `kind`, sums the rows' mean
 * absolute errors into absErrorSum() (the regression metric) instead of counting correct rows.
 * Computed in f64.
 */
export function lossGrad(kindAndFlags: i32, out: usize, ld: i32, T: usize, tw: i32, rows: i32, width: i32, G: usize): f64 {
  const regression = (kindAndFlags & REGRESSION_FLAG) != 0;
  const kind = kindAndFlags & (REGRESSION_FLAG - 1);
  const ld4 = (<usize>ld) << 2;
  const tw4 = (<usize>tw) << 2;
  const invRows = 1.0 / <f64>rows;
  let total: f64 = 0;
  let correct = 0;
  let absError: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const o = out + <usize>r * ld4;
    const t = T + <usize>r * tw4;
    const g = G + <usize>r * ld4;
    // Accuracy (classification) or the row's mean absolute error (regression).
    let truth: i32 = 0;
    if (regression) {
      let rowAbs: f64 = 0;
      for (let c = 0; c < width; c++) rowAbs += Math.abs(<f64>load<f32>(o + ((<usize>c) << 2)) - <f64>load<f32>(t + ((<usize>c) << 2)));
      absError += rowAbs / <f64>width;
    } else {
      let best = 0;
      if (width == 1) {
        best = load<f32>(o) > 0.5 ? 1 : 0;
        truth = <i32>load<f32>(t);
      } else {
        let bestValue = load<f32>(o);
        for (let c = 1; c < width; c++) {
          const v = load<f32>(o + ((<usize>c) << 2));
          if (v > bestValue) {
            bestValue = v;
            best = c;
          }
        }
        if (kind == LOSS_SPARSE_CCE) {
          truth = <i32>load<f32>(t);
        } else {
          truth = 0;
          let tv = load<f32>(t);
          for (let c = 1; c < width; c++) {
            const v = load<f32>(t + ((<usize>c) << 2));
            if (v > tv) {
              tv = v;
              truth = c;
            }
          }
        }
      }
      if (best == truth) correct++;
    }

    if (kind == LOSS_BCE) {
      const gScale = invRows / <f64>width;
      let rowSum: f64 = 0;
      for (let c = 0; c < width; c++) {
        const p = <f64>load<f32>(o + ((<usize>c) << 2));
        const z = <f64>load<f32>(t + ((<usize>c) << 2));
        const y = clip(p);
        // One logarithm per value for 0/1 targets (both only for soft targets); float32 log is
        // plenty for a loss that is reported in float32.
        if (z != 0) rowSum -= z * <f64>Mathf.log(<f32>y);
        if (z != 1) rowSum -= (1.0 - z) * <f64>Mathf.log(<f32>(1.0 - y));
        if (G != 0) store<f32>(g + ((<usize>c) << 2), clipPasses(p) ? <f32>(((y - z) / (y * (1.0 - y))) * gScale) : 0);
      }
      total += rowSum / <f64>width;
    } else if (kind == LOSS_CCE || kind == LOSS_SPARSE_CCE) {
      const sparse = kind == LOSS_SPARSE_CCE;
      let s: f64 = 0;
      for (let c = 0; c < width; c++) {
        const p = <f64>load<f32>(o + ((<usize>c) << 2));
        s += sparse ? clip(p) : p;
      }
      let rowLoss: f64 = 0;
      let dot: f64 = 0;
      for (let c = 0; c < width; c++) {
        const p0 = <f64>load<f32>(o + ((<usize>c) << 2));
        const p = sparse ? clip(p0) : p0;
        const tc: f64 = sparse ? (c == truth ? 1.0 : 0.0) : <f64>load<f32>(t + ((<usize>c) << 2));
        const q = p / s;
        if (tc != 0) rowLoss -= tc * <f64>Mathf.log(<f32>clip(q));
        if (G != 0) {
          const dq = clipPasses(q) ? (-tc * invRows) / q : 0.0;
          store<f32>(g + ((<usize>c) << 2), <f32>dq);
          dot += dq * p;
        }
      }
      total += rowLoss;
      if (G != 0) {
        const ds = dot / (s * s);
        for (let c = 0; c < width; c++) {
          const q = g + ((<usize>c) << 2);
          const passes = !sparse || clipPasses(<f64>load<f32>(o + ((<usize>c) << 2)));
          store<f32>(q, passes ? <f32>(<f64>load<f32>(q) / s - ds) : 0);
        }
      }
    } else if (kind == LOSS_MSE) {
      const gScale = (2.0 * invRows) / <f64>width;
      let rowSum: f64 = 0;
      for (let c = 0; c < width; c++) {
        const diff = <f64>load<f32>(o + ((<usize>c) << 2)) - <f64>load<f32>(t + ((<usize>c) << 2));
        rowSum += diff * diff;
        if (G != 0) store<f32>(g + ((<usize>c) << 2), <f32>(diff * gScale));
      }
      total += rowSum / <f64>width;
    } else if (kind == LOSS_MAE) {
      // Gradient ±1 per unit (−1 at 0, as TF.js's abs gradient step(x, −1)).
      const gScale = invRows / <f64>width;
      let rowSum: f64 = 0;
      for (let c = 0; c < width; c++) {
        const diff = <f64>load<f32>(o + ((<usize>c) << 2)) - <f64>load<f32>(t + ((<usize>c) << 2));
        rowSum += Math.abs(diff);
        if (G != 0) store<f32>(g + ((<usize>c) << 2), <f32>(diff > 0 ? gScale : diff != diff ? diff : -gScale));
      }
      total += rowSum / <f64>width;
    } else {
      // LOSS_HUBER, delta 1: gradient e for |e| ≤ 1, sign(e) beyond.
      const gScale = invRows / <f64>width;
      let rowSum: f64 = 0;
      for (let c = 0; c < width; c++) {
        const diff = <f64>load<f32>(o + ((<usize>c) << 2)) - <f64>load<f32>(t + ((<usize>c) << 2));
        const a = Math.abs(diff);
        rowSum += a <= 1.0 ? 0.5 * a * a : a - 0.5;
        if (G != 0) store<f32>(g + ((<usize>c) << 2), <f32>((a <= 1.0 ? diff : diff > 0 ? 1.0 : diff != diff ? diff : -1.0) * gScale));
      }
      total += rowSum / <f64>width;
    }
    if (G != 0) for (let c = width; c < ld; c++) store<f32>(g + ((<usize>c) << 2), 0);
  }
  lastCorrect = correct;
  lastAbsError = absError;
  return total * invRows;
}

// ---------------------------------------------------------------------------------------------
// Regularisation
// ---------------------------------------------------------------------------------------------

/** l1·Σ|w| + l2·Σw² over a kernel of rows × ld floats (padding is zero), in f64. */
export function regularizationLoss(W: usize, rows: i32, ld: i32, l1: f64, l2: f64): f64 {
  const end = W + (<usize>rows) * ((<usize>ld) << 2);
  let a: f64 = 0;
  let s: f64 = 0;
  for (let p = W; p < end; p += 4) {
    const w = <f64>load<f32>(p);
    a += Math.abs(w);
    s += w * w;
  }
  return l1 * a + l2 * s;
}

/**
 * G += 2·l2·W + l1·sign(W) on the real in × out entries of a kernel (TF.js's sign: −1 at 0);
 * padding columns are left at zero.
 */
export function regularizationGrad(W: usize, G: usize, rows: i32, width: i32, ld: i32, l1: f32, l2: f32): void {
  const ld4 = (<usize>ld) << 2;
  for (let r = 0; r < rows; r++) {
    const w = W + <usize>r * ld4;
    const g = G + <usize>r * ld4;
    for (let c = 0; c < width; c++) {
      const o = (<usize>c) << 2;
      const v = load<f32>(w + o);
      store<f32>(g + o, load<f32>(g + o) + 2 * l2 * v + (v > 0 ? l1 : -l1));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Optimizers: n floats (a multiple of 4) of weights W, gradients G and state S1/S2.
// ---------------------------------------------------------------------------------------------

/** W += negLr·G */
export function sgdStep(W: usize, G: usize, n: i32, negLr: f32): void {
  const end = (<usize>n) << 2;
  const s = f32x4.splat(negLr);
  for (let p: usize = 0; p < end; p += 16) v128.store(W + p, f32x4.add(v128.load(W + p), f32x4.mul(s, v128.load(G + p))));
}

/** S1 = m·S1 + G; W += negLr·S1 (tf.train.momentum; Keras's legacy decay through m per step). */
export function momentumStep(W: usize, G: usize, S1: usize, n: i32, negLr: f32, m: f32): void {
  const end = (<usize>n) << 2;
  const lr = f32x4.splat(negLr);
  const mv = f32x4.splat(m);
  for (let p: usize = 0; p < end; p += 16) {
    const a = f32x4.add(f32x4.mul(mv, v128.load(S1 + p)), v128.load(G + p));
    v128.store(S1 + p, a);
    v128.store(W + p, f32x4.add(v128.load(W + p), f32x4.mul(lr, a)));
  }
}

/**
 * Adam: S1 = β1·S1 + (1−β1)·G; S2 = β2·S2 + (1−β2)·G²;
 * W += negLr·(S1·invCorr1) / (sqrt(S2·invCorr2) + ε), invCorr = 1 / (1 − β^t).
 */
export function adamStep(W: usize, G: usize, S1: usize, S2: usize, n: i32, negLr: f32, b1: f32, b2: f32, invCorr1: f32, invCorr2: f32, eps: f32): void {
  const end = (<usize>n) << 2;
  const vb1 = f32x4.splat(b1);
  const vb2 = f32x4.splat(b2);
  const v1b1 = f32x4.splat(1 - b1);
  const v1b2 = f32x4.splat(1 - b2);
  const c1 = f32x4.splat(invCorr1);
  const c2 = f32x4.splat(invCorr2);
  const e = f32x4.splat(eps);
  const lr = f32x4.splat(negLr);
  for (let p: usize = 0; p < end; p += 16) {
    const g = v128.load(G + p);
    const m = f32x4.add(f32x4.mul(vb1, v128.load(S1 + p)), f32x4.mul(v1b1, g));
    const v = f32x4.add(f32x4.mul(vb2, v128.load(S2 + p)), f32x4.mul(v1b2, f32x4.mul(g, g)));
    v128.store(S1 + p, m);
    v128.store(S2 + p, v);
    const step = f32x4.div(f32x4.mul(m, c1), f32x4.add(f32x4.sqrt(f32x4.mul(v, c2)), e));
    v128.store(W + p, f32x4.add(v128.load(W + p), f32x4.mul(lr, step)));
  }
}

/** RMSprop (not centered): S1 = ρ·S1 + (1−ρ)·G²; S2 = μ·S2 + lr·G / sqrt(S1 + ε); W −= S2. */
export function rmspropStep(W: usize, G: usize, S1: usize, S2: usize, n: i32, lr: f32, rho: f32, mu: f32, eps: f32): void {
  const end = (<usize>n) << 2;
  const vr = f32x4.splat(rho);
  const v1r = f32x4.splat(1 - rho);
  const vmu = f32x4.splat(mu);
  const vlr = f32x4.splat(lr);
  const e = f32x4.splat(eps);
  for (let p: usize = 0; p < end; p += 16) {
    const g = v128.load(G + p);
    const s = f32x4.add(f32x4.mul(vr, v128.load(S1 + p)), f32x4.mul(v1r, f32x4.mul(g, g)));
    v128.store(S1 + p, s);
    const mo = f32x4.add(f32x4.mul(vmu, v128.load(S2 + p)), f32x4.div(f32x4.mul(vlr, g), f32x4.sqrt(f32x4.add(s, e))));
    v128.store(S2 + p, mo);
    v128.store(W + p, f32x4.sub(v128.load(W + p), mo));
  }
}

/** Adagrad: S1 += G²; W += negLr·G / sqrt(S1 + ε). */
export function adagradStep(W: usize, G: usize, S1: usize, n: i32, negLr: f32, eps: f32): void {
  const end = (<usize>n) << 2;
  const lr = f32x4.splat(negLr);
  const e = f32x4.splat(eps);
  for (let p: usize = 0; p < end; p += 16) {
    const g = v128.load(G + p);
    const a = f32x4.add(v128.load(S1 + p), f32x4.mul(g, g));
    v128.store(S1 + p, a);
    v128.store(W + p, f32x4.add(v128.load(W + p), f32x4.div(f32x4.mul(lr, g), f32x4.sqrt(f32x4.add(a, e)))));
  }
}

/** 1 when all n floats (a multiple of 4) are finite, else 0. */
export function allFinite(P: usize, n: i32): i32 {
  const end = (<usize>n) << 2;
  const zero = f32x4.splat(0);
  let acc = zero;
  // x·0 is 0 for finite x and NaN for ±∞ and NaN.
  for (let p: usize = 0; p < end; p += 16) acc = f32x4.add(acc, f32x4.mul(v128.load(P + p), zero));
  return v128.all_true<i32>(f32x4.eq(acc, zero)) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Whole steps, driven by a network descriptor (see src/fused/simd/network.ts)
// ---------------------------------------------------------------------------------------------
//
// Descriptor: i32 words.
//   [0] L (layers)  [1] loss kind  [2] output width  [3] target width  [4] X (input batch, rows × ld0)
//   [5] T (target batch, rows × tw)  [6] 1 if any layer is regularised
//   [7] pack scratch of gemm (16 · max inputs bytes)
//   per layer l, at word 8 + 16·l:
//     +0 inputs  +1 units  +2 ld of inputs  +3 ld of units  +4 activation
//     +5 W  +6 b  +7 gW  +8 gb  +9 activations (rows × ld)  +10 deltas (rows × ld)
//     +11 l1 (f32 bits)  +12 l2 (f32 bits)

const HEADER: usize = 8;
const STRIDE: usize = 16;

// @ts-ignore: decorator
@inline
function word(desc: usize, i: usize): i32 {
  return load<i32>(desc + (i << 2));
}

// @ts-ignore: decorator
@inline
function layerWord(desc: usize, l: i32, i: usize): i32 {
  return load<i32>(desc + ((HEADER + STRIDE * <usize>l + i) << 2));
}

/**
 * Copies rows order[start .. start+count) of x (n × f, unpadded) into X (count × ldx) and of T
 * (n × tw) into the target batch. order = 0 means rows start, start+1, ….
 */
export function gather(x: usize, f: i32, t: usize, tw: i32, order: usize, start: i32, count: i32, X: usize, ldx: i32, Tb: usize): void {
  const f4 = (<usize>f) << 2;
  const tw4 = (<usize>tw) << 2;
  const ldx4 = (<usize>ldx) << 2;
  for (let r = 0; r < count; r++) {
    const row = order != 0 ? load<i32>(order + ((<usize>(start + r)) << 2)) : start + r;
    memory.copy(X + <usize>r * ldx4, x + <usize>row * f4, f4);
    if (t != 0) memory.copy(Tb + <usize>r * tw4, t + <usize>row * tw4, tw4);
  }
}

/** Forward pass of `rows` rows of the descriptor's input batch; returns the output pointer. */
export function forward(desc: usize, rows: i32): usize {
  const L = word(desc, 0);
  let input = <usize>word(desc, 4);
  for (let l = 0; l < L; l++) {
    const ldIn = layerWord(desc, l, 2);
    const ldOut = layerWord(desc, l, 3);
    const out = <usize>layerWord(desc, l, 9);
    gemm(input, ldIn, 1, <usize>layerWord(desc, l, 5), ldOut, out, ldOut, rows, ldOut, layerWord(desc, l, 0), <usize>layerWord(desc, l, 6), <usize>word(desc, 7));
    activate(out, rows, layerWord(desc, l, 1), ldOut, layerWord(desc, l, 4));
    input = out;
  }
  return input;
}

/** Regularisation terms of every layer (0 when none). */
function regularization(desc: usize): f64 {
  if (word(desc, 6) == 0) return 0;
  const L = word(desc, 0);
  let total: f64 = 0;
  for (let l = 0; l < L; l++) {
    const l1 = <f64>reinterpret<f32>(layerWord(desc, l, 11));
    const l2 = <f64>reinterpret<f32>(layerWord(desc, l, 12));
    if (l1 == 0 && l2 == 0) continue;
    total += regularizationLoss(<usize>layerWord(desc, l, 5), layerWord(desc, l, 0), layerWord(desc, l, 3), l1, l2);
  }
  return total;
}

/**
 * One forward/backward pass on rows order[start .. start+count) of (x, t): fills the gradient
 * buffers and returns the batch loss (with the l1/l2 terms) before any update. x = 0 means the
 * batch is already in the descriptor's X and T buffers. The optimizer
 * step is a separate call (sgdStep, adamStep, …) over the whole parameter block.
 */
export function computeGradients(desc: usize, x: usize, t: usize, order: usize, start: i32, count: i32): f64 {
  const L = word(desc, 0);
  const X = <usize>word(desc, 4);
  const Tb = <usize>word(desc, 5);
  const tw = word(desc, 3);
  // x = 0: the caller has already put the batch into X and T.
  if (x != 0) gather(x, layerWord(desc, 0, 0), t, tw, order, start, count, X, layerWord(desc, 0, 2), Tb);
  const out = forward(desc, count);
  const last = L - 1;
  let loss = lossGrad(word(desc, 1), out, layerWord(desc, last, 3), Tb, tw, count, word(desc, 2), <usize>layerWord(desc, last, 10));
  loss += regularization(desc);
  for (let l = last; l >= 0; l--) {
    const inSize = layerWord(desc, l, 0);
    const units = layerWord(desc, l, 1);
    const ldIn = layerWord(desc, l, 2);
    const ldOut = layerWord(desc, l, 3);
    const D = <usize>layerWord(desc, l, 10);
    activationBackward(D, <usize>layerWord(desc, l, 9), count, units, ldOut, layerWord(desc, l, 4));
    const A = l == 0 ? X : <usize>layerWord(desc, l - 1, 9);
    const gW = <usize>layerWord(desc, l, 7);
    gemm(A, 1, ldIn, D, ldOut, gW, ldOut, inSize, ldOut, count, 0, 0);
    columnSums(D, ldOut, count, <usize>layerWord(desc, l, 8));
    if (l > 0) gemmNT(D, ldOut, <usize>layerWord(desc, l, 5), ldOut, <usize>layerWord(desc, l - 1, 10), ldIn, count, inSize, ldOut);
    const l1 = reinterpret<f32>(layerWord(desc, l, 11));
    const l2 = reinterpret<f32>(layerWord(desc, l, 12));
    if (l1 != 0 || l2 != 0) regularizationGrad(<usize>layerWord(desc, l, 5), gW, inSize, units, ldOut, l1, l2);
  }
  return loss;
}

/**
 * Loss (data term only, mean over rows) and correct count (correctCount()) of rows
 * start .. start+count of (x, t), through the descriptor's buffers (no gradients).
 */
export function evaluateRows(desc: usize, x: usize, t: usize, start: i32, count: i32): f64 {
  const L = word(desc, 0);
  const X = <usize>word(desc, 4);
  const Tb = <usize>word(desc, 5);
  const tw = word(desc, 3);
  gather(x, layerWord(desc, 0, 0), t, tw, 0, start, count, X, layerWord(desc, 0, 2), Tb);
  const out = forward(desc, count);
  return lossGrad(word(desc, 1), out, layerWord(desc, L - 1, 3), Tb, tw, count, word(desc, 2), 0);
}

/** The l1/l2 terms of the current weights. */
export function regularizationTotal(desc: usize): f64 {
  return regularization(desc);
}

/** Outputs (count × width, unpadded) of rows start .. start+count of x into out. */
export function predictRows(desc: usize, x: usize, start: i32, count: i32, out: usize): void {
  const L = word(desc, 0);
  const X = <usize>word(desc, 4);
  gather(x, layerWord(desc, 0, 0), 0, 0, 0, start, count, X, layerWord(desc, 0, 2), 0);
  const res = forward(desc, count);
  const width = word(desc, 2);
  const ld4 = (<usize>layerWord(desc, L - 1, 3)) << 2;
  const w4 = (<usize>width) << 2;
  for (let r = 0; r < count; r++) memory.copy(out + <usize>r * w4, res + <usize>r * ld4, w4);
}
