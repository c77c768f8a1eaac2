import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CACHED, cleanEnv, copyWorkspace, oneLine, PNPM, ROOT, snapshot } from './workspace';

/** The PATH without its folders that hold pnpm. */
const withoutPnpm = () =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir && !existsSync(join(dir, 'pnpm')))
    .join(delimiter);

// The spec scripts are plain node scripts (`node scripts/spec-sync.mjs` works as well as `pnpm spec:sync`). Given a
// spec that does not match its lock they load codegen (its specVersion), building it first when its dist is missing.
// That build went through turbo, which needs pnpm on the PATH: without it the script said "could not be built: run
// pnpm build" (round 36, D). Here codegen's sources are copied without a dist and pnpm is off the PATH.
it('spec:sync run by node, without pnpm on the PATH, builds a missing codegen dist and reads the spec', () => {
  const work = copyWorkspace();
  const codegen = join(work, 'packages/codegen');
  rmSync(join(codegen, 'dist'));
  for (const file of ['src', 'tsdown.config.ts', 'tsconfig.json', 'package.json'])
    cpSync(join(ROOT, 'packages/codegen', file), join(codegen, file), { recursive: true });
  cpSync(join(ROOT, 'tsdown.base.ts'), join(work, 'tsdown.base.ts'));
  const older = resolve(ROOT, '../shared/spec/kalshi-openapi-3.7.0.yaml');
  const run = spawnSync(process.execPath, [join(work, 'scripts/spec-sync.mjs'), '--from', older], {
    cwd: work,
    encoding: 'utf8',
    env: { ...cleanEnv(), CI: '', PATH: withoutPnpm() },
  });
  expect(run.stderr).not.toContain('could not be built');
  expect(run.stderr).toContain('  found:  3.7.0  sha256 ');
  expect(run.status).toBe(0);
  expect(existsSync(join(codegen, 'dist/index.mjs'))).toBe(true);
  // The spec is what it read (a warning, not --frozen): the cache holds it.
  expect(readFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), 'utf8')).toBe(readFileSync(older, 'utf8'));
}, 180_000);

// spec:update regenerates through `turbo run generate`, which runs each package's script through pnpm found on the
// PATH. Run by node without pnpm, it printed the report, wrote the lock and changeset, then put them back when turbo
// could not find pnpm and blamed "pnpm generate" (round 36, D). It now says what is missing, with the
// command that works. The spec offered adds an optional response field (a change the client type-checks against).
// The copy leaves out the client's type-check, which comes before and passes either way (10 s of CPU).
it('spec:update run by node without pnpm on the PATH names the command to run, and leaves every file as it was', () => {
  const work = copyWorkspace({ typeCheck: false });
  const doc = parse(readFileSync(CACHED, 'utf8'));
  doc.info.version = '3.31.1';
  doc.components.schemas.Market.properties.new_field = { type: 'string' };
  const offered = join(work, 'offered spec.yaml');
  writeFileSync(offered, stringify(doc));
  const before = snapshot(work);
  const run = spawnSync(process.execPath, [join(work, 'scripts/spec-update.mjs'), '--from', offered], {
    cwd: work,
    encoding: 'utf8',
    env: { ...cleanEnv(), CI: '', PATH: withoutPnpm() },
  });
  expect(oneLine(run.stderr)).toEqual([
    `spec:update: generating goes through turbo, which needs pnpm on the PATH; nothing was accepted (the files written were put back): run npx -y ${PNPM} spec:update --from '${offered}'`,
  ]);
  expect(run.status).toBe(1);
  expect(snapshot(work)).toEqual(before);
}, 180_000);

// A codegen dist older than its sources whose rebuild fails was loaded as it was (its spawn's status unread): the
// script went on with code that lacked what the sources have (round 36's review). It now stops, naming the command.
it('spec:sync stops, naming the build command, when a codegen dist older than its sources cannot be rebuilt', () => {
  const work = copyWorkspace();
  const codegen = join(work, 'packages/codegen');
  rmSync(join(codegen, 'dist'));
  cpSync(join(ROOT, 'packages/codegen/dist'), join(codegen, 'dist'), { recursive: true });
  for (const file of ['src', 'tsdown.config.ts', 'tsconfig.json', 'package.json'])
    cpSync(join(ROOT, 'packages/codegen', file), join(codegen, file), { recursive: true });
  cpSync(join(ROOT, 'tsdown.base.ts'), join(work, 'tsdown.base.ts'));
  const later = new Date(Date.now() + 60_000);
  writeFileSync(join(codegen, 'src/index.ts'), 'export const broken = ;\n');
  utimesSync(join(codegen, 'src/index.ts'), later, later);
  const older = resolve(ROOT, '../shared/spec/kalshi-openapi-3.7.0.yaml');
  const run = spawnSync(process.execPath, [join(work, 'scripts/spec-sync.mjs'), '--from', older], {
    cwd: work,
    encoding: 'utf8',
    env: { ...cleanEnv(), CI: '' },
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(
    'packages/codegen/dist/index.mjs is missing or older than its sources and could not be built: run (cd packages/codegen && npx --no-install tsdown)',
  );
}, 180_000);
