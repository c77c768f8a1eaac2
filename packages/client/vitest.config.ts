import { testConfig } from '../../vitest.base.ts';

// A worker's first request to the in-process mock compiles its spec validators (~0.5 s idle, several seconds on a
// loaded 2-core machine with turbo running every package). Two workers at least: packed-install and the release
// rehearsal (marked slow) spend minutes waiting on npm, pnpm, Verdaccio and tsc while the other files run beside them.
export default testConfig(import.meta.dirname, { minWorkers: 2 });
