import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Set while a package's run owns a temp root: a second project of the same run shares it. */
const OWNER = Symbol.for('kalshi.test-tmpdir');
type Owned = { root: string; users: number; outer: Record<string, string | undefined> };
const registry = globalThis as { [OWNER]?: Owned };
/** The variables os.tmpdir() reads (TMPDIR on POSIX, TEMP and TMP on Windows), so children see the root too. */
const NAMES = ['TMPDIR', 'TEMP', 'TMP'] as const;

/**
 * globalSetup of every package's tests (vitest.base.ts): the run gets a temp root of its own, set before any worker or
 * child starts, so nothing its tests, workers or the processes they spawn make in the temp dir outlives the run. Each
 * test file gets a folder of its own in it (vitest.setup.ts, removed after the file). Teardown removes the root and
 * fails the run if anything was left in it: something that outlived its file (a child still writing) is a leak.
 */
export default function setup(): () => void {
  const owned = registry[OWNER];
  if (owned) {
    owned.users += 1;
    return () => release(owned);
  }
  const root = mkdtempSync(join(tmpdir(), `kalshi-test-${basename(process.cwd())}-`));
  const outer = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  for (const name of NAMES) process.env[name] = root;
  const own: Owned = { root, users: 1, outer };
  registry[OWNER] = own;
  return () => release(own);
}

function release(owned: Owned): void {
  owned.users -= 1;
  if (owned.users > 0) return;
  delete registry[OWNER];
  for (const name of NAMES) {
    const value = owned.outer[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const left = readdirSync(owned.root);
  rmSync(owned.root, { recursive: true, force: true, maxRetries: 5 });
  if (left.length > 0) {
    // vitest reports an error thrown here but still exits 0: the exit code is what fails `pnpm test` and CI.
    process.exitCode = 1;
    throw new Error(
      `the tests left ${left.length} entries in their temp dir ${owned.root} (removed now): ${left.join(', ')}`,
    );
  }
}
