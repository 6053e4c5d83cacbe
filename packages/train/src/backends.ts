import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '@mlpkit/models';
import { autoOrder, chooseBackend, ENGINE_COSTS, type AutoCandidate, type BackendEstimate, type EngineCostModel, type EstimateOptions } from './cost.js';
import { BackendUnavailableError } from './errors.js';
import { loadFusedModule } from './fused-module.js';
import { timeSteps } from './measure.js';
import { importOptional } from './optional-import.js';
import type { BackendName } from './types.js';

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
  /**
   * The backend's cost constants for `auto`'s static cost model (see ENGINE_COSTS), or a function
   * giving them (e.g. depending on what load() found, such as a software renderer). Without them
   * the backend is never estimated, and `auto` picks it only as the preferred (highest-priority)
   * backend.
   */
  cost?: EngineCostModel | (() => EngineCostModel | undefined);
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

/** The optional TF.js backend packages, by backend name. */
const BACKEND_PACKAGES = {
  wasm: '@tensorflow/tfjs-backend-wasm',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/** A backend whose TF.js package is an optional peer of @mlpkit/train. */
export type OptionalBackendName = keyof typeof BACKEND_PACKAGES;

const backendLoaders = new Map<string, () => Promise<unknown>>();

/**
 * Tells @mlpkit/train how to load the package of an optional TF.js backend, typically a literal
 * dynamic import that your bundler can see and split into a lazy chunk:
 *
 *   setBackendLoader('webgpu', () => import('@tensorflow/tfjs-backend-webgpu'));
 *
 * @mlpkit/train never names these packages in an import a bundler resolves (so it bundles without
 * them); without a loader it imports them by a computed name, which works in Node but not in a
 * browser bundle. A package you import yourself (e.g. `import '@tensorflow/tfjs-backend-wasm'`)
 * needs no loader: the registered TF.js backend is found first. Resets the backend's probe.
 */
export function setBackendLoader(name: OptionalBackendName, load: () => Promise<unknown>): void {
  if (!(name in BACKEND_PACKAGES)) throw new BackendUnavailableError(`setBackendLoader: "${name}" is not an optional backend (${Object.keys(BACKEND_PACKAGES).join(', ')})`, name);
  backendLoaders.set(name, load);
  probes.delete(name);
}

/**
 * Makes the TF.js backend `name` registered: nothing to do when its package was imported
 * already; else the loader given to setBackendLoader, else a computed-name import. Failures name
 * the package and the fix.
 */
async function loadBackendPackage(name: 'wasm' | 'webgpu'): Promise<void> {
  if (tf.findBackendFactory(name)) return;
  const pkg = BACKEND_PACKAGES[name];
  const loader = backendLoaders.get(name);
  try {
    await (loader ? loader() : importOptional(pkg));
  } catch (error) {
    const how =
      currentEnvironment() === 'browser' && !loader
        ? `import it in your app (import '${pkg}') or call setBackendLoader('${name}', () => import('${pkg}'))`
        : `install it (npm install ${pkg})`;
    throw new Error(`${pkg} could not be loaded (${(error as Error).message.split('\n')[0]}). Fix: ${how}`);
  }
  if (!tf.findBackendFactory(name)) throw new Error(`${pkg} loaded but registered no "${name}" TF.js backend (two copies of @tensorflow/tfjs-core?)`);
}

/** The reason tfjs-node failed, in words a user can act on. */
export function describeTfjsNodeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  // ESM import (ERR_MODULE_NOT_FOUND) or require in a CommonJS bundle (MODULE_NOT_FOUND) of the
  // package itself; a missing dependency of an installed tfjs-node names another module.
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  // Bundlers and dev servers (Vite, vitest) and browsers word a missing package differently.
  const unresolved = /Could not resolve ["']@tensorflow\/tfjs-node["']|Failed to resolve module specifier ["']@tensorflow\/tfjs-node["']/.test(message);
  if (unresolved || (notFound && /Cannot find (?:package|module) ['"]@tensorflow\/tfjs-node['"]/.test(message))) {
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

/** The entry's cost constants now (a function is evaluated: its answer may depend on load()). */
function costOf(entry: BackendEntry): EngineCostModel | undefined {
  return typeof entry.cost === 'function' ? entry.cost() : entry.cost;
}

function autoCandidate(entry: BackendEntry): AutoCandidate {
  const cost = costOf(entry);
  return { name: entry.name, ...(cost ? { cost } : {}) };
}

/** Options of useBackend / estimateBackends. */
export interface BackendChoiceOptions {
  /** The model to train: 'auto' skips backends that cannot train it and estimates costs for it. */
  spec?: ModelSpec;
  /** Batch size of the training run the choice is for (default 32, Keras's default). */
  batchSize?: number;
  /** Training rows per epoch the choice is for (default 1024; it barely moves the choice). */
  rows?: number;
}

/**
 * Selects a backend and returns its name. 'auto' with a spec chooses with the static cost model
 * (chooseBackend in cost.ts: a pure function of the spec, batch size, rows and the available
 * backends, with no timing at all, so two identical calls always agree): it keeps the
 * highest-priority available backend that can train the spec (`fused`) unless another one is
 * estimated AUTO_MARGIN× cheaper. Lower-priority backends are loaded only when the model says
 * they could win. Without a spec it takes the highest-priority available backend. For the fused
 * backends the TF.js backend is set to 'cpu' (models are still built and saved with TF.js).
 * Throws BackendUnavailableError for an unknown or unavailable name.
 */
export async function useBackend(name: BackendName, options: BackendChoiceOptions = {}): Promise<string> {
  if (name === 'auto') {
    const entries = entriesHere();
    const first = await (async () => {
      for (let i = 0; i < entries.length; i++) if (await usable(entries[i]!, options.spec)) return i;
      return -1;
    })();
    if (first < 0) throw new BackendUnavailableError(`no backend is available in this ${currentEnvironment()} environment`, name);
    const spec = options.spec;
    if (!spec) return activate(entries[first]!);
    return activate(await autoChoice(entries.slice(first), spec, estimateOptions(options)));
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

function estimateOptions(options: EstimateOptions): EstimateOptions {
  return { ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}), ...(options.rows !== undefined ? { rows: options.rows } : {}) };
}

/**
 * `auto` over `entries` (the first one usable and preferred; the rest unchecked, in priority
 * order): the backends the cost model ranks above the preferred one are checked (loaded) in
 * order of estimate; the decision is then chooseBackend over the preferred one and those that
 * are usable, with their constants as known after loading (a software renderer changes them).
 */
async function autoChoice(entries: BackendEntry[], spec: ModelSpec, options: EstimateOptions): Promise<BackendEntry> {
  const preferred = entries[0]!;
  const byName = new Map(entries.map((e) => [e.name, e]));
  const contenders: BackendEntry[] = [];
  // Sequential: TF.js backend initialisation must not interleave.
  for (const name of autoOrder(entries.map(autoCandidate), spec, options)) {
    const entry = byName.get(name)!;
    if (entry !== preferred && (await usable(entry, spec))) contenders.push(entry);
  }
  const candidates = [preferred, ...entries.filter((e) => contenders.includes(e))].map(autoCandidate);
  return byName.get(chooseBackend(candidates, spec, options).backend)!;
}

/** Options of estimateBackends. */
export interface EstimateBackendsOptions extends EstimateOptions {
  /**
   * Also time `measure` training steps (after one warm-up step; the best of 3 runs) of the spec on every backend and
   * report them as `measured` (ms per step, and × ⌈rows / batchSize⌉ per epoch). Off by default
   * (0); noisy, and never used by `auto`.
   */
  measure?: number;
}

/**
 * The cost model's estimate of one epoch of `spec` (batch size default 32, rows default 1024) on
 * every available backend that can train it, highest priority first, each marked with whether
 * `auto` picks it — what `mlpkit backends --model` prints. `epochMs` is always the estimate
 * (`basis: 'cost-model'`); with `measure: N` a timed run of N steps is added as `measured`.
 * Loads every available backend (TF.js ones take tens of ms to initialise).
 */
export async function estimateBackends(spec: ModelSpec, options: EstimateBackendsOptions = {}): Promise<BackendEstimate[]> {
  const entries = await candidatesFor(spec);
  if (entries.length === 0) return [];
  const { estimates } = chooseBackend(entries.map(autoCandidate), spec, estimateOptions(options));
  const steps = options.measure ?? 0;
  if (steps > 0) {
    const batchSize = options.batchSize ?? 32;
    const rows = options.rows ?? 1024;
    const b = Math.min(batchSize, rows);
    for (const estimate of estimates) {
      const entry = entries.find((e) => e.name === estimate.backend)!;
      const target = entry.engine === 'fused' ? { engine: 'fused' as const, backend: entry.name, fusedMode: entry.fusedMode ?? 'fast' } : { engine: 'tfjs' as const, backend: entry.name };
      const timing = await timeSteps(target, spec, b, { steps, repeats: 3 });
      estimate.measured = { stepMs: timing.stepMs, epochMs: timing.stepMs * Math.ceil(rows / b), steps };
    }
  }
  return estimates;
}

async function activate(entry: BackendEntry): Promise<string> {
  const tfjsName = entry.engine === 'fused' ? 'cpu' : entry.name;
  if (tf.getBackend() !== tfjsName && !(await tf.setBackend(tfjsName))) {
    throw new BackendUnavailableError(`${entry.name} backend unavailable: TF.js backend "${tfjsName}" failed to initialise`, entry.name);
  }
  await tf.ready();
  return entry.name;
}

/** For tests: forget cached probe results (and the WebGL renderer / WebGPU adapter kind found). */
export function resetBackendProbes(): void {
  probes.clear();
  webglRendererName = undefined;
  webgpuFallbackAdapter = false;
}

// ---- Built-in backends -------------------------------------------------------------------

registerBackend({
  name: 'fused',
  engine: 'fused',
  fusedMode: 'fast',
  environments: ['node', 'browser'],
  priority: 100,
  description: 'mlpkit fused Dense engine, WebAssembly SIMD kernels (fast mode; float32 tolerance of TF.js cpu)',
  cost: ENGINE_COSTS.fused,
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
  cost: ENGINE_COSTS['fused-exact'],
  async load() {
    await loadFusedModule();
  },
});

/**
 * The `tensorflow` (tfjs-node) entry. tfjs-node is an optional dependency, imported lazily through
 * a computed specifier; `importTfjsNode` is a parameter so tests can run the not-installed path.
 */
export function tensorflowBackend(importTfjsNode: () => Promise<unknown> = () => (backendLoaders.get('tensorflow') ?? (() => importOptional(BACKEND_PACKAGES.tensorflow)))()): BackendEntry {
  return {
    name: 'tensorflow',
    engine: 'tfjs',
    environments: ['node'],
    priority: 50,
    description: 'TF.js on native libtensorflow (@tensorflow/tfjs-node)',
    cost: ENGINE_COSTS.tensorflow,
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

/** Renderer names of software (CPU) WebGL implementations: their "GPU" is slower than the CPU engines. */
export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * The WebGL renderer of this browser or worker (the unmasked one where the browser exposes it),
 * read from a throw-away context; undefined where there is no WebGL.
 */
export function webglRenderer(): string | undefined {
  try {
    const g = globalThis as { OffscreenCanvas?: new (w: number, h: number) => unknown; document?: { createElement?(tag: string): unknown } };
    const canvas = (typeof g.OffscreenCanvas === 'function' ? new g.OffscreenCanvas(1, 1) : g.document?.createElement?.('canvas')) as { getContext?(kind: string): unknown } | undefined;
    type GL = { RENDERER: number; getExtension(name: string): { UNMASKED_RENDERER_WEBGL?: number; loseContext?(): void } | null; getParameter(p: number): unknown };
    const gl = (canvas?.getContext?.('webgl2') ?? canvas?.getContext?.('webgl')) as GL | null | undefined;
    if (!gl) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl.getParameter(info?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext?.();
    return typeof renderer === 'string' ? renderer : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the WebGPU adapter found by the webgpu entry's load() is a fallback (software) one. */
let webgpuFallbackAdapter = false;
/** The WebGL renderer (read once, on first need). */
let webglRendererName: { value: string | undefined } | undefined;

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
    const adapter = (await gpu.requestAdapter().catch(() => null)) as { isFallbackAdapter?: boolean; info?: { isFallbackAdapter?: boolean } } | null;
    if (!adapter) throw new Error('this browser exposes WebGPU but offers no GPU adapter');
    webgpuFallbackAdapter = Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter);
    await loadBackendPackage('webgpu');
    await checkTfjsBackend('webgpu');
  },
  cost: () => (webgpuFallbackAdapter ? ENGINE_COSTS['webgpu-software'] : ENGINE_COSTS.webgpu),
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
  cost: () => {
    webglRendererName ??= { value: webglRenderer() };
    return webglRendererName.value !== undefined && SOFTWARE_RENDERER.test(webglRendererName.value) ? ENGINE_COSTS['webgl-software'] : ENGINE_COSTS.webgl;
  },
});

registerBackend({
  name: 'wasm',
  engine: 'tfjs',
  environments: ['node', 'browser'],
  priority: 30,
  description: 'TF.js on WebAssembly (@tensorflow/tfjs-backend-wasm)',
  cost: ENGINE_COSTS.wasm,
  async load() {
    await loadBackendPackage('wasm');
    await checkTfjsBackend('wasm');
  },
});

registerBackend({
  name: 'cpu',
  engine: 'tfjs',
  environments: ['node', 'browser'],
  priority: 10,
  description: 'TF.js plain JavaScript backend (always available)',
  cost: ENGINE_COSTS.cpu,
  async load() {
    await checkTfjsBackend('cpu');
  },
});
