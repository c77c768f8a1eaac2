import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { copyWorkspace, pnpmCommand, ROOT, script, snapshot } from './workspace';

// `pnpm spec:update` end to end, as a maintainer runs it, on a temporary copy of the workspace: Kalshi's spec moves
// on (one operation added, one required response field removed), the change is accepted (report, changeset, lock,
// regenerated types), the client still type-checks, then the old spec is accepted back once the client's code no
// longer uses the operation it lacks. The copy holds only what the flow reads (see workspace.ts). `../shared/spec`
// sits next to the copy as it does next to the repo, so a sync that preferred it over the accepted spec would
// regenerate the old types and fail this test.
const CACHED = join(ROOT, 'spec/.cache/kalshi-openapi.yaml');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let work: string;
let original: string;
let changed: string;

/** Runs `pnpm <args>` in the copy, without the variables of the turbo task this test runs in. */
function pnpm(args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(TURBO_|KALSHI_|npm_)/.test(key) || key === 'TURBO_TELEMETRY_DISABLED',
    ),
  );
  const [command, pnpmArgs] = pnpmCommand();
  return spawnSync(command, [...pnpmArgs, ...args], { cwd: work, encoding: 'utf8', env: { ...env, CI: '' } });
}

const generated = (file: string) => readFileSync(join(work, 'packages/client/src/generated', file), 'utf8');
const lock = () => JSON.parse(readFileSync(join(work, 'spec/kalshi-openapi.lock.json'), 'utf8'));

beforeAll(() => {
  work = copyWorkspace();
  original = readFileSync(CACHED, 'utf8');
  const doc = parse(original);
  doc.info.version = '3.31.0-test.1';
  doc.paths['/exchange/holidays'] = {
    get: {
      operationId: 'GetExchangeHolidays',
      tags: ['exchange'],
      responses: {
        '200': {
          description: 'ok',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['holidays'],
                properties: { holidays: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  };
  // An optional field for the order write that `placeOrder` calls: the changeset names the helper.
  doc.components.schemas.CreateOrderV2Request.properties.memo = { type: 'string' };
  const indexStatus = doc.components.schemas.ExchangeIndexStatus;
  delete indexStatus.properties.description;
  indexStatus.required = indexStatus.required.filter((name: string) => name !== 'description');
  changed = stringify(doc);
  writeFileSync(join(work, 'new-openapi.yaml'), changed);
}, 120_000);

describe('pnpm spec:update on a copy of the workspace', () => {
  it('accepts a changed spec (report, changeset, lock, regenerated types, green typecheck), then the old one back', () => {
    const run = pnpm(['spec:update', '--from', 'new-openapi.yaml']);
    expect(run.status, run.stderr).toBe(0);
    // The report: the operation diff and the classified changes.
    expect(run.stdout).toContain('Added operations (1)\n  + GET    /exchange/holidays  GetExchangeHolidays');
    expect(run.stdout).toContain(
      '- `GET /exchange/status` (GetExchangeStatus) response 200 .exchange_index_statuses[] .description: field removed [property-removed]',
    );
    expect(run.stdout).toContain('WebSocket (AsyncAPI): already at 2.0.0');
    // The changeset: breaking before 1.0 is a minor bump; it names the new operation.
    const changeset = readFileSync(
      join(
        work,
        `.changeset/kalshi-spec-3.31.0-test.1-${sha256(original).slice(0, 8)}-${sha256(changed).slice(0, 8)}.md`,
      ),
      'utf8',
    );
    expect(changeset).toMatch(/^---\n"@org\/kalshi-client": minor\n"@org\/kalshi-codegen": minor\n/);
    expect(changeset).toContain('- `GET /exchange/holidays` (GetExchangeHolidays)');
    expect(changeset).toContain(
      '**SDK helpers affected** (their code calls these operations: check them before releasing)\n\n' +
        '- `placeOrder`: `POST /portfolio/events/orders` (CreateOrderV2) changed (safe).\n',
    );
    // The lock and the cache.
    expect(lock()).toMatchObject({ version: '3.31.0-test.1', sha256: sha256(changed) });
    expect(readFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), 'utf8')).toBe(changed);
    // The regenerated types come from the accepted spec, not from ../shared/spec.
    expect(generated('openapi.ts')).toContain(`(sha256 ${sha256(changed)})`);
    expect(generated('openapi.ts')).toContain('"/exchange/holidays": {');
    expect(generated('manifest.ts')).toContain("'GetExchangeHolidays'");

    // The client's sources type-check against the new types: spec:update's own check refuses any error the new types
    // bring, and the repo's client has none against the locked spec (its typecheck task), so an accepted spec leaves
    // none. The new path is typed: code using it compiles (tsc on that file and what it imports alone; the whole
    // client's sources again cost about 15 s of CPU more).
    writeFileSync(
      join(work, 'packages/client/src/uses-new-operation.ts'),
      `import type { paths } from './generated/openapi';
type Holidays = paths['/exchange/holidays']['get']['responses'][200]['content']['application/json']['holidays'];
export const holidays: Holidays = ['2026-12-25'];
`,
    );
    writeFileSync(
      join(work, 'packages/client/tsconfig.new-operation.json'),
      JSON.stringify({ extends: './tsconfig.json', include: [], files: ['src/uses-new-operation.ts'] }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.new-operation.json'],
      { cwd: join(work, 'packages/client'), encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    // Going back (the old spec's paths, under a version above the lock's: the version is not what is refused) is
    // refused while the client's code uses the operation the old spec lacks, and nothing is written.
    // The spec offered here also lacks CreateOrderV2, which `placeOrder` calls by its path (A-D12, round 14): a spec
    // without it generates types the client's own code does not compile against, and `pnpm build` (tsdown) would
    // still pass; spec:update names the helper and the compile error (README: "the client is type-checked against the
    // new types"). One refused run for both: each costs two type-checks of the client (about 30 s of CPU)…
    const noCreate = parse(original);
    noCreate.info.version = '3.32.0';
    delete noCreate.paths['/portfolio/events/orders'].post;
    writeFileSync(join(work, 'no-create.yaml'), stringify(noCreate));
    const before = snapshot(work);
    // Run by node: refused before generation, it needs no pnpm (the two accepted runs go through pnpm, as the README's
    // command does).
    const refused = script(work, 'spec-update', ['--from', 'no-create.yaml']);
    expect(refused.stdout).toContain(
      'SDK helpers whose operations changed:\n- `placeOrder`: `POST /portfolio/events/orders` (CreateOrderV2) removed.',
    );
    expect(refused.stderr).toMatch(
      /^spec:update: the client's code no longer type-checks against the new spec's types; nothing was written:\n/,
    );
    expect(refused.stderr).toMatch(
      /\n {2}packages\/client\/src\/orders\.ts:\d+:\d+ TS2345 Argument of type '"\/portfolio\/events\/orders"'/,
    );
    expect(refused.stderr).toContain(
      "packages/client/src/uses-new-operation.ts:2:23 TS2339 Property '/exchange/holidays' does not exist on type 'paths'.",
    );
    expect(refused.stdout).not.toContain('wrote ');
    expect(refused.status).toBe(1);
    expect(snapshot(work)).toEqual(before);
    expect(lock()).toMatchObject({ version: '3.31.0-test.1', sha256: sha256(changed) });

    // …then, that code gone, the old spec is accepted back: the operation is reported removed and leaves the types.
    rmSync(join(work, 'packages/client/src/uses-new-operation.ts'));
    const back = pnpm(['spec:update', '--from', CACHED]);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toContain('Removed operations (1)\n  - GET    /exchange/holidays  GetExchangeHolidays');
    expect(back.stdout).toContain(
      'response 200 .exchange_index_statuses[] .description: field added as required [required-property-added]',
    );
    expect(lock()).toMatchObject({ version: '3.31.0', sha256: sha256(original) });
    expect(
      existsSync(
        join(work, `.changeset/kalshi-spec-3.31.0-${sha256(changed).slice(0, 8)}-${sha256(original).slice(0, 8)}.md`),
      ),
    ).toBe(true);
    expect(generated('openapi.ts')).toContain(`(sha256 ${sha256(original)})`);
    expect(generated('openapi.ts')).not.toContain('/exchange/holidays');
  }, 600_000);
});
