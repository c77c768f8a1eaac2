// pnpm release:dry-run: what `changeset version` would do now — the new versions and the changelog entries —
// computed in a scratch copy of the workspace manifests, so nothing in the repo changes.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/specs.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'kalshi-release-'));
try {
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(ROOT, file), join(scratch, file));
  cpSync(join(ROOT, '.changeset'), join(scratch, '.changeset'), { recursive: true });
  const packages = readdirSync(join(ROOT, 'packages'));
  const before = {};
  for (const dir of packages) {
    mkdirSync(join(scratch, 'packages', dir), { recursive: true });
    for (const file of ['package.json', 'CHANGELOG.md']) {
      const from = join(ROOT, 'packages', dir, file);
      if (existsSync(from)) cpSync(from, join(scratch, 'packages', dir, file));
    }
    const pkg = JSON.parse(readFileSync(join(scratch, 'packages', dir, 'package.json'), 'utf8'));
    before[dir] = { name: pkg.name, version: pkg.version };
  }
  // changeset reads git for the base branch only with --since; `version` works on plain files.
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/@changesets/cli/bin.js'), 'version'], {
    cwd: scratch,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`changeset version failed:\n${run.stdout}${run.stderr}`);

  console.log('Versions after `changeset version`:');
  for (const dir of packages) {
    const { version } = JSON.parse(readFileSync(join(scratch, 'packages', dir, 'package.json'), 'utf8'));
    const { name, version: old } = before[dir];
    console.log(`  ${name.padEnd(22)} ${old} → ${version}${old === version ? ' (unchanged)' : ''}`);
  }
  for (const dir of packages) {
    const changelog = join(scratch, 'packages', dir, 'CHANGELOG.md');
    if (!existsSync(changelog)) continue;
    const text = readFileSync(changelog, 'utf8');
    const latest = text.split(/\n(?=## )/)[1] ?? text;
    console.log(`\n--- packages/${dir}/CHANGELOG.md (new entry) ---\n${latest.trim()}`);
  }
  console.log('\nDry run only: nothing was written. To release: pnpm version-packages, review, commit, pnpm release.');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
