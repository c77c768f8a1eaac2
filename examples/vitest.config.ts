import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // README blocks that are vitest suites run from test/readme-blocks/out (extracted before vitest starts).
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
