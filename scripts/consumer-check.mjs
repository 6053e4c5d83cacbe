#!/usr/bin/env node
/**
 * The consumer check: does `npm install @mlpkit/<one>` just work? Run by `pnpm test` (after the
 * build), and on its own with `node scripts/consumer-check.mjs` (add `--keep` to keep the scratch
 * project and print where it is).
 *
 * 1. Packs every publishable package (`pnpm pack`, which runs `prepack` and turns `workspace:^`
 *    into versions) and runs publint and @arethetypeswrong/cli on each tarball.
 * 2. Installs the tarballs with **npm** into a scratch project outside the workspace, with
 *    `@tensorflow/tfjs` from the registry, and checks that `npm ls` shows no tfjs-node.
 * 3. `import()`s and `require()`s every entry point of every exports map.
 * 4. Runs every fenced `js` example of every package README, as written. An example that needs
 *    an optional peer says so in a comment `// needs: <package>`; those are installed first.
 * 5. Type-checks a small strict consumer with `moduleResolution` node16 and bundler.
 * 6. Bundles each browser-safe entry with esbuild for the browser (a Node built-in or an
 *    unresolved import fails the check), checks that `@mlpkit/train/fused` bundles without TF.js,
 *    and prints the gzip sizes of single imports against their budgets (docs/bundle-size.md).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Publishable packages, in dependency order. */
const PACKAGES = ['packages/datasets', 'packages/metrics', 'packages/plot', 'packages/models', 'packages/train', 'packages/experiments', 'apps/cli'];

/** Entries that must bundle for the browser (no Node built-ins, no unresolved imports). */
const BROWSER_ENTRIES = ['@mlpkit/datasets', '@mlpkit/metrics', '@mlpkit/plot', '@mlpkit/plot/canvas', '@mlpkit/models', '@mlpkit/models/core', '@mlpkit/train', '@mlpkit/train/fused', '@mlpkit/experiments'];

/** gzip budgets of single imports (bytes), recorded in docs/bundle-size.md. */
const BUDGETS = [
  { what: "import { moons } from '@mlpkit/datasets'", code: "import { moons } from '@mlpkit/datasets'; console.log(moons({ samples: 10 }));", budget: 12_000 },
  { what: "import { classificationReport } from '@mlpkit/metrics'", code: "import { classificationReport } from '@mlpkit/metrics'; console.log(classificationReport([0, 1], [0, 1]));", budget: 4_000 },
  { what: "import { decisionBoundaryPlot } from '@mlpkit/plot'", code: "import { decisionBoundaryPlot } from '@mlpkit/plot'; console.log(decisionBoundaryPlot);", budget: 30_000 },
  { what: "import { parseSpec } from '@mlpkit/models'", code: "import { parseSpec } from '@mlpkit/models'; console.log(parseSpec({}));", budget: 20_000 },
];

const failures = [];
const fail = (what, detail) => {
  failures.push(what);
  console.log(`  ✗ ${what}${detail ? `\n${indent(detail)}` : ''}`);
};
const pass = (what) => console.log(`  ✓ ${what}`);
const indent = (text) => String(text).trim().split('\n').slice(0, 40).map((l) => `      ${l}`).join('\n');
const step = (title) => console.log(`\n${title}`);

function run(cmd, args, o = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...o, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...o.env } });
  return { code: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const work = mkdtempSync(join(tmpdir(), 'mlpkit-consumer-'));
const tarballs = join(work, 'tarballs');
const consumer = join(work, 'consumer');
mkdirSync(tarballs);
mkdirSync(consumer);
const started = Date.now();

// 1. Pack, publint, attw ------------------------------------------------------------------------
step('Pack every package (prepack builds it), publint and @arethetypeswrong/cli on each tarball');
const manifests = [];
for (const dir of PACKAGES) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const r = run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, dir) });
  if (r.code !== 0) {
    fail(`pnpm pack ${pkg.name}`, r.out);
    continue;
  }
  const tgz = readdirSync(tarballs).find((f) => f.startsWith(pkg.name.replace('@', '').replace('/', '-')) && f.endsWith('.tgz'));
  manifests.push({ dir, pkg, tgz: join(tarballs, tgz) });
  const lint = run(bin('publint'), ['run', join(tarballs, tgz), '--level', 'warning']);
  if (lint.code !== 0 || /\bErrors?:|\bWarnings?:/i.test(lint.out)) fail(`publint ${pkg.name}`, lint.out);
  else pass(`publint ${pkg.name}`);
  const types = run(bin('attw'), [join(tarballs, tgz), '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color']);
  if (types.code !== 0) fail(`attw ${pkg.name}`, types.out);
  else pass(`attw ${pkg.name} (esm-only profile: ESM exports, require() through Node's require(esm))`);
}

// 2. Install with npm ------------------------------------------------------------------------
step('Install the tarballs with npm into a project outside the workspace');
const readmeExamples = [];
const needs = new Set(['@tensorflow/tfjs@^4.22.0', '@types/node@^20.19.0']);
for (const m of manifests) {
  const readme = readFileSync(join(root, m.dir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((b) => b[1]);
  blocks.forEach((code, i) => {
    readmeExamples.push({ pkg: m.pkg.name, index: i + 1, code });
    for (const n of code.matchAll(/\/\/ needs: (\S+)/g)) needs.add(`${n[1]}@${n[1].startsWith('@tensorflow/') ? '^4.22.0' : 'latest'}`);
  });
}
writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'mlpkit-consumer', private: true, type: 'module' }, null, 2)}\n`);
const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel', 'error', ...manifests.map((m) => m.tgz), ...needs], { cwd: consumer });
if (install.code !== 0) {
  fail('npm install', install.out);
  finish();
}
pass(`npm install of ${manifests.length} tarballs + ${[...needs].join(', ')}`);
const ls = run('npm', ['ls', '--all', '--parseable'], { cwd: consumer });
if (/@tensorflow[/\\]tfjs-node\b/.test(ls.stdout)) fail('npm ls: @tensorflow/tfjs-node must not be installed', ls.stdout.split('\n').filter((l) => l.includes('tfjs-node')).join('\n'));
else pass('npm ls: no @tensorflow/tfjs-node');

// 3. import() and require() every entry ------------------------------------------------------
step('import() and require() every entry point');
for (const m of manifests) {
  for (const key of Object.keys(m.pkg.exports ?? {})) {
    if (key === './package.json') continue;
    const spec = key === '.' ? m.pkg.name : `${m.pkg.name}/${key.slice(2)}`;
    const esm = run(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(spec)}); if (Object.keys(m).length === 0) throw new Error('no exports');`], { cwd: consumer });
    const cjs = run(process.execPath, ['--no-warnings', '-e', `const m = require(${JSON.stringify(spec)}); if (Object.keys(m).length === 0) throw new Error('no exports');`], { cwd: consumer });
    if (esm.code !== 0) fail(`import('${spec}')`, esm.out);
    if (cjs.code !== 0) fail(`require('${spec}')`, cjs.out);
    if (esm.code === 0 && cjs.code === 0) pass(`import() and require() of ${spec}`);
  }
}

// 4. README examples -------------------------------------------------------------------------
step('Run every fenced js example of every package README, as written');
mkdirSync(join(consumer, 'examples'));
for (const ex of readmeExamples) {
  const file = join(consumer, 'examples', `${ex.pkg.replace('@mlpkit/', '')}-${ex.index}.mjs`);
  writeFileSync(file, ex.code);
  const r = run(process.execPath, [file], { cwd: join(consumer, 'examples'), timeout: 180_000 });
  if (r.code !== 0) fail(`${ex.pkg} README example ${ex.index}`, r.out);
  else pass(`${ex.pkg} README example ${ex.index}`);
}

// 5. A strict TypeScript consumer ------------------------------------------------------------
step('Type-check a strict consumer (moduleResolution node16 and bundler)');
const tsSource = `import { moons, parseCsv, type Dataset } from '@mlpkit/datasets';
import { accuracy, classificationReport } from '@mlpkit/metrics';
import { scatterPlot } from '@mlpkit/plot';
import { paintBoundary } from '@mlpkit/plot/canvas';
import { getPreset, parseSpec, type ModelSpec } from '@mlpkit/models';
import { createTrainer, listBackends, type EpochLogs } from '@mlpkit/train';
import { FusedTrainer } from '@mlpkit/train/fused';
import { saveModel } from '@mlpkit/train/node';
import { experiments, runJob } from '@mlpkit/experiments';

const d: Dataset = moons({ samples: 20, seed: 1 });
const spec: ModelSpec = parseSpec(getPreset('moons-ann'));
const report = classificationReport(d.y, d.y);
const acc: number = accuracy(d.y, d.y);
const svg: string = scatterPlot(d);
const onEpochEnd = (logs: EpochLogs) => logs.epoch % 10 === 0 && console.log(logs.loss);
export const all = [parseCsv, report, acc, svg, paintBoundary, createTrainer, listBackends, FusedTrainer, saveModel, experiments, runJob, spec, onEpochEnd];
`;
for (const [name, options] of [
  ['node16', { module: 'node16', moduleResolution: 'node16' }],
  ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
]) {
  const dir = join(consumer, `ts-${name}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.ts'), tsSource);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['es2022', 'dom'], exactOptionalPropertyTypes: true }, files: ['index.ts'] }, null, 2),
  );
  const r = run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: consumer });
  if (r.code !== 0) fail(`tsc --noEmit (${name})`, r.out);
  else pass(`tsc --noEmit, strict, moduleResolution ${name}`);
}

// 6. Browser bundles and sizes ---------------------------------------------------------------
step('Bundle for the browser with esbuild');
const esbuild = await import(join(root, 'node_modules', 'esbuild', 'lib', 'main.js'));
async function bundle(contents, o = {}) {
  return esbuild.build({
    stdin: { contents, resolveDir: consumer, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    ...o,
  });
}
for (const entry of BROWSER_ENTRIES) {
  try {
    const r = await bundle(`export * from '${entry}';`);
    const size = r.outputFiles[0].contents.byteLength;
    pass(`${entry}: bundles for the browser (${(size / 1024).toFixed(0)} kB minified, whole entry)`);
  } catch (err) {
    fail(`${entry}: esbuild browser bundle`, (err.errors ?? []).map((e) => `${e.text} (${e.location?.file ?? ''})`).join('\n') || err.message);
  }
}
try {
  const r = await bundle("import { FusedTrainer } from '@mlpkit/train/fused'; console.log(FusedTrainer);");
  const tf = Object.keys(r.metafile.inputs).filter((p) => p.includes('@tensorflow/'));
  if (tf.length > 0) fail('@mlpkit/train/fused bundles without TF.js', `TF.js modules in the bundle: ${tf.slice(0, 5).join(', ')}`);
  else pass(`@mlpkit/train/fused bundles without TF.js (${(gzipSync(r.outputFiles[0].contents).byteLength / 1024).toFixed(1)} kB gzip)`);
} catch (err) {
  fail('@mlpkit/train/fused bundle', err.message);
}
step('Bundle-size budget (esbuild, minified, gzip)');
const rows = [];
for (const b of BUDGETS) {
  try {
    const r = await bundle(b.code);
    const gz = gzipSync(r.outputFiles[0].contents).byteLength;
    rows.push([b.what, `${(gz / 1000).toFixed(1)} kB`, `${(b.budget / 1000).toFixed(0)} kB`, gz <= b.budget ? 'ok' : 'OVER']);
    if (gz > b.budget) failures.push(`budget: ${b.what}`);
  } catch (err) {
    fail(`bundle ${b.what}`, err.message);
  }
}
const widths = [0, 1, 2, 3].map((i) => Math.max(...[['import', 'gzip', 'budget', ''], ...rows].map((r) => r[i].length)));
for (const r of [['import', 'gzip', 'budget', ''], ...rows]) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);

finish();

function finish() {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`\nscratch project kept at ${consumer}`);
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (failures.length > 0) {
    console.log(`\nconsumer check: ${failures.length} failed (${secs} s): ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log(`\nconsumer check: all passed (${secs} s)`);
  process.exit(0);
}
