import { dirname, join } from 'node:path';
import { defineConfig, type UserConfig } from 'tsdown';

/**
 * Every package builds the same way: ESM for Node ≥ 20, with .d.mts types; only entries differ. Rolldown's
 * plugin-timing notice is off: on a loaded 2-core machine the type generation always "takes significant time", and a
 * new user's first install printed four of these warnings about nothing they can act on.
 */
export function packageConfig(entry: string[], extra: Partial<UserConfig> = {}) {
  return defineConfig({
    entry,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    dts: true,
    checks: { pluginTimings: false },
    ...extra,
  });
}

/**
 * A package's browser/edge build (its `browser`, `worker`, `edge-light` and `workerd` exports): the same entries
 * built with each named module's `.browser.ts` twin in its place (e.g. `./runtime` → `./runtime.browser.ts`), so the
 * output has no import that only Node has (node:*, or an optional Node-only peer such as `ws`) for a bundler to resolve.
 */
export function browserConfig(entry: string[], twins: string[]) {
  const names = new Set(twins);
  return packageConfig(entry, {
    platform: 'browser',
    target: 'es2022',
    outDir: 'dist/browser',
    dts: false,
    clean: false,
    fixedExtension: true,
    plugins: [
      {
        name: 'kalshi:browser-twins',
        resolveId(source: string, importer: string | undefined) {
          if (names.has(source) && importer?.includes('/src/')) return join(dirname(importer), `${source}.browser.ts`);
          return null;
        },
      },
    ],
  });
}
