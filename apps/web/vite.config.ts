import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the built app also works from a sub-path (e.g. GitHub Pages).
  base: './',
  build: {
    target: 'es2022',
    sourcemap: true,
    // TF.js is large; the playground ships it on purpose.
    chunkSizeWarningLimit: 4096,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
