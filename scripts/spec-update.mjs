// pnpm spec:update [--from PATH|URL] [--asyncapi-from PATH|URL]
// Accepts a new spec (REST and WebSocket): prints what changed, classifies every change (breaking, potentially
// breaking, safe), names the SDK helpers whose operations changed, checks that the client still type-checks against
// the new types, then writes a changeset for the affected packages (none when no change is classified), rewrites the
// lock, refreshes spec/.cache and regenerates, putting every file back when generation fails. Given only one of
// --from / --asyncapi-from, the other spec stays as locked.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { mockRouteProblems } from './lib/mock-routes.mjs';
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
} from './lib/specs.mjs';
import { newErrors, typeErrorsWith } from './lib/type-check.mjs';

const USAGE = `Usage: pnpm spec:update [--from PATH|URL] [--asyncapi-from PATH|URL]
  Accepts a new Kalshi spec: prints the classified changes (breaking, potentially breaking, safe) and the SDK helpers
  they touch (and the mock's routes the spec no longer matches), checks that the client still type-checks against
  the new types, then writes a changeset for the affected packages (none when no change is classified), rewrites
  spec/*.lock.json, refreshes spec/.cache and regenerates the types. Nothing is written when a spec is refused or
  the client no longer type-checks, and all of it is put back when generation fails.
  --from           the new REST (OpenAPI) spec; default: $KALSHI_OPENAPI, ../shared/spec, the lock's URL
  --asyncapi-from  the new WebSocket (AsyncAPI) spec; default: $KALSHI_ASYNCAPI, ../shared/spec, the lock's URL
  Given only one of them, the other spec stays as locked. A default source older than the lock is refused: name an
  older spec with --from / --asyncapi-from to go back on purpose.`;

/** The client helper that wraps an operation, named in changeset hints. */
const HELPERS = {
  CreateOrderV2: 'placeOrder',
  AmendOrderV2: 'amendOrder',
  DecreaseOrderV2: 'decreaseOrder',
  CancelOrderV2: 'cancelOrder',
};
/**
 * Every client helper whose code calls an operation (packages/client/src/orders.ts, batch-orders.ts and the read-backs
 * of read-back.ts): named in the report and the changeset when the operation is removed or changed.
 */
const USED_BY = {
  CreateOrderV2: ['placeOrder'],
  BatchCreateOrdersV2: ['placeOrders'],
  AmendOrderV2: ['amendOrder'],
  DecreaseOrderV2: ['decreaseOrder'],
  CancelOrderV2: ['cancelOrder'],
  BatchCancelOrdersV2: ['cancelOrders'],
  GetOrder: ['amendOrder', 'decreaseOrder', 'cancelOrder', 'cancelOrders'],
  GetOrders: ['placeOrder', 'placeOrders'],
};
/** The packages whose surface follows each spec (REST types in all three; WebSocket types in client and mock). */
const SPEC_PACKAGES = { openapi: ['client', 'codegen', 'mock'], asyncapi: ['client', 'mock'] };
const CHANGESET_TITLES = { openapi: 'Kalshi Trade API spec', asyncapi: 'Kalshi WebSocket API spec' };
const FLAGS = { openapi: '--from', asyncapi: '--asyncapi-from' };
const CLIENT = join(ROOT, 'packages/client');

const { values } = parseCommandLine(USAGE, {
  from: { type: 'string' },
  'asyncapi-from': { type: 'string' },
});
const given = { openapi: values.from, asyncapi: values['asyncapi-from'] };
// Updating one spec leaves the other as locked, not as whatever ../shared/spec or the variables hold.
const onlyOne = Boolean(values.from) !== Boolean(values['asyncapi-from']);

await runScript('spec:update', async () => {
  const codegen = await loadCodegen();
  // Everything is read, checked, classified, generated and type-checked in memory first; the cache, the locks and the
  // changesets are written only once both specs pass, so a refused spec leaves the repo as it was.
  const candidates = [];
  for (const spec of SPECS) {
    const lock = await readLock(spec);
    const { source, text, version } =
      onlyOne && !given[spec.name] ? await locked(spec, lock) : await offered(codegen, spec, lock);
    const document = codegen.parseSpecText(text, source.name);
    if (spec.name === 'openapi') codegen.assertOpenApi3(document, source.name);
    else codegen.assertAsyncApi3(document, source.name);
    candidates.push({ spec, lock, source, text, document, hash: sha256(text), version });
  }
  const [openapi, asyncapi] = candidates.map((c) => loaded(c.source.name, c.text, c.document));
  // What the packages' `generate` makes (the mock's variant, a superset of the client's).
  const files = await codegen.renderAll(openapi, true, asyncapi);

  const writes = [];
  const previous = [];
  for (const { spec, lock, source, text, document, hash, version: offeredVersion } of candidates) {
    if (hash === lock.sha256) {
      writes.push([spec.cache, text]);
      previous.push(loaded('locked spec', text, document));
      const other = spec.name === 'openapi' ? 'asyncapi' : 'openapi';
      const kept = source.why === 'kept' ? ` (kept as locked: only ${FLAGS[other]} given)` : '';
      console.log(`${spec.title}: already at ${lock.version} (sha256 ${hash.slice(0, 12)}…), nothing to accept${kept}`);
      continue;
    }
    // offered() read it already (a full parse of the spec, about 0.5 s of CPU for the REST one).
    const version = offeredVersion ?? codegen.specVersion(text);
    const downgrade = codegen.isDowngrade(lock.version, version) ? ' (a downgrade: older than the locked spec)' : '';
    console.log(`${spec.title}: ${lock.version} → ${version}${downgrade}  (from ${source.name})`);
    const before = await lockedText(spec, lock);
    if (before) {
      const old = codegen.parseSpecText(before, 'locked spec');
      previous.push(loaded('locked spec', before, old));
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
      const helpers = codegen.formatHelperImpact(codegen.helperImpact(changes, USED_BY));
      if (helpers.length) console.log(`\nSDK helpers whose operations changed:\n${helpers.join('\n')}`);
      if (spec.name === 'openapi') reportMockRoutes(codegen, document);
      // Nothing classified (line ends, key order, prose only): no release to announce, so no changeset; the lock
      // still records the new file's hash. The notes are silent on re-serialised specs; a bump for them is noise.
      if (changes.length === 0)
        console.log(`  no API changes: no changeset written; ${relative(spec.lock)} records the new file's hash`);
      else {
        const options = { fromVersion: lock.version, toVersion: version, from: lock.sha256, to: hash };
        writes.push(await changeset(codegen, spec, changes, options));
      }
    } else {
      previous.push(undefined);
      console.log('  (the locked spec is not available locally, so no classified report)');
    }
    writes.push([spec.cache, text]);
    // The lock is committed: a URL with a query or fragment (a `?token=`) is not recorded; the lock keeps its source.
    const lockedSource = source.kind === 'url' && !/[?#]/.test(source.from) ? source.from : lock.source;
    writes.push([spec.lock, `${JSON.stringify({ ...lock, source: lockedSource, version, sha256: hash }, null, 2)}\n`]);
  }
  if (candidates.some((c) => c.hash !== c.lock.sha256)) await assertClientTypeChecks(codegen, files, previous);

  // `generate` runs spec:sync first, which keeps spec/.cache only when it matches the lock: the lock is written before
  // generation, and every file written (cache, locks, changesets) is put back as it was if generation fails, so the
  // locks never name a spec the generated code is not from (round 26, S-D6).
  const was = new Map(writes.map(([file]) => [file, existsSync(file) ? readFileSync(file) : null]));
  const putBack = () => {
    for (const [file, bytes] of was)
      if (bytes === null) rmSync(file, { force: true });
      else writeFileSync(file, bytes);
  };
  // A SIGINT (Ctrl-C) or SIGTERM from here on ended the run at once: between two writes, or during generation (the
  // terminal sends Ctrl-C to turbo too), it kept a lock naming a spec the generated code is not from. Held until the
  // write or the generation under way ends, then everything written is put back (round 41, D).
  await codegen.holdingSignals(async (held) => {
    const stopIfInterrupted = (signal = held(), generating = false) => {
      if (!signal) return;
      putBack();
      const partly = generating
        ? ' (src/generated may hold part of the new code: pnpm generate rebuilds it from the locked specs)'
        : '';
      throw Object.assign(
        new SpecError(
          `interrupted by ${signal}; nothing was accepted: the locks, changesets and spec/.cache were put back${partly}`,
        ),
        { exitCode: codegen.signalExitCode(signal) },
      );
    };
    await accept(writes, putBack, stopIfInterrupted);
  });
  const stale = codegen.retryPolicyProblems(openapi.document);
  if (stale.length)
    console.warn(
      `\nThe retry table (packages/codegen/src/retry-policies.ts) needs a decision (pnpm spec:check fails until then):\n${stale.map((p) => `  - ${p}`).join('\n')}`,
    );
});

/**
 * Writes the cache, locks and changesets, then regenerates; every file written is put back when a write or the
 * generation fails, or a signal came (`stopIfInterrupted`: the one held, or the one that ended generation).
 */
async function accept(writes, putBack, stopIfInterrupted) {
  // A write that fails part way (a full disk, a path that cannot be written) leaves nothing written either: the locks
  // written before it would name a spec nothing was generated from.
  try {
    await writeAll(writes);
  } catch (error) {
    putBack();
    throw new SpecError(`${error?.message ?? error}; nothing was accepted: the files written before it were put back`);
  }
  stopIfInterrupted();
  // turbo runs each package's `generate` through pnpm, looked up on the PATH: run by node without it, this failed with
  // turbo's "Unable to find package manager binary" and blamed "pnpm generate" (round 36, D).
  if (!onPath('pnpm')) {
    putBack();
    const { packageManager } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    // Quoted for a POSIX shell: in single quotes nothing expands (a path's `$` or backquote).
    const args = process.argv
      .slice(2)
      .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`));
    throw new SpecError(
      `generating goes through turbo, which needs pnpm on the PATH; nothing was accepted (the files written were put back): run npx -y ${packageManager} spec:update ${args.join(' ')}`.trimEnd(),
    );
  }
  // The workspace's turbo run by node (its bin is a node script): `npx turbo` first loads npm to find that same bin,
  // about 0.7 s of CPU a run. npx stays the way when it is not installed there.
  const turbo = join(ROOT, 'node_modules/turbo/bin/turbo');
  const [command, prefix] = existsSync(turbo) ? [process.execPath, [turbo]] : ['npx', ['turbo']];
  const generated = spawnSync(command, [...prefix, 'run', 'generate', '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CI: '' },
  });
  if (generated.status !== 0) {
    // A signal that came during spawnSync reaches its handler once the event loop turns.
    await new Promise((resolve) => setImmediate(resolve));
    stopIfInterrupted(generated.signal ?? undefined, true);
    putBack();
    throw new SpecError(
      'pnpm generate failed (see above); nothing was accepted: the locks, changesets and spec/.cache were put back' +
        ' (src/generated may hold part of the new code: pnpm generate rebuilds it from the locked specs)',
    );
  }
}

/** Whether a command is in one of the PATH's folders (`pnpm`, or `pnpm.cmd` on Windows). */
function onPath(command) {
  const names = process.platform === 'win32' ? [`${command}.cmd`, `${command}.exe`] : [command];
  return (process.env.PATH ?? '')
    .split(delimiter)
    .some((dir) => dir && names.some((name) => existsSync(join(dir, name))));
}

async function writeAll(list) {
  for (const [file, text, note] of list) {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
    if (file !== SPECS[0].cache && file !== SPECS[1].cache) console.log(note ?? `  wrote ${relative(file)}`);
  }
}

/**
 * The mock answers by operationId: a route keyed by an id the new spec no longer has (renamed on the same path) no
 * longer answers, and the operation gets 501 not_implemented until the route is renamed (round 26, S-D3).
 */
function reportMockRoutes(codegen, document) {
  const ids = codegen.listOperations(document).map((op) => op.operationId);
  const { stale, missing } = mockRouteProblems(ROOT, ids);
  if (stale.length)
    console.log(
      `\nThe mock implements operations the new spec no longer has (rename or remove their routes in packages/mock/src/http; pnpm spec:check fails until then):\n${stale.map((id) => `  - ${id}`).join('\n')}`,
    );
  if (missing.length)
    console.log(
      `\nOperations the mock has no route for (it answers them 501 not_implemented; pnpm spec:check fails until they have one):\n${missing.map((id) => `  - ${id}`).join('\n')}`,
    );
}

/** A spec as codegen's renderAll takes it. */
function loaded(file, text, document) {
  return { file, text, sha256: sha256(text), document };
}

/**
 * The spec offered for a kind: --from / --asyncapi-from, else the defaults, which may not go back in version, nor
 * replace the locked spec under the same version (which of the two is newer no version tells: Kalshi's AsyncAPI spec
 * stays 2.0.0 — a plain run after `--asyncapi-from` would revert it; round 14 verifier VA-D1).
 */
async function offered(codegen, spec, lock) {
  const source = resolveSource(spec, { from: given[spec.name], lock });
  const text = await fetchSource(source);
  const version = codegen.specVersion(text);
  const same = version === lock.version && sha256(text) !== lock.sha256;
  if (!given[spec.name] && (same || codegen.isDowngrade(lock.version, version)))
    throw new SpecError(
      `${spec.title}: ${relative(source.name)} (${source.why}) holds ${version}, ` +
        `${same ? 'the locked version with other content (no version says which is newer)' : `older than the locked ${lock.version}`}; ` +
        `nothing was written (to ${same ? 'take it' : 'go back'} on purpose: pnpm spec:update ${FLAGS[spec.name]} ${relative(source.name)})`,
    );
  return { source, text, version };
}

/** The locked spec itself, for the kind not being updated. */
async function locked(spec, lock) {
  const text = await lockedText(spec, lock);
  if (text === undefined)
    throw new SpecError(
      `${spec.title}: the locked spec ${lock.version} (sha256 ${lock.sha256.slice(0, 12)}…) is not in spec/.cache, ` +
        `../shared/spec or at ${lock.source}; nothing was written (run pnpm spec:sync, or give ${FLAGS[spec.name]} too)`,
    );
  return { source: { from: relative(spec.cache), name: relative(spec.cache), kind: 'file', why: 'kept' }, text };
}

/**
 * The client's sources must type-check against the types about to be generated: a helper calling an operation that
 * is gone (placeOrder → CreateOrderV2) fails here, before anything is written, instead of after a green build. Errors
 * the locked spec's types give as well (a dependency not built yet) are not the new spec's doing.
 */
async function assertClientTypeChecks(codegen, files, previous) {
  if (!existsSync(join(CLIENT, 'tsconfig.json'))) return;
  const clientFiles = new Map([...files].filter(([name]) => name !== 'openapi.json'));
  const after = typeErrorsWith(CLIENT, clientFiles, ROOT);
  if (after.length === 0) return;
  let fresh = after;
  if (previous.every(Boolean)) {
    const [openapi, asyncapi] = previous;
    fresh = newErrors(typeErrorsWith(CLIENT, await codegen.renderAll(openapi, false, asyncapi), ROOT), after);
  }
  if (fresh.length === 0) return;
  const shown = fresh.slice(0, 10).map((e) => `  ${e.text}`);
  if (fresh.length > shown.length) shown.push(`  … and ${fresh.length - shown.length} more`);
  throw new SpecError(
    [
      "the client's code no longer type-checks against the new spec's types; nothing was written:",
      ...shown,
      'Change the client for the new spec (its sources are checked against the new types), then run spec:update again.',
    ].join('\n'),
  );
}

/** The changeset for one accepted spec: [file, text, what to print once it is written]. */
async function changeset(codegen, spec, changes, { fromVersion, toVersion, from, to }) {
  const packages = {};
  for (const dir of SPEC_PACKAGES[spec.name]) {
    const pkg = JSON.parse(await readFile(join(ROOT, 'packages', dir, 'package.json'), 'utf8'));
    packages[pkg.name] = pkg.version;
  }
  const title = CHANGESET_TITLES[spec.name];
  const text = codegen.renderChangeset(changes, {
    packages,
    fromVersion,
    toVersion,
    helpers: HELPERS,
    usedBy: USED_BY,
    title,
  });
  const prefix = spec.name === 'openapi' ? 'kalshi-spec' : 'kalshi-ws-spec';
  // Named by version and by both hashes: Kalshi republishes under the same version (the AsyncAPI spec stays 2.0.0),
  // and each accepted change keeps its own changeset (changesets takes the highest bump of the pending ones).
  const name = `${prefix}-${toVersion.replace(/[^\w.-]/g, '_')}-${from.slice(0, 8)}-${to.slice(0, 8)}.md`;
  const note = `  wrote .changeset/${name} (${text.split('\n')[1]}, …): review it and commit it with the lock`;
  return [join(ROOT, '.changeset', name), text, note];
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
