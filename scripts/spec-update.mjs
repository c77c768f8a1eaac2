// pnpm spec:update [--from PATH|URL] [--asyncapi-from PATH|URL]
// Accepts a new spec (REST and WebSocket): prints what changed, classifies every change (breaking, potentially
// breaking, safe), writes a changeset for the affected packages, rewrites the lock, refreshes spec/.cache and
// regenerates.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  fetchSource,
  loadCodegen,
  parseCommandLine,
  ROOT,
  readLock,
  relative,
  resolveSource,
  runScript,
  SPECS,
  SpecError,
  sha256,
  versionOf,
} from './lib/specs.mjs';

const USAGE = `Usage: pnpm spec:update [--from PATH|URL] [--asyncapi-from PATH|URL]
  Accepts a new Kalshi spec: prints the classified changes (breaking, potentially breaking, safe), writes a
  changeset for the affected packages, rewrites spec/*.lock.json, refreshes spec/.cache and regenerates the types.
  --from           the new REST (OpenAPI) spec; default: $KALSHI_OPENAPI, ../shared/spec, the lock's URL
  --asyncapi-from  the new WebSocket (AsyncAPI) spec; default: $KALSHI_ASYNCAPI, ../shared/spec, the lock's URL`;

/** The client helper that wraps an operation, named in changeset hints. */
const HELPERS = {
  CreateOrderV2: 'placeOrder',
  AmendOrderV2: 'amendOrder',
  DecreaseOrderV2: 'decreaseOrder',
  CancelOrderV2: 'cancelOrder',
};
/** The packages whose surface follows each spec (REST types in all three; WebSocket types in client and mock). */
const SPEC_PACKAGES = { openapi: ['client', 'codegen', 'mock'], asyncapi: ['client', 'mock'] };
const CHANGESET_TITLES = { openapi: 'Kalshi Trade API spec', asyncapi: 'Kalshi WebSocket API spec' };

const { values } = parseCommandLine(USAGE, {
  from: { type: 'string' },
  'asyncapi-from': { type: 'string' },
});

await runScript('spec:update', async () => {
  const codegen = await loadCodegen();
  // Everything is read, checked, classified and generated in memory first; the cache, the locks and the changesets
  // are written only once both specs pass, so a spec the generator refuses leaves the repo as it was.
  const candidates = [];
  for (const spec of SPECS) {
    const lock = await readLock(spec);
    const source = resolveSource(spec, { from: spec.name === 'openapi' ? values.from : values['asyncapi-from'], lock });
    const text = await fetchSource(source);
    const document = codegen.parseSpecText(text, source.from);
    if (spec.name === 'openapi') codegen.assertOpenApi3(document, source.from);
    else codegen.assertAsyncApi3(document, source.from);
    candidates.push({ spec, lock, source, text, document, hash: sha256(text) });
  }
  const [openapi, asyncapi] = candidates.map((c) => ({
    file: c.source.from,
    text: c.text,
    sha256: c.hash,
    document: c.document,
  }));
  // What the packages' `generate` makes (the mock's variant, a superset of the client's).
  await codegen.renderAll(openapi, true, asyncapi);

  const writes = [];
  for (const { spec, lock, source, text, document, hash } of candidates) {
    if (hash === lock.sha256) {
      writes.push([spec.cache, text]);
      console.log(`${spec.title}: already at ${lock.version} (sha256 ${hash.slice(0, 12)}…), nothing to accept`);
      continue;
    }
    const version = versionOf(text);
    const downgrade = codegen.isDowngrade(lock.version, version) ? ' (a downgrade: older than the locked spec)' : '';
    console.log(`${spec.title}: ${lock.version} → ${version}${downgrade}  (from ${source.from})`);
    const before = await lockedText(spec, lock);
    if (before) {
      const old = codegen.parseSpecText(before, 'locked spec');
      if (spec.name === 'openapi') console.log(codegen.formatOperationDiff(codegen.diffOperations(old, document)));
      const changes =
        spec.name === 'openapi'
          ? codegen.classifyChanges(old, document)
          : codegen.classifyAsyncApiChanges(old, document);
      console.log(`\n${codegen.formatChanges(changes)}`);
      const count = (severity) => changes.filter((c) => c.severity === severity).length;
      console.log(
        `\n${count('breaking')} breaking, ${count('potentially-breaking')} potentially breaking, ${count('safe')} safe changes`,
      );
      const options = { fromVersion: lock.version, toVersion: version, from: lock.sha256, to: hash };
      writes.push(await changeset(codegen, spec, changes, options));
    } else {
      console.log('  (the locked spec is not available locally, so no classified report)');
    }
    writes.push([spec.cache, text]);
    const locked = source.kind === 'url' ? source.from : lock.source;
    writes.push([spec.lock, `${JSON.stringify({ ...lock, source: locked, version, sha256: hash }, null, 2)}\n`]);
  }

  for (const [file, text] of writes) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    if (file !== SPECS[0].cache && file !== SPECS[1].cache) console.log(`  wrote ${relative(file)}`);
  }
  const stale = codegen.retryPolicyProblems(openapi.document);
  if (stale.length)
    console.warn(
      `\nThe retry table (packages/codegen/src/retry-policies.ts) needs a decision (pnpm spec:check fails until then):\n${stale.map((p) => `  - ${p}`).join('\n')}`,
    );

  const generated = spawnSync('npx', ['turbo', 'run', 'generate', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CI: '' },
  });
  if (generated.status !== 0) throw new SpecError('pnpm generate failed after the specs were accepted (see above)');
});

/** The changeset for one accepted spec: [file, text]. */
async function changeset(codegen, spec, changes, { fromVersion, toVersion, from, to }) {
  const packages = {};
  for (const dir of SPEC_PACKAGES[spec.name]) {
    const pkg = JSON.parse(await readFile(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
    packages[pkg.name] = pkg.version;
  }
  const title = CHANGESET_TITLES[spec.name];
  const text = codegen.renderChangeset(changes, { packages, fromVersion, toVersion, helpers: HELPERS, title });
  const prefix = spec.name === 'openapi' ? 'kalshi-spec' : 'kalshi-ws-spec';
  // Named by version and by both hashes: Kalshi republishes under the same version (the AsyncAPI spec stays 2.0.0),
  // and each accepted change keeps its own changeset (changesets takes the highest bump of the pending ones).
  const name = `${prefix}-${toVersion.replace(/[^\w.-]/g, '_')}-${from.slice(0, 8)}-${to.slice(0, 8)}.md`;
  console.log(`  changeset: .changeset/${name} (${text.split('\n')[1]}, …) — review it and commit it with the lock`);
  return [join(ROOT, '.changeset', name), text];
}

/** The text of the currently locked spec: from the cache or ../shared if their hash matches, else its URL. */
async function lockedText(spec, lock) {
  for (const file of [spec.cache, spec.shared]) {
    if (!existsSync(file)) continue;
    const text = await readFile(file, 'utf8');
    if (sha256(text) === lock.sha256) return text;
  }
  try {
    const text = await fetchSource({ from: lock.source, kind: 'url' });
    return sha256(text) === lock.sha256 ? text : undefined;
  } catch {
    return undefined;
  }
}
