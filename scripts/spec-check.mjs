// pnpm spec:check: the spec in spec/.cache matches its lock, the generated code in every package is what the
// generator makes from it now, the retry table names the spec's operations, and the mock's route table answers
// exactly the spec's operations (run by `pnpm test`, so CI checks it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockRouteProblems } from './lib/mock-routes.mjs';
import { loadCodegen, parseCommandLine, ROOT, readLock, relative, runScript, SPECS, sha256 } from './lib/specs.mjs';

parseCommandLine(
  `Usage: pnpm spec:check
  Checks that spec/.cache matches spec/*.lock.json (hash and version), that every package's src/generated is what
  the generator makes from it now, and that the retry table (packages/codegen/src/retry-policies.ts) matches the
  spec, and that the mock's route table (packages/mock/src/http/routes*.ts) answers exactly the spec's operations.
  Fix with pnpm spec:sync (cache) or pnpm generate (generated code).`,
  {},
);

await runScript('spec:check', async () => {
  const problems = [];
  for (const spec of SPECS) {
    const lock = await readLock(spec);
    if (!existsSync(spec.cache)) {
      problems.push(`${relative(spec.cache)} is missing: run pnpm spec:sync`);
      continue;
    }
    const bytes = readFileSync(spec.cache);
    const hash = sha256(bytes);
    const version = (await loadCodegen()).specVersion(bytes.toString('utf8'));
    if (hash !== lock.sha256)
      problems.push(
        `${relative(spec.cache)} (sha256 ${hash}) does not match ${relative(spec.lock)} (${lock.sha256}): run pnpm spec:sync`,
      );
    else if (version !== lock.version)
      problems.push(`${relative(spec.lock)} says version ${lock.version}, but the spec's info.version is ${version}`);
  }
  // The generated code can only be compared with specs that are there. A cache that does not parse (cut short) is
  // listed next to its mismatch above, which says how to fix it.
  if (SPECS.every((spec) => existsSync(spec.cache)))
    problems.push(
      ...(await generatedProblems().catch((error) => {
        if (error?.name !== 'CodegenError') throw error;
        return [error.message];
      })),
    );

  if (problems.length) {
    console.error(`spec:check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(
      "spec:check ok: specs match their locks; generated code is current; the retry table and the mock's routes match the spec",
    );
  }
});

async function generatedProblems() {
  const problems = [];
  const { listOperations, readSpecFile, renderAll, retryPolicyProblems } = await loadCodegen();
  const openapi = await readSpecFile(SPECS[0].cache);
  const asyncapi = await readSpecFile(SPECS[1].cache);
  // What each package's `generate` script asks for: both add the WebSocket types; the mock also the spec as JSON.
  // Rendered once: the client's files are the mock's without openapi.json (renderAll adds it alone, and the other
  // files do not depend on it), which halves the cost of a check (openapi-typescript runs once, not twice).
  const mock = await renderAll(openapi, true, asyncapi);
  const expected = { client: new Map([...mock].filter(([name]) => name !== 'openapi.json')), mock };
  for (const pkg of ['client', 'mock']) {
    const dir = join(ROOT, 'packages', pkg, 'src/generated');
    for (const [name, text] of expected[pkg]) {
      const file = join(dir, name);
      if (!existsSync(file)) problems.push(`${relative(file)} is missing: run pnpm generate`);
      else if (readFileSync(file, 'utf8') !== text)
        problems.push(`${relative(file)} is out of date: run pnpm generate`);
    }
  }
  for (const problem of retryPolicyProblems(openapi.document))
    problems.push(`${problem}: decide it in packages/codegen/src/retry-policies.ts`);
  // A route keyed by an operationId the spec no longer has (renamed on the same path) is dead code, and the operation
  // answers 501 not_implemented; the mock models every operation (its conformance test expects each answered).
  const ids = listOperations(openapi.document).map((op) => op.operationId);
  const { stale, missing } = mockRouteProblems(ROOT, ids);
  for (const id of stale)
    problems.push(
      `the mock has a route for ${id}, which the spec no longer has (renamed or removed): rename or remove it in packages/mock/src/http`,
    );
  for (const id of missing)
    problems.push(
      `the mock has no route for ${id} (it answers 501 not_implemented): add one in packages/mock/src/http`,
    );
  return problems;
}
