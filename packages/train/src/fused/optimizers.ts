/**
 * The TF.js optimizers' update rules (tfjs-core optimizers/*.js) over Float32Arrays. Scalars are
 * float32 tensors in TF.js, so every hyper-parameter is rounded once here, and every op result is
 * rounded to float32 as TF.js stores it.
 */
import { legacyDecayMomentum, type ResolvedOptimizer } from '@mlpkit/models/core';

const fround = Math.fround;

/** ENGINE.backend.epsilon() on cpu and wasm (adagrad uses it; TF.js adagrad has no epsilon). */
const BACKEND_EPSILON = 1e-7;

export const OPT_SGD = 0;
export const OPT_MOMENTUM = 1;
export const OPT_ADAM = 2;
export const OPT_RMSPROP = 3;
export const OPT_ADAGRAD = 4;

/** Optimizer state for a list of parameter arrays, plus the step counter. */
export class FusedOptimizer {
  readonly kind: number;
  readonly config: ResolvedOptimizer;
  /** Steps taken so far (Keras `iterations`). */
  iterations = 0;
  /** First slot: sgd momentum accumulation, adam m, rmsprop mean square, adagrad accumulator. */
  private readonly slot1: Float32Array[];
  /** Second slot: adam v, rmsprop moment. */
  private readonly slot2: Float32Array[];
  /** adam: beta1^t and beta2^t as float32 variables. */
  private accBeta1 = 0;
  private accBeta2 = 0;

  constructor(config: ResolvedOptimizer, paramSizes: readonly number[]) {
    this.config = config;
    this.kind =
      config.name === 'sgd'
        ? config.momentum > 0
          ? OPT_MOMENTUM
          : OPT_SGD
        : config.name === 'adam'
          ? OPT_ADAM
          : config.name === 'rmsprop'
            ? OPT_RMSPROP
            : OPT_ADAGRAD;
    const needs1 = this.kind !== OPT_SGD;
    const needs2 = this.kind === OPT_ADAM || this.kind === OPT_RMSPROP;
    this.slot1 = paramSizes.map((n) => new Float32Array(needs1 ? n : 0));
    this.slot2 = paramSizes.map((n) => new Float32Array(needs2 ? n : 0));
    this.reset();
  }

  /** Forgets all accumulated state, as a freshly created TF.js optimizer. */
  reset(): void {
    this.iterations = 0;
    for (const s of this.slot1) s.fill(this.kind === OPT_ADAGRAD ? this.config.initialAccumulatorValue : 0);
    for (const s of this.slot2) s.fill(0);
    this.accBeta1 = fround(this.config.beta1);
    this.accBeta2 = fround(this.config.beta2);
  }

  /** The learning rate of the next step: Keras legacy SGD decay lr / (1 + decay · iterations). */
  currentLearningRate(): number {
    const { learningRate, decay } = this.config;
    return decay > 0 ? learningRate / (1 + decay * this.iterations) : learningRate;
  }

  /** Applies one update to every parameter array, given its gradient, then counts the step. */
  step(params: readonly Float32Array[], grads: readonly Float32Array[]): void {
    const c = this.config;
    switch (this.kind) {
      case OPT_SGD: {
        const negLr = fround(-this.currentLearningRate());
        for (let p = 0; p < params.length; p++) {
          const w = params[p]!;
          const g = grads[p]!;
          for (let i = 0; i < w.length; i++) w[i] = fround(negLr * g[i]!) + w[i]!;
        }
        break;
      }
      case OPT_MOMENTUM: {
        // tf.train.momentum: accum = m·accum + g; w += (−lr)·accum. Under the legacy decay the
        // loop sets m per step so this equals Keras's SGD (see legacyDecayMomentum).
        const negLr = fround(-this.currentLearningRate());
        const m = fround(legacyDecayMomentum(c.momentum, c.decay, this.iterations));
        for (let p = 0; p < params.length; p++) {
          const w = params[p]!;
          const g = grads[p]!;
          const acc = this.slot1[p]!;
          for (let i = 0; i < w.length; i++) {
            const a = fround(fround(m * acc[i]!) + g[i]!);
            acc[i] = a;
            w[i] = fround(negLr * a) + w[i]!;
          }
        }
        break;
      }
      case OPT_ADAM: {
        // tf.train.adam: m, v moving averages; w += (−lr) · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε).
        const b1 = fround(c.beta1);
        const b2 = fround(c.beta2);
        const oneMinusB1 = fround(1 - c.beta1);
        const oneMinusB2 = fround(1 - c.beta2);
        const eps = fround(c.epsilon);
        const negLr = fround(-c.learningRate);
        const corr1 = fround(1 - this.accBeta1);
        const corr2 = fround(1 - this.accBeta2);
        for (let p = 0; p < params.length; p++) {
          const w = params[p]!;
          const g = grads[p]!;
          const m1 = this.slot1[p]!;
          const m2 = this.slot2[p]!;
          for (let i = 0; i < w.length; i++) {
            const gi = g[i]!;
            const m = fround(fround(m1[i]! * b1) + fround(gi * oneMinusB1));
            const v = fround(fround(m2[i]! * b2) + fround(fround(gi * gi) * oneMinusB2));
            m1[i] = m;
            m2[i] = v;
            const mHat = fround(m / corr1);
            const vHat = fround(v / corr2);
            w[i] = fround(fround(mHat / fround(fround(Math.sqrt(vHat)) + eps)) * negLr) + w[i]!;
          }
        }
        this.accBeta1 = fround(this.accBeta1 * b1);
        this.accBeta2 = fround(this.accBeta2 * b2);
        break;
      }
      case OPT_RMSPROP: {
        // tf.train.rmsprop (not centered): ms = ρ·ms + (1−ρ)·g²; mom = μ·mom + lr·g / sqrt(ms + ε); w −= mom.
        const rho = fround(c.rho);
        const oneMinusRho = fround(1 - c.rho);
        const mu = fround(c.momentum);
        const lr = fround(c.learningRate);
        const eps = fround(c.epsilon);
        for (let p = 0; p < params.length; p++) {
          const w = params[p]!;
          const g = grads[p]!;
          const ms = this.slot1[p]!;
          const mom = this.slot2[p]!;
          for (let i = 0; i < w.length; i++) {
            const gi = g[i]!;
            const s = fround(fround(ms[i]! * rho) + fround(fround(gi * gi) * oneMinusRho));
            ms[i] = s;
            const mo = fround(fround(mom[i]! * mu) + fround(fround(gi * lr) / fround(Math.sqrt(fround(s + eps)))));
            mom[i] = mo;
            w[i] = w[i]! - mo;
          }
        }
        break;
      }
      case OPT_ADAGRAD: {
        // tf.train.adagrad: acc += g²; w += (−lr) · g / sqrt(acc + backend ε).
        const negLr = fround(-c.learningRate);
        const eps = fround(BACKEND_EPSILON);
        for (let p = 0; p < params.length; p++) {
          const w = params[p]!;
          const g = grads[p]!;
          const acc = this.slot1[p]!;
          for (let i = 0; i < w.length; i++) {
            const gi = g[i]!;
            const a = fround(acc[i]! + fround(gi * gi));
            acc[i] = a;
            w[i] = fround(fround(gi / fround(Math.sqrt(fround(a + eps)))) * negLr) + w[i]!;
          }
        }
        break;
      }
      default:
        throw new Error(`unknown optimizer kind ${this.kind}`);
    }
    this.iterations++;
  }
}
