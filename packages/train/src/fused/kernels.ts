/**
 * Float32Array kernels of the fused engine. Each one reproduces the arithmetic of the TF.js `cpu`
 * backend op by op: products and sums in float64, rounded to float32 wherever TF.js stores a
 * tensor (a store into a Float32Array or Math.fround), and matrix products accumulated in blocks
 * of 48 along the shared dimension as tfjs-backend-cpu's batchMatMul does. That is what makes the
 * fused engine agree with TF.js to the last bits rather than "roughly".
 *
 * All functions are monomorphic loops over preallocated buffers: no closures, no allocation.
 */

const fround = Math.fround;

/** tfjs-backend-cpu's matMul block size (backend.blockSize). */
export const MATMUL_BLOCK = 48;

export const ACT_LINEAR = 0;
export const ACT_RELU = 1;
export const ACT_TANH = 2;
export const ACT_SIGMOID = 3;
export const ACT_SOFTMAX = 4;

/**
 * out[b, j] = act(sum_k inp[inOff + b·inSize + k] · W[k·outSize + j] + bias[j]) for b < rows.
 * The sum runs over k in blocks of 48, each block summed in float64 and added to a float32 total.
 * Register blocking (two rows × four outputs: eight independent sums, each still in TF.js's k
 * order) keeps the FPU busy without changing a single rounding.
 */
export function denseForward(
  inp: Float32Array,
  inOff: number,
  inSize: number,
  W: Float32Array,
  bias: Float32Array,
  out: Float32Array,
  outSize: number,
  rows: number,
  act: number,
): void {
  let b = 0;
  for (; b + 1 < rows; b += 2) forwardRowPair(inp, inOff + b * inSize, inSize, W, bias, out, b * outSize, outSize);
  if (b < rows) forwardRow(inp, inOff + b * inSize, inSize, W, bias, out, b * outSize, outSize);
  activate(out, rows * outSize, outSize, act);
}

function forwardRowPair(inp: Float32Array, io: number, inSize: number, W: Float32Array, bias: Float32Array, out: Float32Array, oo: number, outSize: number): void {
  const io2 = io + inSize;
  const oo2 = oo + outSize;
  let j = 0;
  for (; j + 3 < outSize; j += 4) {
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    for (let k0 = 0; k0 < inSize; k0 += MATMUL_BLOCK) {
      const kEnd = k0 + MATMUL_BLOCK < inSize ? k0 + MATMUL_BLOCK : inSize;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let r0 = 0;
      let r1 = 0;
      let r2 = 0;
      let r3 = 0;
      for (let k = k0, w = k0 * outSize + j; k < kEnd; k++, w += outSize) {
        const x = inp[io + k]!;
        const y = inp[io2 + k]!;
        const w0 = W[w]!;
        const w1 = W[w + 1]!;
        const w2 = W[w + 2]!;
        const w3 = W[w + 3]!;
        s0 += x * w0;
        s1 += x * w1;
        s2 += x * w2;
        s3 += x * w3;
        r0 += y * w0;
        r1 += y * w1;
        r2 += y * w2;
        r3 += y * w3;
      }
      t0 = fround(t0 + s0);
      t1 = fround(t1 + s1);
      t2 = fround(t2 + s2);
      t3 = fround(t3 + s3);
      u0 = fround(u0 + r0);
      u1 = fround(u1 + r1);
      u2 = fround(u2 + r2);
      u3 = fround(u3 + r3);
    }
    out[oo + j] = t0 + bias[j]!;
    out[oo + j + 1] = t1 + bias[j + 1]!;
    out[oo + j + 2] = t2 + bias[j + 2]!;
    out[oo + j + 3] = t3 + bias[j + 3]!;
    out[oo2 + j] = u0 + bias[j]!;
    out[oo2 + j + 1] = u1 + bias[j + 1]!;
    out[oo2 + j + 2] = u2 + bias[j + 2]!;
    out[oo2 + j + 3] = u3 + bias[j + 3]!;
  }
  for (; j < outSize; j++) {
    let t = 0;
    let u = 0;
    for (let k0 = 0; k0 < inSize; k0 += MATMUL_BLOCK) {
      const kEnd = k0 + MATMUL_BLOCK < inSize ? k0 + MATMUL_BLOCK : inSize;
      let s = 0;
      let r = 0;
      for (let k = k0, w = k0 * outSize + j; k < kEnd; k++, w += outSize) {
        const wk = W[w]!;
        s += inp[io + k]! * wk;
        r += inp[io2 + k]! * wk;
      }
      t = fround(t + s);
      u = fround(u + r);
    }
    out[oo + j] = t + bias[j]!;
    out[oo2 + j] = u + bias[j]!;
  }
}

function forwardRow(inp: Float32Array, io: number, inSize: number, W: Float32Array, bias: Float32Array, out: Float32Array, oo: number, outSize: number): void {
  for (let j = 0; j < outSize; j++) {
    let t = 0;
    for (let k0 = 0; k0 < inSize; k0 += MATMUL_BLOCK) {
      const kEnd = k0 + MATMUL_BLOCK < inSize ? k0 + MATMUL_BLOCK : inSize;
      let s = 0;
      for (let k = k0, w = k0 * outSize + j; k < kEnd; k++, w += outSize) s += inp[io + k]! * W[w]!;
      t = fround(t + s);
    }
    out[oo + j] = t + bias[j]!;
  }
}

/** Applies an activation in place to the first `count` values (rows of `width` for softmax). */
export function activate(a: Float32Array, count: number, width: number, act: number): void {
  switch (act) {
    case ACT_RELU:
      for (let i = 0; i < count; i++) if (a[i]! < 0) a[i] = 0;
      break;
    case ACT_TANH:
      for (let i = 0; i < count; i++) a[i] = Math.tanh(a[i]!);
      break;
    case ACT_SIGMOID:
      for (let i = 0; i < count; i++) a[i] = 1 / (1 + Math.exp(-a[i]!));
      break;
    case ACT_SOFTMAX:
      // tfjs-backend-cpu softmax: max, sub, exp, sum, div — each stored as float32.
      for (let o = 0; o < count; o += width) {
        let max = a[o]!;
        for (let c = 1; c < width; c++) if (a[o + c]! > max) max = a[o + c]!;
        let sum = 0;
        for (let c = 0; c < width; c++) {
          const e = fround(Math.exp(fround(a[o + c]! - max)));
          a[o + c] = e;
          sum += e;
        }
        const s = fround(sum);
        for (let c = 0; c < width; c++) a[o + c] = a[o + c]! / s;
      }
      break;
    default:
      break;
  }
}

/**
 * Turns dA (gradient w.r.t. a layer's activations `a`) into dZ (w.r.t. its pre-activations), in
 * place, with the TF.js gradient formulas: relu dy·step(x), tanh (1 − y²)·dy, sigmoid
 * dy·(y·(1 − y)), softmax dy·y − sum(dy·y)·y.
 */
export function activationBackward(d: Float32Array, a: Float32Array, count: number, width: number, act: number): void {
  switch (act) {
    case ACT_RELU:
      // relu(z) > 0 exactly when z > 0, so the activation stands in for z.
      for (let i = 0; i < count; i++) if (!(a[i]! > 0)) d[i] = d[i]! * 0;
      break;
    case ACT_TANH:
      for (let i = 0; i < count; i++) {
        const y = a[i]!;
        d[i] = fround(1 - fround(y * y)) * d[i]!;
      }
      break;
    case ACT_SIGMOID:
      for (let i = 0; i < count; i++) {
        const y = a[i]!;
        d[i] = d[i]! * fround(y * fround(1 - y));
      }
      break;
    case ACT_SOFTMAX:
      for (let o = 0; o < count; o += width) {
        let sum = 0;
        for (let c = 0; c < width; c++) {
          const t = fround(d[o + c]! * a[o + c]!);
          d[o + c] = t;
          sum += t;
        }
        const s = fround(sum);
        for (let c = 0; c < width; c++) d[o + c] = d[o + c]! - fround(s * a[o + c]!);
      }
      break;
    default:
      break;
  }
}

/**
 * dA[b, i] = sum_j dZ[b, j] · W[i·outSize + j] (TF.js: matMul(dy, W, false, true)), blocked over j;
 * two rows × four i at once.
 */
export function denseBackwardInput(
  dZ: Float32Array,
  W: Float32Array,
  dA: Float32Array,
  inSize: number,
  outSize: number,
  rows: number,
): void {
  let b = 0;
  for (; b + 1 < rows; b += 2) backwardInputRowPair(dZ, b * outSize, W, dA, b * inSize, inSize, outSize);
  if (b < rows) backwardInputRow(dZ, b * outSize, W, dA, b * inSize, inSize, outSize);
}

function backwardInputRowPair(dZ: Float32Array, zo: number, W: Float32Array, dA: Float32Array, ao: number, inSize: number, outSize: number): void {
  const zo2 = zo + outSize;
  const ao2 = ao + inSize;
  let i = 0;
  for (; i + 3 < inSize; i += 4) {
    const w0 = i * outSize;
    const w1 = w0 + outSize;
    const w2 = w1 + outSize;
    const w3 = w2 + outSize;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    for (let j0 = 0; j0 < outSize; j0 += MATMUL_BLOCK) {
      const jEnd = j0 + MATMUL_BLOCK < outSize ? j0 + MATMUL_BLOCK : outSize;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let r0 = 0;
      let r1 = 0;
      let r2 = 0;
      let r3 = 0;
      for (let j = j0; j < jEnd; j++) {
        const d = dZ[zo + j]!;
        const e = dZ[zo2 + j]!;
        const a0 = W[w0 + j]!;
        const a1 = W[w1 + j]!;
        const a2 = W[w2 + j]!;
        const a3 = W[w3 + j]!;
        s0 += d * a0;
        s1 += d * a1;
        s2 += d * a2;
        s3 += d * a3;
        r0 += e * a0;
        r1 += e * a1;
        r2 += e * a2;
        r3 += e * a3;
      }
      t0 = fround(t0 + s0);
      t1 = fround(t1 + s1);
      t2 = fround(t2 + s2);
      t3 = fround(t3 + s3);
      u0 = fround(u0 + r0);
      u1 = fround(u1 + r1);
      u2 = fround(u2 + r2);
      u3 = fround(u3 + r3);
    }
    dA[ao + i] = t0;
    dA[ao + i + 1] = t1;
    dA[ao + i + 2] = t2;
    dA[ao + i + 3] = t3;
    dA[ao2 + i] = u0;
    dA[ao2 + i + 1] = u1;
    dA[ao2 + i + 2] = u2;
    dA[ao2 + i + 3] = u3;
  }
  for (; i < inSize; i++) {
    const wo = i * outSize;
    let t = 0;
    let u = 0;
    for (let j0 = 0; j0 < outSize; j0 += MATMUL_BLOCK) {
      const jEnd = j0 + MATMUL_BLOCK < outSize ? j0 + MATMUL_BLOCK : outSize;
      let s = 0;
      let r = 0;
      for (let j = j0; j < jEnd; j++) {
        const wj = W[wo + j]!;
        s += dZ[zo + j]! * wj;
        r += dZ[zo2 + j]! * wj;
      }
      t = fround(t + s);
      u = fround(u + r);
    }
    dA[ao + i] = t;
    dA[ao2 + i] = u;
  }
}

function backwardInputRow(dZ: Float32Array, zo: number, W: Float32Array, dA: Float32Array, ao: number, inSize: number, outSize: number): void {
  for (let i = 0; i < inSize; i++) {
    const wo = i * outSize;
    let t = 0;
    for (let j0 = 0; j0 < outSize; j0 += MATMUL_BLOCK) {
      const jEnd = j0 + MATMUL_BLOCK < outSize ? j0 + MATMUL_BLOCK : outSize;
      let s = 0;
      for (let j = j0; j < jEnd; j++) s += dZ[zo + j]! * W[wo + j]!;
      t = fround(t + s);
    }
    dA[ao + i] = t;
  }
}

/**
 * gW[i, j] = sum_b A[b, i] · dZ[b, j] (TF.js: matMul(a, dy, true, false)), summed over b in blocks
 * of 48, each block summed in float64 and added to the float32 total; two i × four j at once.
 * gB[j] = sum_b dZ[b, j] (TF.js: sum over the broadcast axis, one float64 sum).
 */
export function denseBackwardParams(
  A: Float32Array,
  dZ: Float32Array,
  gW: Float32Array,
  gB: Float32Array,
  inSize: number,
  outSize: number,
  rows: number,
): void {
  let i = 0;
  for (; i + 1 < inSize; i += 2) paramGradPair(A, dZ, gW, i, inSize, outSize, rows);
  if (i < inSize) paramGradRow(A, dZ, gW, i, inSize, outSize, rows);
  for (let j = 0; j < outSize; j++) {
    let s = 0;
    for (let b = 0, o = j; b < rows; b++, o += outSize) s += dZ[o]!;
    gB[j] = s;
  }
}

function paramGradPair(A: Float32Array, dZ: Float32Array, gW: Float32Array, i: number, inSize: number, outSize: number, rows: number): void {
  const go = i * outSize;
  const go2 = go + outSize;
  let j = 0;
  for (; j + 3 < outSize; j += 4) {
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    for (let b0 = 0; b0 < rows; b0 += MATMUL_BLOCK) {
      const bEnd = b0 + MATMUL_BLOCK < rows ? b0 + MATMUL_BLOCK : rows;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let r0 = 0;
      let r1 = 0;
      let r2 = 0;
      let r3 = 0;
      for (let b = b0, a = b0 * inSize + i, z = b0 * outSize + j; b < bEnd; b++, a += inSize, z += outSize) {
        const x = A[a]!;
        const y = A[a + 1]!;
        const d0 = dZ[z]!;
        const d1 = dZ[z + 1]!;
        const d2 = dZ[z + 2]!;
        const d3 = dZ[z + 3]!;
        s0 += x * d0;
        s1 += x * d1;
        s2 += x * d2;
        s3 += x * d3;
        r0 += y * d0;
        r1 += y * d1;
        r2 += y * d2;
        r3 += y * d3;
      }
      t0 = fround(t0 + s0);
      t1 = fround(t1 + s1);
      t2 = fround(t2 + s2);
      t3 = fround(t3 + s3);
      u0 = fround(u0 + r0);
      u1 = fround(u1 + r1);
      u2 = fround(u2 + r2);
      u3 = fround(u3 + r3);
    }
    gW[go + j] = t0;
    gW[go + j + 1] = t1;
    gW[go + j + 2] = t2;
    gW[go + j + 3] = t3;
    gW[go2 + j] = u0;
    gW[go2 + j + 1] = u1;
    gW[go2 + j + 2] = u2;
    gW[go2 + j + 3] = u3;
  }
  for (; j < outSize; j++) {
    let t = 0;
    let u = 0;
    for (let b0 = 0; b0 < rows; b0 += MATMUL_BLOCK) {
      const bEnd = b0 + MATMUL_BLOCK < rows ? b0 + MATMUL_BLOCK : rows;
      let s = 0;
      let r = 0;
      for (let b = b0, a = b0 * inSize + i, z = b0 * outSize + j; b < bEnd; b++, a += inSize, z += outSize) {
        const d = dZ[z]!;
        s += A[a]! * d;
        r += A[a + 1]! * d;
      }
      t = fround(t + s);
      u = fround(u + r);
    }
    gW[go + j] = t;
    gW[go2 + j] = u;
  }
}

function paramGradRow(A: Float32Array, dZ: Float32Array, gW: Float32Array, i: number, inSize: number, outSize: number, rows: number): void {
  const go = i * outSize;
  for (let j = 0; j < outSize; j++) {
    let t = 0;
    for (let b0 = 0; b0 < rows; b0 += MATMUL_BLOCK) {
      const bEnd = b0 + MATMUL_BLOCK < rows ? b0 + MATMUL_BLOCK : rows;
      let s = 0;
      for (let b = b0, a = b0 * inSize + i, z = b0 * outSize + j; b < bEnd; b++, a += inSize, z += outSize) s += A[a]! * dZ[z]!;
      t = fround(t + s);
    }
    gW[go + j] = t;
  }
}
