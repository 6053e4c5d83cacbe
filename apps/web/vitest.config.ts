import { defineConfig } from 'vitest/config';

// The e2e suite drives the built app in headless Chromium: one browser at a time (2-core CI box).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
