import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '@mlpkit/models';
import { calibrateBackend, chooseByCost, epochFlops, estimateEpochMs, type AutoCandidate, type BackendEstimate } from './cost.js';
import { BackendUnavailableError } from './errors.js';
import { loadFusedModule } from './fused-module.js';

export type Environment = 'node' | 'browser';

/** One way to run training. Adding a backend = registering one of these. */
export interface BackendEntry {
  name: string;
  /** 'tfjs': a TF.js backend of that name (tf.setBackend(name)); 'fused': our own engine. */
  engine: 'tfjs' | 'fused';
  /** For engine 'fused': the mode ('fast' WebAssembly SIMD, or 'exact' TF.js cpu replay). */
  fusedMode?: 'fast' | 'exact';
  environments: Environment[];
  /** Order of preference: the highest-priority usable backend is 'auto''s default (see chooseByCost). */
  priority: number;
  description: string;
  /** Makes the backend usable (imports, registers); throws an Error whose message is the reason. */
  load(): Promise<void>;
}

export interface BackendInfo {
  name: string;
  available: boolean;
  /** Why it is unavailable. */
  reason?: string;
  engine: 'tfjs' | 'fused';
  description: string;
}

/** The environment this code runs in: Node (incl. Bun/Deno's Node mode) or a browser/worker. */
export function currentEnvironment(): Environment {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  const isBrowserLike = typeof (globalThis as { document?: unknown }).document !== 'undefined' || typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';
  return proc?.versions?.node && !isBrowserLike ? 'node' : 'browser';
}

/**
 * Imports a module by a computed name, so bundlers neither resolve nor bundle it (Node-only or
 * optional packages must not break a browser build).
 */
function importOptional(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}

/** The reason tfjs-node failed, in words a user can act on. */
export function describeTfjsNodeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  // ESM import (ERR_MODULE_NOT_FOUND) or require in a CommonJS bundle (MODULE_NOT_FOUND) of the
  // package itself; a missing dependency of an installed tfjs-node names another module.
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  if (notFound && /Cannot find (?:package|module) ['"]@tensorflow\/tfjs-node['"]/.test(message)) {
    return '@tensorflow/tfjs-node is not installed. Fix: "npm install @tensorflow/tfjs-node" (needs internet access to download libtensorflow)';
  }
  if (/tfjs_binding\.node|native addon|libtensorflow/i.test(message)) {
    return '@tensorflow/tfjs-node is installed but its native library is missing (libtensorflow download failed at install). Fix: on a machine with internet, run "npm rebuild @tensorflow/tfjs-node" or reinstall it';
  }
  return `@tensorflow/tfjs-node failed to load: ${message.split('\n')[0]}`;
}

/** Initialises a registered TF.js backend once, without leaving it selected. */
async function checkTfjsBackend(name: string): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error(`TF.js backend "${name}" is not registered`);
  const previous = tf.getBackend();
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Error(`TF.js backend "${name}" failed to initialise: ${(error as Error).message}`);
  }
  if (previous && previous !== name) await tf.setBackend(previous);
  if (!ok) throw new Error(`TF.js backend "${name}" failed to initialise in this environment`);
}

const registry = new Map<string, BackendEntry>();
const probes = new Map<string, Promise<BackendInfo>>();

/** Adds (or replaces) a backend. Its availability is probed lazily, on first use. */
export function registerBackend(entry: BackendEntry): void {
  registry.set(entry.name, entry);
  probes.delete(entry.name);
}

/** Entries for this environment, highest priority first. */
function entriesHere(): BackendEntry[] {
  const env = currentEnvironment();
  return [...registry.values()].filter((e) => e.environments.includes(env)).sort((a, b) => b.priority - a.priority);
}

function probe(entry: BackendEntry): Promise<BackendInfo> {
  let result = probes.get(entry.name);
  if (!result) {
    const base = { name: entry.name, engine: entry.engine, description: entry.description };
    result = entry.load().then(
      () => ({ ...base, available: true }),
      (error: unknown) => ({ ...base, available: false, reason: error instanceof Error ? error.message : String(error) }),
    );
    probes.set(entry.name, result);
  }
  return result;
}

/** Every backend of this environment with its availability (probed once, then cached). */
export async function listBackends(): Promise<BackendInfo[]> {
  const entries = entriesHere();
  const infos: BackendInfo[] = [];
  // Sequential: TF.js backend initialisation must not interleave.
  for (const entry of entries) infos.push(await probe(entry));
  return infos;
}

async function availableNames(): Promise<string> {
  const names = (await listBackends()).filter((b) => b.available).map((b) => b.name);
  return names.length ? names.join(', ') : 'none';
}

/** The fused mode of a registered backend name ('fast' for fused, 'exact' for fused-exact), else undefined. */
export function fusedModeOf(name: string): 'fast' | 'exact' | undefined {
  const entry = registry.get(name);
  return entry?.engine === 'fused' ? (entry.fusedMode ?? 'fast') : undefined;
}

/** Whether an entry is available and can train `spec` (any spec when none is given). */
async function usable(entry: BackendEntry, spec: ModelSpec | undefined): Promise<boolean> {
  if (!(await probe(entry)).available) return false;
  return !(entry.engine === 'fused' && spec && !(await loadFusedModule()).supportsFused(spec).ok);
}

/** Available entries that can train `spec` (all available ones without a spec), highest priority first. */
async function candidatesFor(spec: ModelSpec | undefined): Promise<BackendEntry[]> {
  const out: BackendEntry[] = [];
  for (const entry of entriesHere()) if (await usable(entry, spec)) out.push(entry);
  return out;
}

function autoCandidate(e: BackendEntry, spec: ModelSpec): AutoCandidate {
  return { name: e.name, engine: e.engine, ...(e.fusedMode ? { fusedMode: e.fusedMode } : {}), usable: () => usable(e, spec) };
}

/** Options of useBackend / estimateBackends. */
export interface BackendChoiceOptions {
  /** The model to train: 'auto' skips backends that cannot train it and estimates costs for it. */
  spec?: ModelSpec;
  /** Batch size the estimate assumes (default 32, Keras's default). */
  batchSize?: number;
}

/**
 * Selects a backend and returns its name. 'auto' with a spec estimates each available engine's
 * epoch cost for the spec and batch size (cost model + a probe calibrated on first use, cached
 * per process; see chooseByCost) and keeps the highest-priority one (`fused`) unless another is
 * decisively (AUTO_MARGIN×) cheaper; without a spec it takes the highest-priority available
 * backend. For the fused backends the TF.js backend is set to 'cpu' (models are still built and
 * saved with TF.js). Throws BackendUnavailableError for an unknown or unavailable name.
 */
export async function useBackend(name: string, options: BackendChoiceOptions = {}): Promise<string> {
  if (name === 'auto') {
    // The preferred backend: the highest-priority usable one. Lower ones are only checked (and
    // TF.js ones initialised) when the cost model says they could be decisively cheaper.
    const entries = entriesHere();
    const first = await (async () => {
      for (let i = 0; i < entries.length; i++) if (await usable(entries[i]!, options.spec)) return i;
      return -1;
    })();
    if (first < 0) throw new BackendUnavailableError(`no backend is available in this ${currentEnvironment()} environment`, name);
    const spec = options.spec;
    if (!spec) return activate(entries[first]!);
    const candidates = entries.slice(first).map((e) => autoCandidate(e, spec));
    delete candidates[0]!.usable;
    const { backend } = await chooseByCost(candidates, spec, options.batchSize !== undefined ? { batchSize: options.batchSize } : {});
    return activate(entries.find((e) => e.name === backend)!);
  }
  const entry = registry.get(name);
  if (!entry || !entry.environments.includes(currentEnvironment())) {
    const known = entry ? ` (it runs in ${entry.environments.join('/')} only)` : '';
    throw new BackendUnavailableError(`unknown backend "${name}"${known}; available: ${await availableNames()}`, name);
  }
  const info = await probe(entry);
  if (!info.available) {
    throw new BackendUnavailableError(`${name} backend unavailable: ${info.reason}; available backends: ${await availableNames()}`, name);
  }
  if (entry.engine === 'fused' && options.spec) {
    const support = (await loadFusedModule()).supportsFused(options.spec);
    if (!support.ok) {
      throw new BackendUnavailableError(`fused backend cannot train this model: ${support.reason ?? 'unsupported spec'}; use a TF.js backend (available: ${await availableNames()})`, name);
    }
  }
  return activate(entry);
}

/**
 * The estimated epoch cost of `spec` (at `batchSize`, default 32, for `rows` rows, default 1024)
 * on every available backend that can train it, probing each one once per process (TF.js
 * backends take tens to hundreds of ms to probe). What `mlpkit backends --model` prints.
 */
export async function estimateBackends(spec: ModelSpec, options: { batchSize?: number; rows?: number } = {}): Promise<BackendEstimate[]> {
  const batchSize = options.batchSize ?? 32;
  const rows = options.rows ?? 1024;
  const out: BackendEstimate[] = [];
  // Sequential: TF.js backend switches must not interleave.
  for (const entry of await candidatesFor(spec)) {
    const calibration = await calibrateBackend(entry.name, entry.engine, entry.fusedMode);
    out.push({ backend: entry.name, epochMs: estimateEpochMs(calibration, spec, batchSize, rows), epochFlops: epochFlops(spec, batchSize, rows), calibration });
  }
  return out;
}

async function activate(entry: BackendEntry): Promise<string> {
  const tfjsName = entry.engine === 'fused' ? 'cpu' : entry.name;
  if (tf.getBackend() !== tfjsName && !(await tf.setBackend(tfjsName))) {
    throw new BackendUnavailableError(`${entry.name} backend unavailable: TF.js backend "${tfjsName}" failed to initialise`, entry.name);
  }
  await tf.ready();
  return entry.name;
}

/** For tests: forget cached probe results. */
export function resetBackendProbes(): void {
  probes.clear();
}

// ---- Built-in backends -------------------------------------------------------------------

registerBackend({
  name: 'fused',
  engine: 'fused',
  fusedMode: 'fast',
  environments: ['node', 'browser'],
  priority: 100,
  description: 'mlpkit fused Dense engine, WebAssembly SIMD kernels (fast mode; float32 tolerance of TF.js cpu)',
  async load() {
    await (await loadFusedModule()).loadSimdRuntime();
  },
});

registerBackend({
  name: 'fused-exact',
  engine: 'fused',
  fusedMode: 'exact',
  environments: ['node', 'browser'],
  priority: 90,
  description: 'mlpkit fused Dense engine in plain JS, bit-identical to TF.js cpu (exact mode)',
  async load() {
    await loadFusedModule();
  },
});

/**
 * The `tensorflow` (tfjs-node) entry. tfjs-node is an optional dependency, imported lazily through
 * a computed specifier; `importTfjsNode` is a parameter so tests can run the not-installed path.
 */
export function tensorflowBackend(importTfjsNode: () => Promise<unknown> = () => importOptional('@tensorflow/tfjs-node')): BackendEntry {
  return {
    name: 'tensorflow',
    engine: 'tfjs',
    environments: ['node'],
    priority: 50,
    description: 'TF.js on native libtensorflow (@tensorflow/tfjs-node)',
    async load() {
      try {
        await importTfjsNode();
      } catch (error) {
        throw new Error(describeTfjsNodeFailure(error));
      }
      await checkTfjsBackend('tensorflow');
    },
  };
}

registerBackend(tensorflowBackend());

registerBackend({
  name: 'webgpu',
  engine: 'tfjs',
  environments: ['browser'],
  priority: 60,
  description: 'TF.js on WebGPU (@tensorflow/tfjs-backend-webgpu)',
  async load() {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
    if (!gpu) throw new Error('this browser has no WebGPU (navigator.gpu)');
    // Ask for an adapter first: without one, TF.js's own setup fails noisily in the console.
    if (!(await gpu.requestAdapter().catch(() => null))) throw new Error('this browser exposes WebGPU but offers no GPU adapter');
    await import('@tensorflow/tfjs-backend-webgpu');
    await checkTfjsBackend('webgpu');
  },
});

registerBackend({
  name: 'webgl',
  engine: 'tfjs',
  environments: ['browser'],
  priority: 40,
  description: 'TF.js on WebGL (bundled with @tensorflow/tfjs)',
  async load() {
    await checkTfjsBackend('webgl');
  },
});

registerBackend({
  name: 'wasm',
  engine: 'tfjs',
  environments: ['node', 'browser'],
  priority: 30,
  description: 'TF.js on WebAssembly (@tensorflow/tfjs-backend-wasm)',
  async load() {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (error) {
      throw new Error(`@tensorflow/tfjs-backend-wasm could not be loaded (${(error as Error).message.split('\n')[0]}). Fix: install it`);
    }
    await checkTfjsBackend('wasm');
  },
});

registerBackend({
  name: 'cpu',
  engine: 'tfjs',
  environments: ['node', 'browser'],
  priority: 10,
  description: 'TF.js plain JavaScript backend (always available)',
  async load() {
    await checkTfjsBackend('cpu');
  },
});
