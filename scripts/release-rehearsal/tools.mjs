// The rehearsal's own tools (Verdaccio and the pnpm that `packageManager` names), installed with `npm ci` from
// tools/package-lock.json into a cache outside the repo: once per lockfile, shared by every clone and worktree,
// and never part of the workspace's dependencies. Verdaccio 6.8.0 is the last line that runs on Node 20; its
// `node-fetch` is pinned to 2.7.0 by an npm `overrides` entry (tools/package.json).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTeardown, RehearsalError, run } from './processes.mjs';

const MANIFEST_DIR = join(dirname(fileURLToPath(import.meta.url)), 'tools');

/** `KALSHI_REHEARSAL_CACHE`, else `$XDG_CACHE_HOME` or `~/.cache`, + `/kalshi-sdk-release-rehearsal`. */
export function cacheRoot(env = process.env) {
  return (
    env.KALSHI_REHEARSAL_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kalshi-sdk-release-rehearsal')
  );
}

/** Installs the tools if this lockfile's copy is not cached yet; returns the paths the rehearsal runs. */
export async function ensureTools({ packageManager }) {
  const manifest = readFileSync(join(MANIFEST_DIR, 'package.json'), 'utf8');
  const lock = readFileSync(join(MANIFEST_DIR, 'package-lock.json'), 'utf8');
  const pnpmVersion = JSON.parse(manifest).dependencies.pnpm;
  if (packageManager !== `pnpm@${pnpmVersion}`)
    throw new RehearsalError(
      `scripts/release-rehearsal/tools/package.json pins pnpm ${pnpmVersion} but package.json's packageManager is ${packageManager}: make them agree (then npm install --package-lock-only there)`,
    );
  const hash = createHash('sha256').update(manifest).update(lock).digest('hex').slice(0, 12);
  const dir = join(cacheRoot(), `tools-${hash}`);
  if (!existsSync(join(dir, 'node_modules/.package-lock.json'))) {
    // Install beside the final place, then rename: a concurrent or interrupted install never leaves a half copy.
    const staging = `${dir}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    onTeardown(() => rmSync(staging, { recursive: true, force: true }));
    try {
      for (const file of ['package.json', 'package-lock.json'])
        copyFileSync(join(MANIFEST_DIR, file), join(staging, file));
      await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
        cwd: staging,
        env: process.env, // the user's own npm configuration (registry, proxy) for the tools themselves
        what: `installing Verdaccio and pnpm into ${dir}`,
      });
      if (!existsSync(dir)) renameSync(staging, dir);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return {
    verdaccio: join(dir, 'node_modules/verdaccio'),
    pnpm: join(dir, 'node_modules/pnpm/bin/pnpm.cjs'),
  };
}
