import { testConfig } from '../vitest.base.ts';

// README blocks that are vitest suites run from test/readme-blocks/out (extracted before vitest starts). Each example
// talks to the in-process mock, whose first request compiles its spec validators. Forks: the README blocks'
// test changes directory (process.chdir), which worker threads cannot.
export default testConfig(import.meta.dirname, { include: ['**/*.test.ts'], pool: 'forks' });
