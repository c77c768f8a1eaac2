import { packageConfig } from '../../tsdown.base';

// quickstart is a dev entry (run by `pnpm quickstart`), not in the package's exports; it loads the mock (and msw) lazily.
export default packageConfig(['src/index.ts', 'src/ws/index.ts', 'src/quickstart.ts'], {
  deps: { neverBundle: ['@org/kalshi-mock', '@org/kalshi-mock/node', 'msw'] },
});
