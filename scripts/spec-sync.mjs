// pnpm spec:sync [--from PATH|URL] [--asyncapi-from PATH|URL] [--frozen]
// Copies each spec into spec/.cache/ and checks it against its lock in spec/. A cached spec that matches the lock
// wins over the env variables and ../shared/spec (see resolveSource). A mismatch fails under CI=true or
// --frozen; otherwise it warns and names the command that accepts the new spec.
import {
  fetchSource,
  loadCodegen,
  parseCommandLine,
  readLock,
  relative,
  resolveSource,
  runScript,
  SPECS,
  sha256,
  writeCache,
} from './lib/specs.mjs';

const USAGE = `Usage: pnpm spec:sync [--from PATH|URL] [--asyncapi-from PATH|URL] [--frozen]
  Copies each spec into spec/.cache and checks it against its lock (spec/*.lock.json).
  Source, first found: --from / --asyncapi-from; spec/.cache when it already matches the lock;
  $KALSHI_OPENAPI / $KALSHI_ASYNCAPI; ../shared/spec; the lock's URL.
  --frozen  fail on a mismatch (the default under CI=true); otherwise warn and name the command that accepts it`;

const { values } = parseCommandLine(USAGE, {
  from: { type: 'string' },
  'asyncapi-from': { type: 'string' },
  frozen: { type: 'boolean', default: false },
});
const frozen = values.frozen || process.env.CI === 'true' || process.env.CI === '1';

await runScript('spec:sync', async () => {
  let failed = false;
  for (const spec of SPECS) {
    const lock = await readLock(spec);
    const from = spec.name === 'openapi' ? values.from : values['asyncapi-from'];
    const source = resolveSource(spec, { from, lock, preferCache: true });
    const text = await fetchSource(source);
    const hash = sha256(text);
    if (hash === lock.sha256) {
      await writeCache(spec, text);
      console.log(`spec:sync ${spec.name} ${lock.version} ok (${source.why}: ${relative(source.name)})`);
      continue;
    }
    // Codegen reads it as the generator does (as written); a local spec that matches its lock never loads it.
    const version = (await loadCodegen()).specVersion(text);
    const report = [
      `spec:sync ${spec.name}: the spec from ${source.name} does not match ${relative(spec.lock)}`,
      `  locked: ${lock.version}  sha256 ${lock.sha256}`,
      `  found:  ${version}  sha256 ${hash}`,
    ];
    if (frozen) {
      // Refused before the cache is touched: the locked spec in it stays what the build uses.
      console.error(
        [...report, '  (frozen: CI=true or --frozen) — refusing to build from an unlocked spec'].join('\n'),
      );
      failed = true;
    } else {
      await writeCache(spec, text);
      const flag = spec.name === 'openapi' ? '--from' : '--asyncapi-from';
      console.warn([...report, `  to accept it: pnpm spec:update ${flag} ${source.name}`].join('\n'));
    }
  }
  if (failed) process.exitCode = 1;
});
