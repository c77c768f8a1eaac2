import { defineConfig, type UserConfig } from 'tsdown';

/** Every package builds the same way: ESM for Node ≥ 20, with .d.mts types; only entries differ. */
export function packageConfig(entry: string[], extra: Partial<UserConfig> = {}) {
  return defineConfig({ entry, format: 'esm', platform: 'node', target: 'node20', dts: true, ...extra });
}
