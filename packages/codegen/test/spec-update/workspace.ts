import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNPM, pnpmCommand } from '../../../client/test/install/matrix';

// A temporary copy of the workspace for the spec scripts (spec:update, spec:sync, spec:check) to act on: the root
// files, scripts/, spec/, the client's sources and codegen's built dist; node_modules are symlinked from this
// workspace. `../shared/spec` sits next to the copy as it does next to the repo.
export const ROOT = resolve(import.meta.dirname, '../../../..');

/**
 * `typeCheck: false` leaves out the client's tsconfig.json: spec:update then skips its type-check of the client
 * against the new types (assertClientTypeChecks returns without a tsconfig), 10–15 s of CPU a run. Only for tests of
 * what does not depend on that check (a write that fails, pnpm off the PATH, what is reported, written and
 * generated); spec-update.test.ts keeps it (a green check, and a refused spec naming the client's compile errors).
 */
export function copyWorkspace({ typeCheck = true } = {}): string {
  const parent = mkdtempSync(join(tmpdir(), 'kalshi-spec-update-'));
  mkdirSync(join(parent, 'shared'));
  symlinkSync(resolve(ROOT, '../shared/spec'), join(parent, 'shared/spec'));
  const ws = join(parent, 'ws');
  mkdirSync(ws);
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'turbo.json', 'tsconfig.base.json'])
    cpSync(join(ROOT, file), join(ws, file));
  cpSync(join(ROOT, 'scripts'), join(ws, 'scripts'), { recursive: true });
  cpSync(join(ROOT, 'spec'), join(ws, 'spec'), { recursive: true });
  cpSync(join(ROOT, '.changeset/config.json'), join(ws, '.changeset/config.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(ws, 'node_modules'));
  // codegen: its built dist (the client's `kalshi-codegen` bin resolves to this workspace's build) and no build
  // script, so `generate`'s dependency on codegen#build is a no-op here.
  const codegen = join(ws, 'packages/codegen');
  mkdirSync(codegen, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(ROOT, 'packages/codegen/package.json'), 'utf8'));
  delete pkg.scripts.build;
  writeFileSync(join(codegen, 'package.json'), JSON.stringify(pkg));
  for (const dir of ['dist', 'node_modules']) symlinkSync(join(ROOT, 'packages/codegen', dir), join(codegen, dir));
  // mock: only its manifest (the changeset names its version); no scripts, so nothing runs in it.
  const mock = join(ws, 'packages/mock');
  mkdirSync(mock, { recursive: true });
  const mockPkg = JSON.parse(readFileSync(join(ROOT, 'packages/mock/package.json'), 'utf8'));
  mockPkg.scripts = {};
  writeFileSync(join(mock, 'package.json'), JSON.stringify(mockPkg));
  const client = join(ws, 'packages/client');
  mkdirSync(client, { recursive: true });
  for (const file of ['package.json', 'turbo.json', ...(typeCheck ? ['tsconfig.json'] : [])])
    cpSync(join(ROOT, 'packages/client', file), join(client, file));
  cpSync(join(ROOT, 'packages/client/src'), join(client, 'src'), {
    recursive: true,
    filter: (src) => !src.includes('/src/generated'),
  });
  symlinkSync(join(ROOT, 'packages/client/node_modules'), join(client, 'node_modules'));
  return ws;
}

/** Copies the mock's route table (packages/mock/src/http) into the copy, for the scripts' checks of its routes. */
export const withMockRoutes = (work: string) =>
  cpSync(join(ROOT, 'packages/mock/src/http'), join(work, 'packages/mock/src/http'), { recursive: true });

export const CACHED = join(ROOT, 'spec/.cache/kalshi-openapi.yaml');
export const CACHED_WS = join(ROOT, 'spec/.cache/kalshi-asyncapi.yaml');
export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

// The pinned pnpm and how to call it cheaply: one definition, shared with the client's packed-install test.
export { PNPM, pnpmCommand };

/** The environment without the variables of the turbo task (and pnpm script) this test runs in. */
export const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(TURBO_|KALSHI_|npm_)/.test(key) || key === 'TURBO_TELEMETRY_DISABLED',
    ),
  );

/**
 * Runs `node scripts/<script>.mjs args` in the copy (through pnpm when it ends in `turbo run generate`, which needs
 * pnpm on the PATH), without the variables of the turbo task this test runs in.
 */
export function script(work: string, name: string, args: string[] = [], { pnpm = false } = {}) {
  const env = cleanEnv();
  const [command, argv] = pnpm
    ? [pnpmCommand()[0], [...pnpmCommand()[1], name.replace('-', ':'), ...args]]
    : [process.execPath, [join(work, 'scripts', `${name}.mjs`), ...args]];
  return spawnSync(command, argv, { cwd: work, encoding: 'utf8', env: { ...env, CI: '' } });
}

/** Every file under spec/ and .changeset/ with its hash: what "the repo is untouched" means here. */
export function snapshot(work: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const dir of ['spec', 'spec/.cache', '.changeset'])
    for (const name of readdirSync(join(work, dir), { withFileTypes: true }))
      if (name.isFile()) files[`${dir}/${name.name}`] = sha256(readFileSync(join(work, dir, name.name)));
  return files;
}

export const oneLine = (stderr: string) => stderr.trim().split('\n');
