// Helpers for the packed-install matrix: runtimes from the npm registry (node@22, node@24, bun, deno, each fetched
// once through npx and then called by path), npm installs whose output is kept to check for peer warnings.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// pnpm (running `pnpm test`) exports its own settings as npm_config_* (e.g. auto-install-peers), which npm warns
// about; a user's clean npm project has none of them. Where packages come from (registry, cache, proxies) is kept.
const KEEP = /^npm_config_(registry|cache|userconfig|globalconfig|.*proxy|strict_ssl|cafile)$/i;
const NPX_ENV = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name) || KEEP.test(name))),
  npm_config_yes: 'true',
  npm_config_update_notifier: 'false',
};

/** The repository's pinned pnpm (`packageManager`: `pnpm@x.y.z`). */
export const PNPM = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../package.json'), 'utf8'))
  .packageManager as string;

/**
 * pnpm as `[command, leading arguments]`: the pinned pnpm that runs this test (`pnpm test` runs each package's
 * `vitest run` through it: npm_execpath, its user agent naming the version), called by node directly when a `pnpm` is
 * on the PATH too (turbo, which scripts run, looks it up there); else `npx -y <packageManager>`, which costs about 3 s
 * of CPU per call (npx loads npm to find its cached pnpm) on a 2-core machine running the whole test line.
 */
export function pnpmCommand(): [string, string[]] {
  const execpath = process.env.npm_execpath ?? '';
  const pinned = (process.env.npm_config_user_agent ?? '').startsWith(`${PNPM.replace('@', '/')} `);
  const onPath = (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'pnpm')));
  return /[\\/]pnpm\.c?js$/.test(execpath) && pinned && onPath ? [process.execPath, [execpath]] : ['npx', ['-y', PNPM]];
}

/** Runtimes already resolved in this worker (test files share it: vitest.base.ts), by spec. */
const resolved = new Map<string, string>();

/**
 * The executable of a runtime published on npm (`node@22`, `bun`, `deno`), resolved once per worker by running it via
 * npx (about 1.3 s of CPU a call: npx loads npm), then called by path.
 */
export function runtimeBinary(spec: string): string {
  const known = resolved.get(spec);
  if (known) return known;
  const [name] = spec.split('@');
  const probe: Record<string, string[]> = {
    node: ['-p', 'process.execPath'],
    bun: ['-p', 'process.execPath'],
    deno: ['eval', 'console.log(Deno.execPath())'],
  };
  const args = probe[name as string];
  if (!args) throw new Error(`runtimeBinary: no probe for "${spec}"`);
  const binary = execFileSync('npx', ['-y', spec, ...args], { encoding: 'utf8', env: NPX_ENV }).trim();
  resolved.set(spec, binary);
  return binary;
}

/** npm's own CLI script, to run npm under another Node (so engines checks see that Node). */
export function npmCli(): string {
  return join(realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim()), '../npm-cli.js');
}

/**
 * `npm install` in `cwd` with `node` (default: this Node), warnings on; returns everything npm printed. Throws with
 * that output when npm fails.
 */
export function npmInstall(cwd: string, packages: string[], node = process.execPath): string {
  const install = (...flags: string[]) => {
    const args = ['install', ...flags, '--no-audit', '--no-fund', '--loglevel=warn', ...packages];
    const result = spawnSync(node, [npmCli(), ...args], { cwd, encoding: 'utf8', env: NPX_ENV });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  let result = install('--prefer-offline');
  // A cached package list older than a dependant's newer release (installed since by another project) has no
  // version it asks for: ETARGET. Asking the registry again settles it.
  if (result.status !== 0 && result.output.includes('ETARGET')) result = install('--prefer-online');
  if (result.status !== 0) throw new Error(`npm install failed in ${cwd}:\n${result.output}`);
  return result.output;
}

/** Lines of npm output about peer dependencies (ERESOLVE overrides, missing or conflicting peers). */
export function peerWarnings(output: string): string[] {
  return output.split('\n').filter((line) => /peer|ERESOLVE/i.test(line));
}

/** Runs a command to completion; throws with its stderr on failure, returns stdout. */
export function runIn(cwd: string, command: string, args: string[]): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: NPX_ENV });
}
