import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'test/readme-blocks/out/**'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
