// Tester H (round 37): Deno's permissions as the README names them, with the packed tarballs and msw 3 from the
// registry (packed-install.test.ts runs Deno with --allow-all, which hides them). Deno 2.9 + msw 3.0: importing
// `@org/kalshi-mock/node` with `--allow-net --allow-env` failed `NotCapable: Requires read access to
// ".../@mswjs/interceptors/lib/node/llhttp/llhttp.wasm"`, which the README did not say; a key file denied to
// `--allow-read` failed `cannot read "…" (unknown error)`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { npmInstall, runtimeBinary } from './matrix';

const ROOT = resolve(import.meta.dirname, '../../../..');
const PNPM = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager as string;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

let project: string;
let deno: string;

/** Runs `deno run <flags> <file>` in the project (no colours); its exit status and everything it printed. */
function denoRun(flags: string[], file: string, env: Record<string, string> = {}) {
  const result = spawnSync(deno, ['run', ...flags, file], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  const packs = mkdtempSync(join(tmpdir(), 'kalshi-deno-packs-'));
  for (const pkg of ['auth', 'client', 'mock'])
    execFileSync('npx', ['-y', PNPM, 'pack', '--pack-destination', packs], {
      cwd: join(ROOT, 'packages', pkg),
      stdio: 'ignore',
    });
  project = mkdtempSync(join(tmpdir(), 'kalshi-deno-user-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'kalshi-deno-user', private: true }));
  // msw 3 needs Node ≥ 22.12: npm runs on Node 24 so that its engine check passes.
  npmInstall(project, [...readdirSync(packs).map((f) => join(packs, f)), 'msw@^3.0.0'], runtimeBinary('node@24'));
  deno = runtimeBinary('deno');
}, 600_000); // packing and a registry install take minutes on a loaded machine

describe('Deno permissions, as the README names them (msw 3)', () => {
  // The README's block for msw 3 on Bun and Deno, verbatim: startKalshiMockServer and a client pointed at it.
  const block = /^```ts\n((?:(?!^```)[\s\S])*?startKalshiMockServer\(\{ port: 0 \}\)[\s\S]*?)^```$/m.exec(README)?.[1];

  it('@org/kalshi-mock/node runs the README block with --allow-net, --allow-env and --allow-read=node_modules', () => {
    expect(README).toContain('`--allow-read=node_modules`');
    expect(block, "the README's startKalshiMockServer block").toBeDefined();
    writeFileSync(join(project, 'served.ts'), block as string);
    const run = denoRun(['--allow-net=127.0.0.1', '--allow-env', '--allow-read=node_modules'], 'served.ts');
    expect(run).toMatchObject({ status: 0 });
    // The block prints the account's balance (in cents, a whole number).
    expect(run.output.trim()).toMatch(/^\d+$/);
    // Without --allow-read, msw 3's interceptors cannot load their parser: why the README names it.
    expect(denoRun(['--allow-net=127.0.0.1', '--allow-env'], 'served.ts').output).toMatch(
      /NotCapable: Requires read access to "[^"]*llhttp\.wasm"/,
    );
  }, 120_000);

  it('a key file denied to --allow-read is key_file_unreadable naming NotCapable', () => {
    writeFileSync(
      join(project, 'env-key.ts'),
      `import { createKalshiClient } from '@org/kalshi-client';
try {
  await createKalshiClient({ environment: 'demo', credentials: 'env' });
  console.log('created');
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
}
`,
    );
    const run = denoRun(['--allow-env'], 'env-key.ts', {
      KALSHI_API_KEY_ID: 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c',
      KALSHI_PRIVATE_KEY_PATH: '/nonexistent/kalshi.pem',
      KALSHI_PRIVATE_KEY: '',
    });
    expect(JSON.parse(run.output)).toEqual({
      name: 'KalshiCredentialsError',
      code: 'key_file_unreadable',
      message: 'KALSHI_PRIVATE_KEY_PATH: cannot read "/nonexistent/kalshi.pem" (NotCapable)',
    });
  }, 120_000);
});
