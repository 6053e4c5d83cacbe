/**
 * Loss values and their gradients w.r.t. the network output, written as the op sequence of
 * tfjs-layers' Keras losses (losses.js) and of the TF.js gradients of those ops, rounded to
 * float32 after every op. The batch loss is `mean` over rows of the per-row loss, as
 * LayersModel.fit computes it.
 */

const fround = Math.fround;

export const LOSS_BCE = 0;
export const LOSS_CCE = 1;
export const LOSS_SPARSE_CCE = 2;
export const LOSS_MSE = 3;
export const LOSS_MAE = 4;
export const LOSS_HUBER = 5;

/** tfjs-layers epsilon() on the cpu and wasm backends. */
const EPSILON = 1e-7;
/** The clip bounds as the forward clip kernel compares them (float64 attributes). */
const CLIP_LO = EPSILON;
const CLIP_HI = 1 - EPSILON;
/** The clip bounds as stored (float32) and as compared by the clip gradient (float32 scalars). */
const CLIP_LO_F32 = fround(CLIP_LO);
const CLIP_HI_F32 = fround(CLIP_HI);

function clip(p: number): number {
  return p > CLIP_HI ? CLIP_HI_F32 : p < CLIP_LO ? CLIP_LO_F32 : p;
}

function clipPasses(p: number): boolean {
  return p >= CLIP_LO_F32 && p <= CLIP_HI_F32;
}

/**
 * Computes the batch loss of `rows` output rows against `targets` (rows × width, or rows × 1 class
 * ids for sparse CE) and, when `grad` is given, writes dLoss/dOutput into it. `scratch` must hold
 * at least `width` values. Returns the float32 batch loss (without regularisation).
 */
export function lossForwardBackward(
  kind: number,
  out: Float32Array,
  targets: Float32Array,
  rows: number,
  width: number,
  grad: Float32Array | null,
  scratch: Float32Array,
): number {
  // d mean(rowLoss) / d rowLoss = 1 / n (TF.js Mean gradient: dy · ones / n).
  const gRow = fround(1 / rows);
  let total = 0;
  switch (kind) {
    case LOSS_BCE: {
      // binaryCrossentropy: y = clip(p); logit = log(y / (1 − y));
      // sigmoidCrossEntropyWithLogits = relu(x) − x·z + log1p(exp(−|x|)); mean over the last axis.
      const g = fround(gRow / width);
      for (let b = 0; b < rows; b++) {
        const o = b * width;
        let rowSum = 0;
        for (let c = 0; c < width; c++) {
          const p = out[o + c]!;
          const z = targets[o + c]!;
          const y1 = clip(p);
          const d = fround(1 - y1);
          const r = fround(y1 / d);
          const x = fround(Math.log(r));
          const e = fround(Math.exp(-Math.abs(x)));
          const l = fround(fround((x > 0 ? x : 0) - fround(x * z)) + fround(Math.log1p(e)));
          rowSum += fround(l / width);
          if (grad !== null) {
            // Gradients arrive on x from mul(x, z), then abs(x), then relu(x) (reverse tape order).
            const dAbs = -fround(fround(g / fround(e + 1)) * e);
            const cAbs = x > 0 ? dAbs : -dAbs;
            const dx = fround(fround(fround(-g * z) + cAbs) + (x > 0 ? g : 0));
            const dr = fround(dx / r);
            // y1 feeds div(y1, ·) and sub(1, y1): dy1 = dr/d + dr·y1/d².
            const dy1 = fround(fround(dr / d) + fround(fround(dr * y1) / fround(d * d)));
            grad[o + c] = clipPasses(p) ? dy1 : 0;
          }
        }
        total += fround(fround(rowSum) / rows);
      }
      break;
    }
    case LOSS_CCE:
    case LOSS_SPARSE_CCE: {
      // categoricalCrossentropy: q = p / sum(p); −sum(t · log(clip(q))). The sparse variant clips p
      // first and one-hots the class id.
      const sparse = kind === LOSS_SPARSE_CCE;
      const nt = -gRow;
      for (let b = 0; b < rows; b++) {
        const o = b * width;
        const id = sparse ? Math.floor(targets[b]!) : -1;
        let sum = 0;
        for (let c = 0; c < width; c++) sum += sparse ? clip(out[o + c]!) : out[o + c]!;
        const s = fround(sum);
        let rowSum = 0;
        for (let c = 0; c < width; c++) {
          const p = sparse ? clip(out[o + c]!) : out[o + c]!;
          const t = sparse ? (c === id ? 1 : 0) : targets[o + c]!;
          rowSum += fround(t * fround(Math.log(clip(fround(p / s)))));
        }
        total += fround(-fround(rowSum) / rows);
        if (grad !== null) {
          // dq = (−g·t) / clip(q) where clip passes; dp = dq / s − sum(dq·p) / s².
          let dotSum = 0;
          for (let c = 0; c < width; c++) {
            const p = sparse ? clip(out[o + c]!) : out[o + c]!;
            const t = sparse ? (c === id ? 1 : 0) : targets[o + c]!;
            const q = fround(p / s);
            const dq = clipPasses(q) ? fround(fround(nt * t) / clip(q)) : 0;
            scratch[c] = dq;
            dotSum += fround(dq * p);
          }
          const ds = -fround(fround(dotSum) / fround(s * s));
          for (let c = 0; c < width; c++) {
            const dp = fround(fround(scratch[c]! / s) + ds);
            grad[o + c] = sparse && !clipPasses(out[o + c]!) ? 0 : dp;
          }
        }
      }
      break;
    }
    case LOSS_MSE: {
      // meanSquaredError: mean((p − t)²) over the last axis; square is mul(x, x) in tfjs-layers.
      const g = fround(gRow / width);
      for (let b = 0; b < rows; b++) {
        const o = b * width;
        let rowSum = 0;
        for (let c = 0; c < width; c++) {
          const diff = fround(out[o + c]! - targets[o + c]!);
          rowSum += fround(fround(diff * diff) / width);
          if (grad !== null) grad[o + c] = 2 * fround(g * diff);
        }
        total += fround(fround(rowSum) / rows);
      }
      break;
    }
    case LOSS_MAE: {
      // meanAbsoluteError: mean(abs(p − t)) over the last axis. Abs's gradient is dy·step(x, −1):
      // +dy for x > 0, −dy otherwise (also at 0), NaN for NaN.
      const g = fround(gRow / width);
      for (let b = 0; b < rows; b++) {
        const o = b * width;
        let rowSum = 0;
        for (let c = 0; c < width; c++) {
          const diff = fround(out[o + c]! - targets[o + c]!);
          rowSum += fround(Math.abs(diff) / width);
          if (grad !== null) grad[o + c] = diff > 0 ? g : diff !== diff ? NaN : -g;
        }
        total += fround(fround(rowSum) / rows);
      }
      break;
    }
    case LOSS_HUBER: {
      // huber (delta 1), as huberLoss of @mlpkit/models computes it with TF.js's
      // tf.losses.huberLoss: a = |p − t|; q = minimum(a, 1); l = 0.5·square(q) + 1·(a − q); mean
      // over the last axis. Gradient in tape order: dq = g·0.5·(2q) − g (square, then sub);
      // minimum passes dq where a ≤ 1; a adds g (from sub); abs multiplies by step(p − t, −1).
      const g = fround(gRow / width);
      const half = fround(g * 0.5);
      for (let b = 0; b < rows; b++) {
        const o = b * width;
        let rowSum = 0;
        for (let c = 0; c < width; c++) {
          const e = fround(out[o + c]! - targets[o + c]!);
          const a = Math.abs(e);
          const q = a <= 1 ? a : a !== a ? NaN : 1;
          const l = fround(fround(0.5 * fround(q * q)) + fround(a - q));
          rowSum += fround(l / width);
          if (grad !== null) {
            const dq = fround(fround(half * fround(q * 2)) - g);
            const da = a <= 1 ? fround(g + dq) : g;
            grad[o + c] = e > 0 ? da : e !== e ? NaN : -da;
          }
        }
        total += fround(fround(rowSum) / rows);
      }
      break;
    }
    default:
      throw new Error(`unknown loss kind ${kind}`);
  }
  return fround(total);
}

/**
 * Sum over rows of the mean absolute error of the row's outputs (Keras's `mae` metric before the
 * mean over rows), accumulated in float64: the regression metric.
 */
export function absErrorSum(out: Float32Array, targets: Float32Array, rows: number, width: number): number {
  let total = 0;
  for (let b = 0; b < rows; b++) {
    const o = b * width;
    let rowSum = 0;
    for (let c = 0; c < width; c++) rowSum += Math.abs(out[o + c]! - targets[o + c]!);
    total += rowSum / width;
  }
  return total;
}

/**
 * Number of correct predictions in a batch, as the train package's EvalResult defines accuracy:
 * a 1-unit output is right when (p > 0.5) equals the target (Keras binary accuracy); K units are
 * right when the first maximum of the output is the target class (Keras categorical accuracy).
 */
export function countCorrect(kind: number, out: Float32Array, targets: Float32Array, rows: number, width: number): number {
  let correct = 0;
  if (width === 1) {
    for (let b = 0; b < rows; b++) if ((out[b]! > 0.5 ? 1 : 0) === targets[b]!) correct++;
    return correct;
  }
  for (let b = 0; b < rows; b++) {
    const o = b * width;
    let best = 0;
    let bestValue = out[o]!;
    for (let c = 1; c < width; c++) {
      if (out[o + c]! > bestValue) {
        bestValue = out[o + c]!;
        best = c;
      }
    }
    let truth: number;
    if (kind === LOSS_SPARSE_CCE) {
      truth = Math.floor(targets[b]!);
    } else {
      truth = 0;
      let truthValue = targets[o]!;
      for (let c = 1; c < width; c++) {
        if (targets[o + c]! > truthValue) {
          truthValue = targets[o + c]!;
          truth = c;
        }
      }
    }
    if (best === truth) correct++;
  }
  return correct;
}
