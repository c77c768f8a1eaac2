import { defineConfig } from 'tsdown';
import { browserConfig, packageConfig } from '../../tsdown.base';

// quickstart is a dev entry (run by `pnpm quickstart`), not in the package's exports; it loads the mock (and msw) lazily.
// The `browser`/`worker`/`edge-light`/`workerd` exports (dist/browser/) are the same two entries with load-ws.ts's
// twin in its place: no import of the optional `ws` peer for a page's bundler to resolve.
export default defineConfig([
  packageConfig(['src/index.ts', 'src/ws/index.ts', 'src/quickstart.ts'], {
    deps: { neverBundle: ['@org/kalshi-mock', '@org/kalshi-mock/node', 'msw'] },
  }),
  browserConfig(['src/index.ts', 'src/ws/index.ts'], ['./load-ws']),
]);
