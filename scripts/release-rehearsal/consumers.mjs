// Clean projects installing the release as users will: `pnpm add`, `npm install`, and a vitest test against the
// mock exchange (the example from @org/kalshi-mock's README, as published).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RehearsalError, run } from './processes.mjs';

/** Turns a package manager's 404 on one of our packages into the sentence a release manager needs. */
export function explainMissing(published) {
  return (output) => {
    const line = output.split('\n').find((l) => /404/.test(l) && /@org(\/|%2f)/i.test(l));
    if (!line) return undefined;
    const missing = `@org/${/@org(?:\/|%2f)([\w.-]+)/i.exec(line)[1]}`;
    const dependents = published
      .filter((p) => p.manifest.dependencies?.[missing])
      .map((p) => `${p.name}@${p.version} depends on ${missing}`);
    const why = dependents.length ? `: ${dependents.join('; ')}, but the registry has no ${missing}` : '';
    return `${missing} cannot be resolved from the registry (404)${why}.\n    ${line.trim()}`;
  };
}

/**
 * Runs an install, and once more if it failed on a 404 for a package that is not ours: Verdaccio answers 404 when
 * its request to the npm registry fails (slow network, a loaded machine), which says nothing about the release.
 */
async function installWithOneRetry(install) {
  try {
    return await install();
  } catch (error) {
    const lines = String(error.message).split('\n');
    if (
      !lines.some((l) => /404/.test(l) && /GET http/.test(l)) ||
      /@org\/[\w.-]+ cannot be resolved/.test(error.message)
    )
      throw error;
    console.log('  the registry could not fetch a package from npm (404 from its proxy); retrying the install once');
    return install();
  }
}

function newProject(dir, name) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`);
  return dir;
}

/** `pnpm add @org/kalshi-client`, then the mock, msw and vitest as dev dependencies, then the mock README's test. */
export async function pnpmProject({ dir, pnpm, env, explain, devRanges, installFlags }) {
  newProject(dir, 'rehearsal-pnpm-app');
  const pnpmRun = (args, what) => run(process.execPath, [pnpm, ...args], { cwd: dir, env, what, explain });
  await installWithOneRetry(() =>
    pnpmRun(['add', '@org/kalshi-client', ...installFlags], 'pnpm add @org/kalshi-client (clean project)'),
  );
  await installWithOneRetry(() =>
    pnpmRun(
      ['add', '-D', '@org/kalshi-mock', `msw@${devRanges.msw}`, `vitest@${devRanges.vitest}`, ...installFlags],
      'pnpm add -D @org/kalshi-mock msw vitest (clean project)',
    ),
  );
  const readme = readFileSync(join(dir, 'node_modules/@org/kalshi-mock/README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example?.includes('placeOrder'))
    throw new RehearsalError("@org/kalshi-mock's README has no ```ts example that places an order to run");
  writeFileSync(join(dir, 'order.test.ts'), example);
  await pnpmRun(
    ['exec', 'vitest', 'run', '--reporter=json', '--outputFile=vitest.json'],
    "the mock README's order test (vitest, published packages)",
  );
  const report = JSON.parse(readFileSync(join(dir, 'vitest.json'), 'utf8'));
  if (report.numPassedTests < 1 || report.numFailedTests > 0)
    throw new RehearsalError(
      `the mock README's order test: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
    );
  return report.numPassedTests;
}

/** `npm install @org/kalshi-client` and an ES module import of it. */
export async function npmProject({ dir, env, explain }) {
  newProject(dir, 'rehearsal-npm-app');
  await installWithOneRetry(() =>
    run('npm', ['install', '--no-audit', '--no-fund', '@org/kalshi-client'], {
      cwd: dir,
      env,
      explain,
      what: 'npm install @org/kalshi-client (clean project)',
    }),
  );
  await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const m = await import('@org/kalshi-client'); if (typeof m.createKalshiClient !== 'function') throw new Error('no createKalshiClient export');",
    ],
    { cwd: dir, env, what: 'importing @org/kalshi-client installed by npm' },
  );
}
