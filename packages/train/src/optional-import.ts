/**
 * Imports a module by a computed name, so that no bundler (esbuild, Vite, webpack, Rollup)
 * resolves or bundles it: optional peers (tfjs-node, tfjs-backend-wasm, tfjs-backend-webgpu) and
 * TF.js itself from the TF.js-free fused entry must not break or bloat a build that lacks them.
 * In Node it resolves like any import; in a browser a bare name fails unless an import map
 * provides it, which callers turn into a readable reason.
 */
export function importOptional(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
}
