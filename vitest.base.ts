import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * A test file that needs a module graph of its own: it replaces modules (`vi.mock`) or says so (`// vitest: isolate`).
 */
const NEEDS_ISOLATION = /\bvi\.(?:mock|doMock|unmock)\(|\/\/ vitest: isolate\b/;
/**
 * A test file that fakes timers: fake timers catch every timer the worker schedules, an earlier file's mock's too, so
 * these never share a worker with the other files. They share one among themselves (each ends with real timers:
 * vitest.setup.ts): the client's 28 of them and 3 module-mocking files took 46 s of CPU with a worker each, 23 s with
 * these 28 sharing one (the mock's 13 + 4: 48 s → 21 s). One that must not share even with them says `// vitest: isolate`.
 */
const FAKES_TIMERS = /\bvi\.useFakeTimers\(/;

/**
 * Every package tests the same way: worker threads, one JSON report for `pnpm test`'s summary, generous timeouts
 * (turbo runs every package at once on a loaded 2-core machine; load alone must never fail a test), and files sharing
 * their worker's module graph (`isolate: false`): a package's sources, the mock's spec validators and its test key
 * load once per worker, not once per file (measured idle: the mock's tests 311 s → 100 s of CPU, the client's
 * 188 s → 81 s, without their install and release tests). The files NEEDS_ISOLATION names run isolated, as before;
 * those FAKES_TIMERS names share a worker of their own (project `timers`).
 * Shared files must leave nothing behind that reaches the next file: stubbed globals and listening (msw) servers are
 * undone in their hooks; environment variables are put back after each file (vitest.setup.ts). `pool: 'forks'` for tests that call process.chdir (worker threads cannot).
 */
export function testConfig(
  dir: string,
  { include = ['test/**/*.test.ts'], timeoutMs = 30_000, pool = 'threads' as 'threads' | 'forks' } = {},
) {
  const sources = testFiles(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')] as const);
  const isolated = sources.filter(([, text]) => NEEDS_ISOLATION.test(text)).map(([file]) => file);
  const timers = sources
    .filter(([file, text]) => FAKES_TIMERS.test(text) && !isolated.includes(file))
    .map(([file]) => file);
  const shared = {
    extends: true as const,
    test: { name: 'shared', include, exclude: [...configDefaults.exclude, ...isolated, ...timers], isolate: false },
  };
  const clocks = { extends: true as const, test: { name: 'timers', include: timers, isolate: false } };
  const own = { extends: true as const, test: { name: 'isolated', include: isolated, isolate: true } };
  return defineConfig({
    test: {
      pool,
      testTimeout: timeoutMs,
      hookTimeout: timeoutMs,
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
      // The run's own temp root, removed at the end; the run fails if its tests left anything in it.
      globalSetup: [fileURLToPath(new URL('./vitest.tmpdir.ts', import.meta.url))],
      projects: [shared, ...(timers.length ? [clocks] : []), ...(isolated.length ? [own] : [])],
    },
  });
}

/** Every `*.test.ts` under dir, relative to it (node_modules left out). */
function testFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter(
    (file) => file.endsWith('.test.ts') && !file.split('/').includes('node_modules'),
  );
}
