import { defineConfig } from 'tsdown';
import { browserConfig, packageConfig } from '../../tsdown.base';

// The generated operation table and rate-limit table (no imports of their own) are their own chunk, so that a bundle
// holds them first, before @org/kalshi-auth and the client's modules: gzip matches text only within 32 kB back, and the
// table's 13 kB of operation rows, in the middle, kept the client's messages from matching those before it (−300 B
// gzip of issue #17's bundle; nothing else changes: both are evaluated before everything that imports them anyway).
const outputOptions = {
  codeSplitting: { groups: [{ name: 'generated', test: /src[\\/]generated[\\/](manifest|rate-limits)\.ts$/ }] },
};

// quickstart is a dev entry (run by `pnpm quickstart`), not in the package's exports; it loads the mock (and msw) lazily.
// The `browser`/`worker`/`edge-light`/`workerd` exports (dist/browser/) are the same two entries with load-ws.ts's
// twin in its place: no import of the optional `ws` peer for a page's bundler to resolve.
export default defineConfig([
  packageConfig(['src/index.ts', 'src/ws/index.ts', 'src/quickstart.ts'], {
    deps: { neverBundle: ['@org/kalshi-mock', '@org/kalshi-mock/node', 'msw'] },
    outputOptions,
  }),
  { ...browserConfig(['src/index.ts', 'src/ws/index.ts'], ['./load-ws']), outputOptions },
]);
