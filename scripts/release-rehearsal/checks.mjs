// What a release must get right, checked on what the rehearsal produced: changelogs in the workspace copy,
// manifests and tarballs in the registry, versions in the clean projects.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { RehearsalError } from './processes.mjs';

/** Every package `changeset version` bumped has a CHANGELOG section for its new version naming its changesets. */
export function checkChangelogs({ workspace, before, after, changesets }) {
  const problems = [];
  for (const pkg of after) {
    if (pkg.version === before.find((p) => p.name === pkg.name)?.version) continue;
    const file = join(workspace, 'packages', pkg.dir, 'CHANGELOG.md');
    if (!existsSync(file)) {
      problems.push(`packages/${pkg.dir}/CHANGELOG.md is missing after the bump to ${pkg.version}`);
      continue;
    }
    const section = readFileSync(file, 'utf8')
      .split(/\n(?=## )/)
      .find((s) => s.startsWith(`## ${pkg.version}\n`));
    if (!section) {
      problems.push(`packages/${pkg.dir}/CHANGELOG.md has no "## ${pkg.version}" section`);
      continue;
    }
    for (const changeset of changesets.filter((c) => pkg.name in c.releases)) {
      const firstLine = changeset.summary.split('\n')[0];
      if (!section.includes(firstLine))
        problems.push(`packages/${pkg.dir}/CHANGELOG.md ${pkg.version} does not mention .changeset/${changeset.file}`);
    }
  }
  if (problems.length) throw new RehearsalError(`changelogs:\n  ${problems.join('\n  ')}`);
}

const REQUIRED_FIELDS = ['description', 'license', 'repository', 'homepage', 'keywords', 'engines'];

/**
 * Each published package, as the registry serves it: `latest` is the version changesets wrote, the manifest has
 * what a registry page needs, no `workspace:` range survived, and the tarball holds README.md and LICENSE.
 */
export async function checkPublished({ registry, packages, scratch }) {
  const problems = [];
  for (const pkg of packages) {
    const response = await fetch(`${registry}${pkg.name.replace('/', '%2f')}`);
    if (!response.ok) {
      problems.push(`${pkg.name}: not in the registry (${response.status}) after pnpm release`);
      continue;
    }
    const packument = await response.json();
    const id = `${pkg.name}@${pkg.version}`;
    if (packument['dist-tags']?.latest !== pkg.version)
      problems.push(`${pkg.name}: dist-tag latest is ${packument['dist-tags']?.latest}, expected ${pkg.version}`);
    const manifest = packument.versions?.[pkg.version];
    if (!manifest) {
      problems.push(`${id}: this version was not published`);
      continue;
    }
    const missing = REQUIRED_FIELDS.filter((field) => isEmpty(manifest[field]));
    if (missing.length) problems.push(`${id}: the published manifest lacks ${missing.join(', ')}`);
    if (manifest.repository?.directory !== `packages/${pkg.dir}`)
      problems.push(`${id}: repository.directory is ${manifest.repository?.directory}, expected packages/${pkg.dir}`);
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'])
      for (const [dep, range] of Object.entries(manifest[field] ?? {}))
        if (String(range).startsWith('workspace:')) problems.push(`${id}: ${field}.${dep} is still "${range}"`);
    problems.push(...checkTarball({ id, manifest, scratch, tarball: await download(manifest.dist.tarball) }));
  }
  if (problems.length) throw new RehearsalError(`published packages:\n  ${problems.join('\n  ')}`);
}

function isEmpty(value) {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

async function download(url) {
  const response = await fetch(url);
  if (!response.ok) throw new RehearsalError(`downloading ${url}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function checkTarball({ id, manifest, scratch, tarball }) {
  const file = join(scratch, 'package.tgz');
  writeFileSync(file, tarball);
  const entries = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).split('\n');
  const problems = ['package/README.md', 'package/LICENSE']
    .filter((entry) => !entries.includes(entry))
    .map((entry) => `${id}: the tarball has no ${entry.slice('package/'.length)}`);
  if (entries.includes('package/LICENSE')) {
    const license = execFileSync('tar', ['-xzOf', file, 'package/LICENSE'], { encoding: 'utf8' });
    if (!license.startsWith(`${manifest.license} License`))
      problems.push(`${id}: LICENSE does not start with "${manifest.license} License" (the declared license)`);
  }
  return problems;
}

/**
 * The versions a clean project resolved: `name` from the project, and each of `transitive` from the package
 * that depends on it (where the package manager put it), all equal to what changesets wrote.
 */
export function checkInstalled({ project, how, direct, expected }) {
  const problems = [];
  for (const [name, transitive] of Object.entries(direct)) {
    const from = realpathSync(join(project, 'node_modules', name, 'package.json'));
    const versions = { [name]: readVersion(from) };
    for (const dep of transitive) versions[dep] = readVersion(createRequire(from).resolve(`${dep}/package.json`));
    for (const [pkg, version] of Object.entries(versions))
      if (version !== expected[pkg])
        problems.push(`${how}: ${pkg} resolved to ${version}, but changesets wrote ${expected[pkg]}`);
  }
  if (problems.length) throw new RehearsalError(problems.join('\n  '));
}

function readVersion(file) {
  return JSON.parse(readFileSync(file, 'utf8')).version;
}
