// Bundles test/browser/page.ts for the browser the way an app's bundler would: esbuild --platform=browser, the
// packages' export conditions (`browser`) and nothing marked external. Shared by the bundle test and chromium.mjs.
import { join } from 'node:path';
import { build } from 'esbuild';

const CLIENT = join(import.meta.dirname, '../..');

export async function bundlePage() {
  return build({
    entryPoints: [join(import.meta.dirname, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    // The page imports the client by name; inside the workspace that name is this package's built dist.
    alias: {
      '@org/kalshi-client/ws': join(CLIENT, 'dist/ws/index.mjs'),
      '@org/kalshi-client': join(CLIENT, 'dist/index.mjs'),
    },
    logLevel: 'silent',
  });
}
