import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
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
// Removal has a timeout of its own: a file that installs packages leaves ~240 MB in ~12,600 entries (the packed
// install), gone in 2 s here but over 30 s (the default hook timeout) on CI's disk. Removed asynchronously, so the
// worker answers the runner meanwhile.
const REMOVAL_TIMEOUT_MS = 600_000;
afterAll(async () => {
  vi.useRealTimers();
  process.env = env;
  for (const name of Object.keys(env)) if (!(name in snapshot)) delete env[name];
  Object.assign(env, snapshot);
  await rm(fileTmp, { recursive: true, force: true, maxRetries: 5 });
}, REMOVAL_TIMEOUT_MS);
