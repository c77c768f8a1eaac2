import { defineConfig } from 'tsdown';
import { packageConfig } from '../../tsdown.base';

// The `browser`/`worker` export (dist/browser/index.mjs) is the same main entry built with runtime.browser.ts in
// place of runtime.ts: no node:* import anywhere in it, so bundlers pick WebCrypto signing without flags.
const browserRuntime = {
  name: 'kalshi-auth:browser-runtime',
  resolveId(source: string, importer: string | undefined) {
    if (source === './runtime' && importer?.includes('/src/'))
      return new URL('src/runtime.browser.ts', import.meta.url).pathname;
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
