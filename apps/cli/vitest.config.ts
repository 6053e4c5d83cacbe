import { defineConfig } from 'vitest/config';

// The tests spawn the built binary; on a loaded 2-core machine one spawn can take seconds.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxConcurrency: 4,
  },
});
