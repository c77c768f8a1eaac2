import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // RSA key generation and the in-process mock's first request take seconds on a loaded 2-core machine (turbo runs
    // every package at once): generous limits, so load alone never fails a test (5 s did, once, under load).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
