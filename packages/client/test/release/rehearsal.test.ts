import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `pnpm release:rehearsal`: the next release published to a local Verdaccio and installed from it in clean
// projects. Each run gets its own TMPDIR, so "leaves nothing behind" is checkable: it must be empty afterwards.
const ROOT = resolve(import.meta.dirname, '../../../..');
const SCRIPT = join(ROOT, 'scripts/release-rehearsal.mjs');
// Generous: a full rehearsal builds every package and installs vitest through the registry (about 2 min idle,
// far more on a loaded machine). The script gets SIGTERM before vitest gives up, so it still cleans up.
const REHEARSAL_MS = 20 * 60_000;
const tmpRoots: string[] = [];
afterAll(() => {
  for (const dir of tmpRoots) rmSync(dir, { recursive: true, force: true });
});

interface Rehearsal {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  tmp: string;
  registry: string | undefined;
}

/** Runs the rehearsal CLI; `onRegistry` is called once Verdaccio is up (to interrupt it there). */
function rehearse(args: string[], onRegistry?: (pid: number) => void): Promise<Rehearsal> {
  const tmp = mkdtempSync(join(tmpdir(), 'kalshi-rehearsal-test-'));
  tmpRoots.push(tmp);
  const child = spawn(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: REHEARSAL_MS - 60_000,
  });
  let output = '';
  let registry: string | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk;
    const match = /Verdaccio on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
    if (match && !registry) {
      registry = match[1];
      onRegistry?.(child.pid as number);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((done) => child.once('close', (code, signal) => done({ code, signal, output, tmp, registry })));
}

/** The registry has stopped: nothing accepts connections on its port any more. */
async function registryStopped(url: string) {
  const error = await fetch(url).then(
    () => undefined,
    (e: Error & { cause?: { code?: string } }) => e.cause?.code,
  );
  return error === 'ECONNREFUSED';
}

describe('pnpm release:rehearsal', () => {
  it(
    'publishes every package through `pnpm release` to a local registry, and the release installs and works',
    async () => {
      const run = await rehearse([]);
      expect(run.output).toContain('release rehearsal passed');
      expect(run.code).toBe(0);
      // The four packages, each published with what a registry page needs (the script checks; it says so).
      expect(run.output).toMatch(
        /pnpm release published @org\/kalshi-auth@\S+, @org\/kalshi-client@\S+, @org\/kalshi-codegen@\S+, @org\/kalshi-mock@\S+; manifests and tarballs complete/,
      );
      expect(run.output).toContain("the mock README's test passed (1 test)");
      expect(run.output).toContain('npm install: installed versions are the ones changesets wrote');
      expect(readdirSync(run.tmp)).toEqual([]);
      expect(await registryStopped(run.registry as string)).toBe(true);
    },
    REHEARSAL_MS,
  );

  // Until round 39 this ran the whole rehearsal a second time with `--unpublished @org/kalshi-auth` (copy, install,
  // version, build and publish again: about 40 s of CPU) to reach the first clean install. The two parts of that run
  // are checked apart: the failure path of the CLI (exit 1, the failure named, the registry stopped, its files gone)
  // by a misspelt --unpublished, which fails as soon as the registry is up; the 404 and how it is named by the
  // rehearsal's own code (the unpublish it runs, the packages it counts as released, its clean pnpm project and
  // explanation) against a real Verdaccio and pnpm holding a two-package release in which client depends on auth.
  it(
    'fails, naming the package, when a dependency of ours cannot be resolved from the registry',
    async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'kalshi-rehearsal-test-'));
      tmpRoots.push(tmp);
      const [{ ensureTools }, { startRegistry, unpublish }, { explainMissing, pnpmProject }, { cleanEnv }] =
        await Promise.all(
          ['tools', 'registry', 'consumers', 'processes'].map(
            (m) => import(join(ROOT, `scripts/release-rehearsal/${m}.mjs`)),
          ),
        );
      const { releasedPackages } = await import(join(ROOT, 'scripts/release-rehearsal/workspace.mjs'));
      const { packageManager } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const tools = await ensureTools({ packageManager });
      const registry = await startRegistry({ dir: join(tmp, 'registry'), verdaccio: tools.verdaccio });
      try {
        const npmrc = join(tmp, 'npmrc');
        const host = registry.url.replace(/^http:/, '');
        writeFileSync(
          npmrc,
          `registry=${registry.url}\n@org:registry=${registry.url}\n${host}:_authToken=${registry.token}\n`,
        );
        mkdirSync(join(tmp, 'tmp'));
        const env = cleanEnv({
          TMPDIR: join(tmp, 'tmp'),
          npm_config_userconfig: npmrc,
          npm_config_globalconfig: join(tmp, 'npmrc-global'),
          npm_config_registry: registry.url,
          'npm_config_@org:registry': registry.url,
          npm_config_cache: join(tmp, 'npm-cache'),
        });
        const manifests = [
          { name: '@org/kalshi-auth', version: '0.1.0' },
          { name: '@org/kalshi-client', version: '0.1.0', dependencies: { '@org/kalshi-auth': '0.1.0' } },
        ];
        const packages = manifests.map((manifest) => ({ name: manifest.name, version: manifest.version, manifest }));
        for (const manifest of manifests) {
          const dir = join(tmp, manifest.name.split('/')[1] as string);
          mkdirSync(dir);
          writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
          execFileSync('npm', ['publish', '--access', 'public'], { cwd: dir, env, stdio: 'ignore' });
        }
        await unpublish(['@org/kalshi-auth'], { cwd: tmp, env });
        const published = releasedPackages(packages, ['@org/kalshi-auth']);
        expect(published.map((p: { name: string }) => p.name)).toEqual(['@org/kalshi-client']);
        const failure = await pnpmProject({
          dir: join(tmp, 'pnpm-app'),
          pnpm: tools.pnpm,
          env,
          explain: explainMissing(published),
          devRanges: { msw: '*', vitest: '*' },
          installFlags: ['--store-dir', join(tmp, 'store'), '--cache-dir', join(tmp, 'pnpm-cache')],
        }).then(
          () => 'installed',
          (error: Error) => error.message,
        );
        // client depends on auth: with auth unpublished, `pnpm add @org/kalshi-client` cannot resolve it.
        expect(failure).toMatch(
          /^pnpm add @org\/kalshi-client \(clean project\) failed: @org\/kalshi-auth cannot be resolved from the registry \(404\): @org\/kalshi-client@\S+ depends on @org\/kalshi-auth/,
        );
      } finally {
        await registry.stop();
      }
      expect(await registryStopped(registry.url)).toBe(true);

      const run = await rehearse(['--unpublished', '@org/kalshi-nope']);
      expect(run.code).toBe(1);
      expect(run.output).toMatch(
        /release rehearsal FAILED after \S+ s: --unpublished @org\/kalshi-nope: no such package/,
      );
      expect(run.output).not.toContain('workspace copied');
      expect(run.output).not.toContain('release rehearsal passed');
      expect(readdirSync(run.tmp)).toEqual([]);
      expect(await registryStopped(run.registry as string)).toBe(true);
    },
    5 * 60_000,
  );

  it(
    'stops the registry and removes its files when interrupted (SIGTERM)',
    async () => {
      const run = await rehearse([], (pid) => process.kill(pid, 'SIGTERM'));
      expect(run.output).toContain('SIGTERM, stopping the registry and removing temporary files');
      expect(run.code).toBe(143);
      expect(readdirSync(run.tmp)).toEqual([]);
      expect(await registryStopped(run.registry as string)).toBe(true);
    },
    5 * 60_000,
  );

  it('refuses to publish unless every registry setting points at loopback', async () => {
    const guard: string = join(ROOT, 'scripts/release-rehearsal/workspace.mjs');
    const { assertPublishStaysLocal } = await import(guard);
    const local = 'http://127.0.0.1:4873/';
    const env = { npm_config_registry: local, 'npm_config_@org:registry': local };
    const configured = { registry: local, '@org:registry': local };
    const pkg = (publishConfig: object) => [{ name: '@org/kalshi-auth', manifest: { publishConfig } }];
    expect(() => assertPublishStaysLocal({ env, configured, packages: pkg({ access: 'public' }) })).not.toThrow();
    expect(() =>
      assertPublishStaysLocal({
        env: { ...env, npm_config_registry: 'https://registry.npmjs.org/' },
        configured,
        packages: [],
      }),
    ).toThrow('refusing to publish: npm_config_registry is https://registry.npmjs.org/');
    expect(() =>
      assertPublishStaysLocal({
        env,
        configured: { ...configured, '@org:registry': 'https://npm.pkg.github.com/' },
        packages: [],
      }),
    ).toThrow('refusing to publish: pnpm config get @org:registry is https://npm.pkg.github.com/');
    expect(() =>
      assertPublishStaysLocal({ env, configured, packages: pkg({ registry: 'https://registry.npmjs.org/' }) }),
    ).toThrow('refusing to publish: @org/kalshi-auth publishConfig.registry is https://registry.npmjs.org/');
    expect(() => assertPublishStaysLocal({ env: {}, configured, packages: [] })).toThrow(
      'refusing to publish: npm_config_registry is unset',
    );
  });
});
