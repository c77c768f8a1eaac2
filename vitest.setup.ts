import { afterAll, vi } from 'vitest';

// Test files share their worker (vitest.base.ts): each one ends with the environment variables it started with, so a
// variable one file set (KALSHI_LOG, credentials) never reaches the next file or the processes it spawns. Restored in
// place: in a worker thread, `process.env = saved` does not replace the variables the runtime and spawn() read.
const env = process.env;
const snapshot = { ...env };
// Files that fake timers share a worker too (project `timers`): each ends with real timers, so a file that left them
// faked never reaches the next one.
afterAll(() => {
  vi.useRealTimers();
  process.env = env;
  for (const name of Object.keys(env)) if (!(name in snapshot)) delete env[name];
  Object.assign(env, snapshot);
});
