/**
 * Loading the fast mode's WebAssembly SIMD kernels (assembly/kernels.ts, embedded as base64 by
 * scripts/build-wasm.mjs) and managing their linear memory.
 *
 * One instance per JS realm (process, worker or page): every fast-mode network allocates its
 * buffers from the same memory through `WasmHeap`, and gives them back on dispose (or when it is
 * garbage collected), so creating and disposing trainers reuses memory instead of growing it.
 */
import { KERNELS_WASM_BASE64 } from '../../generated/kernels-wasm.js';

/** The parts of the WebAssembly API used here (declared locally: lib "dom" is not in our tsconfig). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: unknown } }>;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** The kernels' exports (see assembly/kernels.ts for each one's contract). */
export interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  correctCount(): number;
  /** Σ over rows of the row's mean absolute error from the last loss computation of a regression network. */
  absErrorSum(): number;
  gemm(A: number, sm: number, sk: number, B: number, ldb: number, C: number, ldc: number, M: number, N: number, K: number, bias: number, pack: number): void;
  gemmNT(A: number, lda: number, B: number, ldb: number, C: number, ldc: number, M: number, N: number, K: number): void;
  columnSums(dZ: number, ld: number, rows: number, gB: number): void;
  mapVector(fn: number, x: number, out: number, n: number): void;
  activate(Z: number, rows: number, width: number, ld: number, act: number): void;
  activationBackward(D: number, A: number, rows: number, width: number, ld: number, act: number): void;
  /** kind: a loss code, plus 256 for a regression network (count absolute errors instead of correct rows). */
  lossGrad(kind: number, out: number, ld: number, T: number, tw: number, rows: number, width: number, G: number): number;
  regularizationLoss(W: number, rows: number, ld: number, l1: number, l2: number): number;
  regularizationGrad(W: number, G: number, rows: number, width: number, ld: number, l1: number, l2: number): void;
  sgdStep(W: number, G: number, n: number, negLr: number): void;
  momentumStep(W: number, G: number, S1: number, n: number, negLr: number, m: number): void;
  adamStep(W: number, G: number, S1: number, S2: number, n: number, negLr: number, b1: number, b2: number, invCorr1: number, invCorr2: number, eps: number): void;
  rmspropStep(W: number, G: number, S1: number, S2: number, n: number, lr: number, rho: number, mu: number, eps: number): void;
  adagradStep(W: number, G: number, S1: number, n: number, negLr: number, eps: number): void;
  allFinite(P: number, n: number): number;
  gather(x: number, f: number, t: number, tw: number, order: number, start: number, count: number, X: number, ldx: number, Tb: number): void;
  forward(desc: number, rows: number): number;
  computeGradients(desc: number, x: number, t: number, order: number, start: number, count: number): number;
  evaluateRows(desc: number, x: number, t: number, start: number, count: number): number;
  regularizationTotal(desc: number): number;
  predictRows(desc: number, x: number, start: number, count: number, out: number): void;
}

/** Block alignment in bytes (a cache line; f32x4 needs 16). */
const ALIGN = 64;
const PAGE = 65536;

function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * A first-fit allocator over the kernels' linear memory, with coalescing free blocks. Memory
 * grows (never shrinks, as WebAssembly memory cannot) only when no free block fits. Pointers are
 * byte offsets; blocks are zero-filled on allocation.
 */
export class WasmHeap {
  private readonly free: Array<{ start: number; size: number }> = [];
  private readonly sizes = new Map<number, number>();
  private top: number;
  private buffer: ArrayBuffer | null = null;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);

  constructor(readonly kernels: KernelExports) {
    this.top = alignUp(kernels.heapBase(), ALIGN);
  }

  /** Bytes of linear memory (grows only). */
  get memoryBytes(): number {
    return this.kernels.memory.buffer.byteLength;
  }

  /** Bytes currently allocated. */
  get allocatedBytes(): number {
    let n = 0;
    for (const size of this.sizes.values()) n += size;
    return n;
  }

  /** A Float32Array over the whole memory (re-created after the memory grows). */
  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  private refresh(): void {
    const buffer = this.kernels.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f32View = new Float32Array(buffer);
      this.i32View = new Int32Array(buffer);
    }
  }

  /** Allocates `bytes` (zero-filled, 64-byte aligned); returns the byte offset. */
  alloc(bytes: number): number {
    const size = Math.max(ALIGN, alignUp(bytes, ALIGN));
    let ptr = -1;
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i]!;
      if (block.size < size) continue;
      ptr = block.start;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.start += size;
        block.size -= size;
      }
      break;
    }
    if (ptr < 0) {
      ptr = this.top;
      const end = ptr + size;
      const have = this.kernels.memory.buffer.byteLength;
      if (end > have) this.kernels.memory.grow(Math.ceil((end - have) / PAGE));
      this.top = end;
    }
    this.sizes.set(ptr, size);
    new Uint8Array(this.kernels.memory.buffer, ptr, size).fill(0);
    return ptr;
  }

  /** Gives a block back (no-op for 0). */
  release(ptr: number): void {
    if (ptr === 0) return;
    const size = this.sizes.get(ptr);
    if (size === undefined) throw new Error(`WasmHeap: ${ptr} is not an allocated block`);
    this.sizes.delete(ptr);
    // Insert sorted by address, then merge with the neighbours.
    let i = 0;
    while (i < this.free.length && this.free[i]!.start < ptr) i++;
    this.free.splice(i, 0, { start: ptr, size });
    const next = this.free[i + 1];
    if (next && ptr + size === next.start) {
      this.free[i]!.size += next.size;
      this.free.splice(i + 1, 1);
    }
    const prev = this.free[i - 1];
    if (prev && prev.start + prev.size === ptr) {
      prev.size += this.free[i]!.size;
      this.free.splice(i, 1);
      i--;
    }
    // A free block at the top lowers the top.
    const last = this.free[this.free.length - 1];
    if (last && last.start + last.size === this.top) {
      this.top = last.start;
      this.free.pop();
    }
  }
}

export interface SimdRuntime {
  kernels: KernelExports;
  heap: WasmHeap;
}

function wasmBytes(): Uint8Array {
  const g = globalThis as { atob?: (s: string) => string; Buffer?: { from(s: string, enc: string): Uint8Array } };
  if (typeof g.atob === 'function') {
    const binary = g.atob(KERNELS_WASM_BASE64);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }
  return new Uint8Array(g.Buffer!.from(KERNELS_WASM_BASE64, 'base64'));
}

let runtime: SimdRuntime | undefined;
let loading: Promise<SimdRuntime> | undefined;

function noSimdReason(): string | undefined {
  const wasm = wasmApi();
  if (!wasm) return 'this JavaScript runtime has no WebAssembly';
  // Small SIMD probe module: (func (result v128) (v128.const i32x4 0 0 0 0)).
  const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);
  if (!wasm.validate(probe)) return 'this JavaScript runtime has no WebAssembly SIMD (fixed-width 128-bit SIMD, in Node ≥ 16.4 and current browsers)';
  return undefined;
}

function start(instance: { exports: unknown }): SimdRuntime {
  const kernels = instance.exports as unknown as KernelExports;
  runtime = { kernels, heap: new WasmHeap(kernels) };
  return runtime;
}

/**
 * Whether the fast mode can run here: { ok: true }, or { ok: false, reason } when WebAssembly or
 * its SIMD extension is missing.
 */
export function simdSupport(): { ok: boolean; reason?: string } {
  const reason = noSimdReason();
  return reason ? { ok: false, reason } : { ok: true };
}

/**
 * Compiles and instantiates the kernels once (asynchronously, so it also works on a browser's
 * main thread); later calls return the same runtime. Rejects with the reason when WebAssembly
 * SIMD is unavailable.
 */
export function loadSimdRuntime(): Promise<SimdRuntime> {
  if (runtime) return Promise.resolve(runtime);
  loading ??= (async () => {
    const reason = noSimdReason();
    if (reason) throw new Error(reason);
    const { instance } = await wasmApi()!.instantiate(wasmBytes(), {});
    return runtime ?? start(instance);
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/**
 * The runtime, instantiated synchronously if `loadSimdRuntime()` has not run yet (fine in Node
 * and Web Workers; a browser's main thread refuses synchronous compilation of modules this size,
 * so there await `loadSimdRuntime()` first — `createTrainer` does).
 */
export function simdRuntimeSync(): SimdRuntime {
  if (runtime) return runtime;
  const reason = noSimdReason();
  if (reason) throw new Error(reason);
  try {
    const wasm = wasmApi()!;
    return start(new wasm.Instance(new wasm.Module(wasmBytes()), {}));
  } catch (error) {
    throw new Error(`the fast fused kernels could not be compiled synchronously here (${(error as Error).message}); await loadSimdRuntime() from @mlpkit/train/fused first`);
  }
}
