// pnpm test: lint, type-check, test and build the API reference (docs) of every package through turbo (cached),
// check the spec lock and generated code (spec:check), then print one summary line per package and a closing total
// from vitest's JSON reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/specs.mjs';

// Every workspace package with tests: packages/* and examples/.
const packages = [...readdirSync(join(ROOT, 'packages')).map((name) => `packages/${name}`), 'examples'];
const reportOf = (dir) => join(ROOT, dir, 'test-results/vitest.json');
const nameOf = (dir) => `@org/kalshi-${dir.replace('packages/', '')}`;
// Stale reports would count tests that did not run this time; turbo restores them on a cache hit.
for (const pkg of packages) rmSync(reportOf(pkg), { force: true });

// Every task at once (turbo's default runs 10 and queues the rest): the long test tasks share the machine from the
// start rather than waiting for a slot.
const turbo = spawnSync(
  join(ROOT, 'node_modules/.bin/turbo'),
  ['run', 'lint', 'typecheck', 'test', 'docs', '--continue', '--concurrency=32', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } },
);

// The spec in use matches its lock and the generated code is current (needs codegen built, which turbo did).
const specCheck = spawnSync(process.execPath, [join(ROOT, 'scripts/spec-check.mjs')], { cwd: ROOT, stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
console.log('\nTest summary');
for (const pkg of packages) {
  if (!existsSync(reportOf(pkg))) {
    console.log(`  ${nameOf(pkg)}: no test report (its tests did not run; see the errors above)`);
    continue;
  }
  const report = JSON.parse(readFileSync(reportOf(pkg), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  console.log(
    `  ${nameOf(pkg)}: ${report.numPassedTests} passed, ${report.numFailedTests} failed (${report.numTotalTests} tests in ${report.numTotalTestSuites} suites)`,
  );
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = turbo.status === 0 && specCheck.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
