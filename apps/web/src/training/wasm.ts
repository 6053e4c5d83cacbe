/**
 * Serve the TF.js wasm binaries from the app itself: Vite copies each `?url` import into the
 * build with a hashed name, and setWasmPaths points the backend at those files, so the wasm
 * backend works offline and from any base path (no CDN, no 404s).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured = false;

export function configureWasm(): void {
  if (configured) return;
  configured = true;
  // Resolve against the current script, so relative asset URLs work inside the worker too.
  const absolute = (url: string): string => new URL(url, import.meta.url).href;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': absolute(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': absolute(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': absolute(wasmThreadedSimd),
  });
}
