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
