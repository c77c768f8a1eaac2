import { defineConfig } from 'tsdown';

export default defineConfig({
  // quickstart is a dev entry (run by `pnpm quickstart`), not in the package's exports.
  entry: ['src/index.ts', 'src/quickstart.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node20',
  dts: true,
  external: ['@org/kalshi-mock/node'],
});
