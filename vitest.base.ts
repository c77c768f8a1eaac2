import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * A test file that needs a worker of its own: it replaces modules (`vi.mock`), fakes timers (fake timers catch every
 * timer the worker schedules, an earlier file's mock's too), or says so (`// vitest: isolate`).
 */
const NEEDS_ISOLATION = /\bvi\.(?:mock|doMock|unmock|useFakeTimers)\(|\/\/ vitest: isolate\b/;

/**
 * Every package tests the same way: worker threads, one JSON report for `pnpm test`'s summary, generous timeouts
 * (turbo runs every package at once on a loaded 2-core machine; load alone must never fail a test), and files sharing
 * their worker's module graph (`isolate: false`): a package's sources, the mock's spec validators and its test key
 * load once per worker, not once per file (measured idle: the mock's tests 311 s → 100 s of CPU, the client's
 * 188 s → 81 s, without their install and release tests). The files NEEDS_ISOLATION names run isolated, as before.
 * Shared files must leave nothing behind that reaches the next file: stubbed globals and listening (msw) servers are
 * undone in their hooks; environment variables are put back after each file (vitest.setup.ts). `pool: 'forks'` for tests that call process.chdir (worker threads cannot).
 */
export function testConfig(
  dir: string,
  { include = ['test/**/*.test.ts'], timeoutMs = 30_000, pool = 'threads' as 'threads' | 'forks' } = {},
) {
  const isolated = testFiles(dir).filter((file) => NEEDS_ISOLATION.test(readFileSync(join(dir, file), 'utf8')));
  const shared = {
    extends: true as const,
    test: { name: 'shared', include, exclude: [...configDefaults.exclude, ...isolated], isolate: false },
  };
  const own = { extends: true as const, test: { name: 'isolated', include: isolated, isolate: true } };
  return defineConfig({
    test: {
      pool,
      testTimeout: timeoutMs,
      hookTimeout: timeoutMs,
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
      projects: isolated.length ? [shared, own] : [shared],
    },
  });
}

/** Every `*.test.ts` under dir, relative to it (node_modules left out). */
function testFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter(
    (file) => file.endsWith('.test.ts') && !file.split('/').includes('node_modules'),
  );
}
