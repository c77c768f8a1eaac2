// The workspace copy the rehearsal releases from: the working tree as git sees it (tracked and untracked,
// not ignored, so pending changesets count), installed from the lockfile, versioned, built and published by the
// repo's own scripts (`pnpm version-packages`, `pnpm release`).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { RehearsalError } from './processes.mjs';

/** Copies the working tree (as `git ls-files` lists it) of `root` into `dest`. */
export function copyWorkingTree(root, dest) {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(root, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    cpSync(join(root, file), join(dest, file));
  }
}

/** The workspace's packages: `{ dir, name, version, manifest }` for each packages/<dir>/package.json. */
export function readPackages(workspace) {
  return readdirSync(join(workspace, 'packages'))
    .filter((dir) => existsSync(join(workspace, 'packages', dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(workspace, 'packages', dir, 'package.json'), 'utf8'));
      return { dir, name: manifest.name, version: manifest.version, manifest };
    });
}

/** Pending changesets: `{ file, releases: { [package]: bump }, summary }`, read before `changeset version`. */
export function readChangesets(workspace) {
  const dir = join(workspace, '.changeset');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => {
      const [, front, ...body] = readFileSync(join(dir, file), 'utf8').split(/^---\s*$/m);
      return { file, releases: parse(front ?? '') ?? {}, summary: body.join('---').trim() };
    });
}

/**
 * The packages `pnpm release` leaves in the registry: the public ones, less those `--unpublished` takes back out
 * (each must name one of ours).
 */
export function releasedPackages(packages, unpublished) {
  for (const name of unpublished)
    if (!packages.some((p) => p.name === name)) throw new RehearsalError(`--unpublished ${name}: no such package`);
  return packages.filter((p) => !p.manifest.private && !unpublished.includes(p.name));
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Throws unless `url` is a loopback http URL: the rehearsal must never publish anywhere else. */
export function assertLoopback(url, where) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch {
    host = undefined;
  }
  if (!host || !LOOPBACK.has(host))
    throw new RehearsalError(`refusing to publish: ${where} is ${url ?? 'unset'}, not the loopback registry`);
}

/** Every place a publish could take its registry from, checked before `pnpm release` runs. */
export function assertPublishStaysLocal({ env, packages, configured }) {
  assertLoopback(env.npm_config_registry, 'npm_config_registry');
  assertLoopback(env['npm_config_@org:registry'], 'npm_config_@org:registry');
  for (const [key, value] of Object.entries(configured)) assertLoopback(value, `pnpm config get ${key}`);
  for (const { name, manifest } of packages)
    for (const [key, value] of Object.entries(manifest.publishConfig ?? {}))
      if (key.endsWith('registry')) assertLoopback(value, `${name} publishConfig.${key}`);
}
