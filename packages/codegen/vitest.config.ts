import { testConfig } from '../../vitest.base.ts';

// Full-spec generation takes ~1 s alone, several times that while turbo runs other packages' tasks; hooks generate
// from the full spec (or copy the workspace) before their tests. Two workers at least: the spec-update files (marked
// slow) spend minutes waiting on the spec scripts and their type-checks while the other files run beside them.
export default testConfig(import.meta.dirname, { timeoutMs: 60_000, minWorkers: 2 });
