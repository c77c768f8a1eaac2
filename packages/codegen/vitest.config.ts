import { testConfig } from '../../vitest.base.ts';

// Full-spec generation takes ~1 s alone, several times that while turbo runs other packages' tasks; hooks generate
// from the full spec (or copy the workspace) before their tests.
export default testConfig(import.meta.dirname, { timeoutMs: 60_000 });
