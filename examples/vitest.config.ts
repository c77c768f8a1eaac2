import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // README blocks that are vitest suites run from test/readme-blocks/out (extracted before vitest starts).
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Each example talks to the in-process mock, whose first request compiles its spec validators (seconds on a loaded
    // 2-core machine with turbo running every package): generous limits, so load alone never fails a test.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
