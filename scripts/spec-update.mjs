// pnpm spec:update [--from PATH|URL] [--asyncapi-from PATH|URL]
// Accepts a new spec (REST and WebSocket): prints what changed, classifies every change (breaking, potentially
// breaking, safe), writes a changeset for the affected packages, rewrites the lock, refreshes spec/.cache and
// regenerates.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  fetchSource,
  parseCommandLine,
  ROOT,
  readLock,
  relative,
  resolveSource,
  SPECS,
  sha256,
  versionOf,
  writeCache,
  writeLock,
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
const codegen = await loadCodegen();

for (const spec of SPECS) {
  const lock = await readLock(spec);
  const source = resolveSource(spec, { from: spec.name === 'openapi' ? values.from : values['asyncapi-from'], lock });
  const text = await fetchSource(source);
  const hash = sha256(text);
  if (hash === lock.sha256) {
    await writeCache(spec, text);
    console.log(`${spec.title}: already at ${lock.version} (sha256 ${hash.slice(0, 12)}…), nothing to accept`);
    continue;
  }
  const version = versionOf(text);
  console.log(`${spec.title}: ${lock.version} → ${version}  (from ${source.from})`);
  const before = await lockedText(spec, lock);
  const after = codegen.parseSpecText(text, source.from);
  if (spec.name === 'openapi') codegen.assertOpenApi3(after, source.from);
  else codegen.assertAsyncApi3(after, source.from);
  if (before) {
    const old = codegen.parseSpecText(before, 'locked spec');
    if (spec.name === 'openapi') console.log(codegen.formatOperationDiff(codegen.diffOperations(old, after)));
    const changes =
      spec.name === 'openapi' ? codegen.classifyChanges(old, after) : codegen.classifyAsyncApiChanges(old, after);
    console.log(`\n${codegen.formatChanges(changes)}`);
    await writeChangeset(spec, changes, lock.version, version);
  } else {
    console.log('  (the locked spec is not available locally, so no classified report)');
  }
  await writeCache(spec, text);
  await writeLock(spec, { ...lock, source: source.kind === 'url' ? source.from : lock.source, version, sha256: hash });
  console.log(`  wrote ${relative(spec.lock)}`);
}

const generated = spawnSync('npx', ['turbo', 'run', 'generate', '--output-logs=errors-only'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, CI: '' },
});
process.exitCode = generated.status ?? 1;

async function writeChangeset(spec, changes, fromVersion, toVersion) {
  const count = (severity) => changes.filter((c) => c.severity === severity).length;
  console.log(
    `\n${count('breaking')} breaking, ${count('potentially-breaking')} potentially breaking, ${count('safe')} safe changes`,
  );
  const packages = {};
  for (const dir of SPEC_PACKAGES[spec.name]) {
    const pkg = JSON.parse(await readFile(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
    packages[pkg.name] = pkg.version;
  }
  const title = CHANGESET_TITLES[spec.name];
  const text = codegen.renderChangeset(changes, { packages, fromVersion, toVersion, helpers: HELPERS, title });
  const prefix = spec.name === 'openapi' ? 'kalshi-spec' : 'kalshi-ws-spec';
  const file = join(ROOT, '.changeset', `${prefix}-${toVersion.replace(/[^\w.-]/g, '_')}.md`);
  await writeFile(file, text);
  console.log(`  wrote ${relative(file)} (${text.split('\n')[1]}, …) — review it and commit it with the lock`);
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

async function loadCodegen() {
  const entry = join(ROOT, 'packages/codegen/dist/index.mjs');
  if (!existsSync(entry)) {
    spawnSync('npx', ['turbo', 'run', 'build', '--filter', '@org/kalshi-codegen', '--output-logs=errors-only'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
  }
  return import(entry);
}
