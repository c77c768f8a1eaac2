import { testConfig } from '../../vitest.base.ts';

// A worker's first request to the in-process mock compiles its spec validators (~0.5 s idle, several seconds on a
// loaded 2-core machine with turbo running every package).
export default testConfig(import.meta.dirname);
