import { defineConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base';

// The `browser`/`worker` export (dist/browser/index.mjs) is the same main entry built with each module's
// `.browser.ts` twin in its place (runtime.ts, node-backend.ts): no node:* import anywhere in it, so bundlers pick
// WebCrypto signing without flags, and node:crypto's signing code is not shipped to pages.
const BROWSER_TWINS = new Set(['./runtime', './node-backend']);
const browserRuntime = {
  name: 'kalshi-auth:browser-runtime',
  resolveId(source: string, importer: string | undefined) {
    if (BROWSER_TWINS.has(source) && importer?.includes('/src/'))
      return new URL(`src/${source.slice(2)}.browser.ts`, import.meta.url).pathname;
    return null;
  },
};

export default defineConfig([
  packageConfig(['src/index.ts', 'src/node.ts']),
  packageConfig(['src/index.ts'], {
    platform: 'browser',
    target: 'es2022',
    outDir: 'dist/browser',
    dts: false,
    clean: false,
    fixedExtension: true,
    plugins: [browserRuntime],
  }),
]);
