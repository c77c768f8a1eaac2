import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, vi } from 'vitest';

// Test files share their worker (vitest.base.ts): each one ends with the environment variables it started with, so a
// variable one file set (KALSHI_LOG, credentials) never reaches the next file or the processes it spawns. Restored in
// place: in a worker thread, `process.env = saved` does not replace the variables the runtime and spawn() read.
const env = process.env;
const snapshot = { ...env };
// Files that fake timers share a worker too (project `timers`): each ends with real timers, so a file that left them
// faked never reaches the next one.
// Each file gets a temp dir of its own inside the run's root (vitest.tmpdir.ts), removed once the file ends: what a
// test, its product code or a process it spawned made in os.tmpdir() goes with it. A file's hooks end its processes
// (and wait for them) before this hook runs: hooks run last-registered first, and this one is registered first.
const fileTmp = mkdtempSync(join(tmpdir(), 'file-'));
for (const name of ['TMPDIR', 'TEMP', 'TMP']) env[name] = fileTmp;
afterAll(() => {
  vi.useRealTimers();
  process.env = env;
  for (const name of Object.keys(env)) if (!(name in snapshot)) delete env[name];
  Object.assign(env, snapshot);
  rmSync(fileTmp, { recursive: true, force: true, maxRetries: 5 });
});
