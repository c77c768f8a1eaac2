// pnpm spec:check: the spec in spec/.cache matches its lock, and the generated code in every package is what
// the generator makes from it now (run by `pnpm test`, so CI checks it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCommandLine, ROOT, readLock, relative, SPECS, sha256 } from './lib/specs.mjs';

parseCommandLine(
  `Usage: pnpm spec:check
  Checks that spec/.cache matches spec/*.lock.json and that every package's src/generated is what the generator
  makes from it now. Fix with pnpm spec:sync (cache) or pnpm generate (generated code).`,
  {},
);

const problems = [];
for (const spec of SPECS) {
  const lock = await readLock(spec);
  if (!existsSync(spec.cache)) {
    problems.push(`${relative(spec.cache)} is missing: run pnpm spec:sync`);
    continue;
  }
  const hash = sha256(readFileSync(spec.cache));
  if (hash !== lock.sha256)
    problems.push(`${relative(spec.cache)} (sha256 ${hash}) does not match ${relative(spec.lock)} (${lock.sha256})`);
}

const { readSpecFile, renderAll } = await import(join(ROOT, 'packages/codegen/dist/index.mjs'));
const openapi = await readSpecFile(SPECS[0].cache);
const asyncapi = await readSpecFile(SPECS[1].cache);
// What each package's `generate` script asks for: both add the WebSocket types; the mock also the spec as JSON.
const expected = {
  client: await renderAll(openapi, false, asyncapi),
  mock: await renderAll(openapi, true, asyncapi),
};
for (const pkg of ['client', 'mock']) {
  const dir = join(ROOT, 'packages', pkg, 'src/generated');
  for (const [name, text] of expected[pkg]) {
    const file = join(dir, name);
    if (!existsSync(file)) problems.push(`${relative(file)} is missing: run pnpm generate`);
    else if (readFileSync(file, 'utf8') !== text) problems.push(`${relative(file)} is out of date: run pnpm generate`);
  }
}

if (problems.length) {
  console.error(`spec:check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exitCode = 1;
} else {
  console.log(`spec:check ok: specs match their locks; generated code is current (${openapi.sha256.slice(0, 12)}…)`);
}
