// pnpm release:rehearsal [--unpublished NAME]: the next release, end to end, on loopback. On a temporary copy of
// the workspace it starts Verdaccio (our @org/* packages live only there, everything else is proxied from the npm
// registry), runs `pnpm version-packages` and `pnpm release` against it, checks the changelogs, the published
// manifests and tarballs, then installs the release in clean projects (pnpm add, npm install, pnpm add -D mock +
// msw + vitest) and runs the mock README's order test. Nothing is left behind: the registry stops and the temp
// dir goes on success, failure and SIGINT/SIGTERM. --unpublished NAME takes a package back out of the registry right after
// the publish, to see a release whose dependency cannot be resolved fail.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { ROOT, readLock, resolveSource, SPECS } from './lib/specs.mjs';
import { checkChangelogs, checkInstalled, checkPublished } from './release-rehearsal/checks.mjs';
import { explainMissing, npmProject, pnpmProject } from './release-rehearsal/consumers.mjs';
import {
  cleanEnv,
  onTeardown,
  RehearsalError,
  run,
  teardown,
  teardownOnSignals,
} from './release-rehearsal/processes.mjs';
import { startRegistry, unpublish } from './release-rehearsal/registry.mjs';
import { cacheRoot, ensureTools } from './release-rehearsal/tools.mjs';
import {
  assertPublishStaysLocal,
  copyWorkingTree,
  readChangesets,
  readPackages,
  releasedPackages,
} from './release-rehearsal/workspace.mjs';

const { values } = parseArgs({ options: { unpublished: { type: 'string', multiple: true, default: [] } } });
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function step(title, fn) {
  const at = Date.now();
  const result = await fn();
  console.log(`✓ ${typeof result === 'string' ? result : title} (${seconds(at)})`);
  return result;
}

async function rehearse() {
  const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const tools = await step('tools ready (Verdaccio 6.8.0, pnpm)', () =>
    ensureTools({ packageManager: rootManifest.packageManager }),
  );
  const temp = mkdtempSync(join(tmpdir(), 'kalshi-release-rehearsal-'));
  onTeardown(() => rmSync(temp, { recursive: true, force: true }));
  const registry = await step('Verdaccio started', async () => {
    const started = await startRegistry({ dir: join(temp, 'registry'), verdaccio: tools.verdaccio });
    onTeardown(started.stop);
    return started;
  });
  console.log(`  Verdaccio on ${registry.url} (@org/* published here; everything else proxied from npm)`);
  // A misspelt --unpublished fails now, not after minutes of copying, installing and versioning.
  releasedPackages(readPackages(ROOT), values.unpublished);

  // Every command sees only this configuration: our registry (scoped too), its token, caches in the temp dir.
  const host = registry.url.replace(/^http:/, '');
  const npmrc = join(temp, 'npmrc');
  writeFileSync(
    npmrc,
    `registry=${registry.url}\n@org:registry=${registry.url}\n${host}:_authToken=${registry.token}\n`,
  );
  const childTmp = join(temp, 'tmp');
  mkdirSync(childTmp);
  const bin = join(temp, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'pnpm'), `#!/bin/sh\nexec "${process.execPath}" "${tools.pnpm}" "$@"\n`, { mode: 0o755 });
  const env = cleanEnv({
    PATH: `${bin}:${process.env.PATH}`,
    CI: 'true',
    // Whatever the tools put in a temp dir (pnpm publish packs there) goes with ours.
    TMPDIR: childTmp,
    TMP: childTmp,
    TEMP: childTmp,
    TURBO_TELEMETRY_DISABLED: '1',
    // Builds of an unchanged release are served from this cache on the next rehearsal.
    TURBO_CACHE_DIR: join(cacheRoot(), 'turbo'),
    npm_config_userconfig: npmrc,
    npm_config_globalconfig: join(temp, 'npmrc-global'),
    npm_config_registry: registry.url,
    'npm_config_@org:registry': registry.url,
    npm_config_cache: join(temp, 'npm-cache'),
    ...(await specSources()),
  });
  // pnpm installs use the user's store (content-addressed: nothing of ours to clean) and a temp metadata cache.
  const storeDir = await run(process.execPath, [tools.pnpm, 'store', 'path'], {
    cwd: ROOT,
    env,
    what: 'pnpm store path',
  });
  const installFlags = ['--store-dir', storeDir.trim(), '--cache-dir', join(temp, 'pnpm-cache')];
  const workspace = join(temp, 'workspace');
  const pnpm = (args, what) => run(process.execPath, [tools.pnpm, ...args], { cwd: workspace, env, what });

  await step('workspace copied and installed', async () => {
    copyWorkingTree(ROOT, workspace);
    await pnpm(['install', '--frozen-lockfile', '--prefer-offline', ...installFlags], 'pnpm install (workspace copy)');
  });

  const before = readPackages(workspace);
  const changesets = readChangesets(workspace);
  let after;
  await step('versions', async () => {
    await pnpm(['run', 'version-packages'], 'pnpm version-packages (changeset version)');
    after = readPackages(workspace);
    checkChangelogs({ workspace, before, after, changesets });
    const bumps = after.map((p) => `${p.name} ${before.find((b) => b.name === p.name).version} → ${p.version}`);
    return `changeset version applied ${changesets.length} changesets; changelogs name them\n  ${bumps.join('\n  ')}`;
  });

  const published = releasedPackages(after, values.unpublished);
  await step('publish', async () => {
    const configured = {};
    for (const key of ['registry', '@org:registry'])
      configured[key] = (await pnpm(['config', 'get', key], `pnpm config get ${key}`)).trim();
    assertPublishStaysLocal({ env, packages: after, configured });
    await pnpm(['run', 'release'], 'pnpm release (turbo run build && changeset publish)');
    // Taken out of the registry after the real publish (not kept out of it), so the build stays the same.
    await unpublish(values.unpublished, { cwd: temp, env });
    await checkPublished({ registry: registry.url, packages: published, scratch: temp });
    const left = values.unpublished.length ? ` (then unpublished again: ${values.unpublished.join(', ')})` : '';
    return `pnpm release published ${published.map((p) => `${p.name}@${p.version}`).join(', ')}${left}; manifests and tarballs complete`;
  });

  const expected = Object.fromEntries(after.map((p) => [p.name, p.version]));
  const explain = explainMissing(published);
  const catalog = parse(readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')).catalog;
  await step('pnpm project', async () => {
    const dir = join(temp, 'pnpm-app');
    // msw and vitest at the lines this repo tests with (vitest's newest major needs Node 22).
    const devRanges = { msw: catalog.msw, vitest: catalog.vitest };
    const passed = await pnpmProject({ dir, pnpm: tools.pnpm, env, explain, devRanges, installFlags });
    checkInstalled({
      project: dir,
      how: 'pnpm',
      direct: { '@org/kalshi-client': ['@org/kalshi-auth'], '@org/kalshi-mock': ['@org/kalshi-auth'] },
      expected,
    });
    return `pnpm add: installed versions are the ones changesets wrote; the mock README's test passed (${passed} test)`;
  });
  await step('npm project', async () => {
    const dir = join(temp, 'npm-app');
    await npmProject({ dir, env, explain });
    checkInstalled({ project: dir, how: 'npm', direct: { '@org/kalshi-client': ['@org/kalshi-auth'] }, expected });
    return 'npm install: installed versions are the ones changesets wrote; the client imports';
  });
}

/** The specs the copy builds from: the workspace's synced copies (checked against the locks under CI=true). */
async function specSources() {
  const sources = {};
  for (const spec of SPECS)
    sources[spec.env] = existsSync(spec.cache) ? spec.cache : resolveSource(spec, { lock: await readLock(spec) }).from;
  return sources;
}

teardownOnSignals();
try {
  await rehearse();
  await teardown();
  console.log(`release rehearsal passed in ${seconds(started)}`);
} catch (error) {
  await teardown();
  const message = error instanceof RehearsalError ? error.message : (error?.stack ?? String(error));
  console.error(`release rehearsal FAILED after ${seconds(started)}: ${message}`);
  process.exitCode = 1;
}
