// Bundles test/browser/page.ts (or `source`) the way an app's bundler would: esbuild with the packages' export
// conditions (`browser` on --platform=browser by default; an edge bundler's, e.g. `edge-light`, on neutral) and
// nothing marked external. The page imports the client by its name, which resolves through this package's own
// exports map to its built dist, as it would from an app. Shared by the bundle test and chromium.mjs.
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundlePage({ platform = 'browser', conditions, source } = {}) {
  return build({
    ...(source === undefined
      ? { entryPoints: [join(import.meta.dirname, 'page.ts')] }
      : { stdin: { contents: source, resolveDir: import.meta.dirname } }),
    bundle: true,
    format: 'esm',
    platform,
    // neutral sets no main fields of its own; a package without exports still resolves as edge bundlers do.
    ...(platform === 'neutral' ? { mainFields: ['module', 'main'] } : {}),
    ...(conditions === undefined ? {} : { conditions }),
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}
