import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A mock builds its dataset and handlers in ms alone, but seconds while turbo runs other packages' tasks on a
    // shared machine; no test waits on wall-clock time, so a generous limit only catches hangs.
    testTimeout: 30_000,
    // Hooks too: the stream tests' first afterEach compiles the AsyncAPI validators (over 10 s on a loaded machine).
    hookTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
