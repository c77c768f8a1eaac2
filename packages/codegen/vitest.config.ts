import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Full-spec generation takes ~1 s alone, several times that while turbo runs other packages' tasks.
    testTimeout: 60_000,
    // The same for hooks that generate from the full spec (or copy the workspace) before their tests.
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
