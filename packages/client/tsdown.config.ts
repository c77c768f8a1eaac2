import { packageConfig } from '../../tsdown.base';

// quickstart is a dev entry (run by `pnpm quickstart`), not in the package's exports; it loads the mock lazily.
export default packageConfig(['src/index.ts', 'src/ws/index.ts', 'src/quickstart.ts'], {
  external: ['@org/kalshi-mock/node'],
});
