import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  CACHED,
  CACHED_WS,
  cleanEnv,
  copyWorkspace,
  oneLine,
  pnpmCommand,
  script,
  sha256,
  snapshot,
  withMockRoutes,
} from './workspace';

// What the spec scripts must not do, on temporary copies of the workspace: lock in a spec the generator refuses,
// overwrite a pending changeset, touch the cache when refusing, or print a stack trace instead of one line.
describe('spec:update refuses a spec the generator cannot use and leaves the repo untouched', () => {
  const work = copyWorkspace();
  const doc = parse(readFileSync(CACHED, 'utf8'));

  // biome-ignore lint/suspicious/noExplicitAny: test documents are mutated freely
  it.each<[string, (d: Record<string, any>) => void, RegExp]>([
    [
      'a duplicate operationId',
      (d) => (d.paths['/markets/{ticker}'].get.operationId = 'GetMarkets'),
      /operationId "GetMarkets" is already used at \/paths\/~1markets\/get/,
    ],
    [
      'a $ref cycle',
      (d) => {
        d.components.schemas.LoopA = { $ref: '#/components/schemas/LoopB' };
        d.components.schemas.LoopB = { $ref: '#/components/schemas/LoopA' };
      },
      /\$ref cycle without a schema/,
    ],
    ['an empty path item', (d) => (d.paths['/broken'] = null), /\/paths\/~1broken: must be a path item object/],
    [
      'a cursor operation without items (refused by generation, after the checks)',
      (d) => {
        const { cursor } = d.components.schemas.GetMarketsResponse.properties;
        d.components.schemas.GetMarketsResponse.properties = { cursor };
        d.components.schemas.GetMarketsResponse.required = ['cursor'];
      },
      /GET \/markets \(GetMarkets\) takes a "cursor" query parameter but its success response has no array field/,
    ],
  ])(
    '%s',
    (_name, mutate, message) => {
      const bad = structuredClone(doc);
      mutate(bad);
      writeFileSync(join(work, 'bad.yaml'), stringify(bad));
      const before = snapshot(work);
      const run = script(work, 'spec-update', ['--from', 'bad.yaml']);
      expect(run.status).toBe(1);
      expect(oneLine(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(/^spec:update: bad\.yaml: /);
      expect(run.stderr).toMatch(message);
      expect(snapshot(work)).toEqual(before);
    },
    300_000,
  ); // each spawns spec:update (one renders the whole spec): minutes on a loaded machine

  // Round 26 (S-D2, S-D4, S-D5): YAML the loader resolved into something else, and path templates the generated
  // client could not fill, on Kalshi's spec as text: one line naming the file and where, nothing written.
  it.each<[string, (text: string) => string, RegExp]>([
    [
      'an alias used before its anchor',
      (text) =>
        text
          .replace('paths:\n', 'paths:\n  /early:\n    get: *statusop\n')
          .replace('  /exchange/status:\n    get:\n', '  /exchange/status:\n    get: &statusop\n'),
      /^spec:update: bad\.yaml:\d+:\d+: invalid YAML: unresolved alias \*statusop \(its anchor &statusop must come before it\)$/,
    ],
    [
      'a path item written twice',
      (text) => text.replace('paths:\n', 'paths:\n  /exchange/status:\n    get:\n      operationId: Shadow\n'),
      /^spec:update: bad\.yaml:\d+:3: invalid YAML: Map keys must be unique: "\/exchange\/status" appears twice$/,
    ],
    [
      'a path naming an undeclared parameter',
      (text) =>
        text.replace(
          'paths:\n',
          'paths:\n  /foo/{bar}:\n    get:\n      operationId: GetFoo\n      responses:\n        "200":\n          description: ok\n',
        ),
      /^spec:update: bad\.yaml: \/paths\/~1foo~1\{bar\}\/get: the path names \{bar\} but no path parameter "bar" is declared$/,
    ],
  ])(
    'refuses %s in one line and writes nothing',
    (_name, mutate, message) => {
      const text = readFileSync(CACHED, 'utf8');
      const bad = mutate(text);
      expect(bad).not.toBe(text);
      writeFileSync(join(work, 'bad.yaml'), bad);
      const before = snapshot(work);
      const run = script(work, 'spec-update', ['--from', 'bad.yaml']);
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toMatch(message);
      expect(snapshot(work)).toEqual(before);
    },
    300_000,
  );

  it.each([
    ['a missing file', 'nope.yaml', /^spec:update: nope\.yaml: cannot read the spec file \(ENOENT\)$/],
    ['an empty file', 'empty.yaml', /^spec:update: empty\.yaml: expected a mapping at the top level$/],
  ])(
    'names %s in one line',
    (_name, file, message) => {
      writeFileSync(join(work, 'empty.yaml'), '');
      const run = script(work, 'spec-update', ['--from', file]);
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toMatch(message);
    },
    300_000,
  );
});

// A-D12 (round 14), spec:update naming the helper whose operation (CreateOrderV2) a spec removes and the client's
// compile error, writing nothing: in spec-update.test.ts, whose refused run offers such a spec (one run for both).

// A-D1 (round 14): updating the WebSocket spec alone must not take the REST spec from ../shared/spec (3.31.0) over the
// one accepted before: it stays as locked. The accepted state is what spec:update writes (lock and cache).
describe('spec:update for one spec leaves the other as locked', () => {
  const accepted = (work: string) => {
    const doc = parse(readFileSync(CACHED, 'utf8'));
    doc.info.version = '3.32.0';
    doc.components.schemas.Market.properties.accepted_field = { type: 'string' };
    const text = stringify(doc);
    writeFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), text);
    const lockFile = join(work, 'spec/kalshi-openapi.lock.json');
    const lock = { ...JSON.parse(readFileSync(lockFile, 'utf8')), version: '3.32.0', sha256: sha256(text) };
    writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
    return lock;
  };

  // Without the client's type-check (what is kept, written and generated does not depend on it; spec-update.test.ts
  // checks it): two full runs with it cost 25 s of CPU more.
  it('--asyncapi-from keeps the REST lock, writes no REST changeset, generates from the accepted REST spec, and a second one writes its changeset beside the first; a byte-only REST change writes no changeset', () => {
    const work = copyWorkspace({ typeCheck: false });
    const lock = accepted(work);
    const ws = parse(readFileSync(CACHED_WS, 'utf8'));
    ws['x-error-codes'].codes.push({ code: 99, name: 'New error', description: 'New.' });
    writeFileSync(join(work, 'ws.yaml'), stringify(ws));
    const run = script(work, 'spec-update', ['--asyncapi-from', 'ws.yaml'], { pnpm: true });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `REST (OpenAPI): already at 3.32.0 (sha256 ${lock.sha256.slice(0, 12)}…), nothing to accept (kept as locked: only --asyncapi-from given)`,
    );
    expect(JSON.parse(readFileSync(join(work, 'spec/kalshi-openapi.lock.json'), 'utf8'))).toEqual(lock);
    const changesets = readdirSync(join(work, '.changeset'));
    expect(changesets.filter((f) => f.startsWith('kalshi-spec-'))).toEqual([]);
    expect(changesets.filter((f) => f.startsWith('kalshi-ws-spec-2.0.0-'))).toHaveLength(1);
    const types = readFileSync(join(work, 'packages/client/src/generated/openapi.ts'), 'utf8');
    expect(types).toContain(`(sha256 ${lock.sha256})`);
    expect(types).toContain('accepted_field');

    // Kalshi keeps the AsyncAPI spec at 2.0.0: a second change accepted under that version writes its own changeset
    // beside the first, not over it (changesets takes the highest bump of the pending ones).
    const removed = structuredClone(ws);
    delete removed.channels.pyth_value;
    for (const [name, operation] of Object.entries(removed.operations as Record<string, { channel: { $ref: string } }>))
      if (operation.channel.$ref === '#/channels/pyth_value') delete removed.operations[name];
    writeFileSync(join(work, 'ws2.yaml'), stringify(removed));
    // The same run offers the accepted REST spec with CRLF line ends (S-D7: Kalshi re-serialising the file), which
    // classifies to no change: no release to announce, so no changeset bumping three packages "3.32.0 → 3.32.0"; the
    // lock records the new hash (was outcomes.test.ts's own spec:update run; one full run costs about 14 s of CPU).
    const crlf = readFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), 'utf8').replace(/\r?\n/g, '\r\n');
    writeFileSync(join(work, 'crlf.yaml'), crlf);
    const second = script(work, 'spec-update', ['--from', 'crlf.yaml', '--asyncapi-from', 'ws2.yaml'], { pnpm: true });
    expect(second.status, second.stderr).toBe(0);
    const both = readdirSync(join(work, '.changeset')).filter((f) => f.startsWith('kalshi-ws-spec-2.0.0-'));
    expect(both).toHaveLength(2);
    const texts = both.map((f) => readFileSync(join(work, '.changeset', f), 'utf8')).join('\n');
    expect(texts).toContain('`channel pyth_value`: channel removed');
    expect(texts).toContain('"@org/kalshi-client": minor');
    expect(texts).toContain('error code 99 "New error" added');
    expect(second.stdout).toContain(
      'no API changes: no changeset written; spec/kalshi-openapi.lock.json records the new file',
    );
    expect(readdirSync(join(work, '.changeset')).filter((f) => f.startsWith('kalshi-spec-'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(work, 'spec/kalshi-openapi.lock.json'), 'utf8'))).toEqual({
      ...lock,
      sha256: sha256(crlf),
    });
    expect(readFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), 'utf8')).toBe(crlf);
  }, 600_000);

  it('without flags, a default source older than the lock is refused and nothing is written', () => {
    const work = copyWorkspace();
    accepted(work);
    const before = snapshot(work);
    const run = script(work, 'spec-update');
    expect(run.stderr).toMatch(
      /^spec:update: REST \(OpenAPI\): .*kalshi-openapi\.yaml \(\.\.\/shared\/spec\) holds 3\.31\.0, older than the locked 3\.32\.0; nothing was written \(to go back on purpose: pnpm spec:update --from .*\)\n$/,
    );
    expect(run.status).toBe(1);
    expect(snapshot(work)).toEqual(before);
  }, 300_000);
});

// Verifier VA-D1 (round 14): Kalshi's AsyncAPI spec stays 2.0.0, so a WebSocket spec accepted with --asyncapi-from
// and ../shared's differ in content alone; a plain run took ../shared's back over the accepted one (exit 0, a
// "breaking" changeset). No version says which is newer: refused, nothing written.
it('without flags, a default source of the locked version with other content is refused, nothing written', () => {
  const work = copyWorkspace();
  const ws = parse(readFileSync(CACHED_WS, 'utf8'));
  ws['x-error-codes'].codes.push({ code: 99, name: 'New error', description: 'New.' });
  const text = stringify(ws);
  writeFileSync(join(work, 'spec/.cache/kalshi-asyncapi.yaml'), text);
  const lockFile = join(work, 'spec/kalshi-asyncapi.lock.json');
  const lock = { ...JSON.parse(readFileSync(lockFile, 'utf8')), sha256: sha256(text) };
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  const before = snapshot(work);
  const run = script(work, 'spec-update');
  expect(run.stderr).toMatch(
    /^spec:update: WebSocket \(AsyncAPI\): .*kalshi-asyncapi\.yaml \(\.\.\/shared\/spec\) holds 2\.0\.0, the locked version with other content .*; nothing was written \(to take it on purpose: pnpm spec:update --asyncapi-from .*\)\n$/,
  );
  expect(run.status).toBe(1);
  expect(snapshot(work)).toEqual(before);
}, 300_000);

describe('spec:sync and spec:check', () => {
  it('spec:sync --frozen refuses an unlocked spec before touching the cache', () => {
    const work = copyWorkspace();
    const other = parse(readFileSync(CACHED, 'utf8'));
    delete other.paths['/markets'].get;
    writeFileSync(join(work, 'other.yaml'), stringify(other));
    const cache = join(work, 'spec/.cache/kalshi-openapi.yaml');
    const before = sha256(readFileSync(cache));
    const run = script(work, 'spec-sync', ['--from', 'other.yaml', '--frozen']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('refusing to build from an unlocked spec');
    // Its version as codegen's specVersion reads it (round 35, S1: one reader for the scripts and the generator).
    expect(run.stderr).toContain(`  found:  ${other.info.version}  sha256 `);
    expect(sha256(readFileSync(cache))).toBe(before);
  });

  it('spec:check on a fresh clone (no spec/.cache) says to run spec:sync, without a stack', () => {
    const work = copyWorkspace();
    rmSync(join(work, 'spec/.cache'), { recursive: true });
    const run = script(work, 'spec-check');
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'spec:check failed:\n' +
        '  - spec/.cache/kalshi-openapi.yaml is missing: run pnpm spec:sync\n' +
        '  - spec/.cache/kalshi-asyncapi.yaml is missing: run pnpm spec:sync\n',
    );
  });

  // With the mock's route table copied in: against the spec as locked, spec:check names nothing of the mock's routes
  // (outcomes.test.ts checks what it names when an operationId is renamed; this run reaches the same route check).
  it('spec:check names a lock whose version is not the spec’s info.version, and no mock route of the unchanged spec', () => {
    const work = copyWorkspace();
    withMockRoutes(work);
    const file = join(work, 'spec/kalshi-openapi.lock.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: '3.30.0' }));
    const run = script(work, 'spec-check');
    expect(run.stderr).toContain(
      "spec/kalshi-openapi.lock.json says version 3.30.0, but the spec's info.version is 3.31.0",
    );
    expect(run.stderr).not.toContain('the mock has');
    expect(run.status).toBe(1);
  }, 300_000);

  // A hand-edited lock that is JSON but not a lock (`null`, `{}`, a hash cut short): spec:sync and spec:check printed
  // a TypeError stack (null) or compared with "sha256 undefined" and proposed accepting the spec, and spec:update wrote
  // a lock without its source. Each names the lock and the field, in one line, and writes nothing.
  it.each([
    ['null', 'null', /expected an object/],
    ['an empty object', '{}', /"sha256" must be 64 hex digits/],
    [
      'a hash cut short',
      JSON.stringify({ source: 'https://docs.kalshi.com/openapi.yaml', version: '3.31.0', sha256: 'dde1059' }),
      /"sha256" must be 64 hex digits/,
    ],
    [
      'no version',
      JSON.stringify({ source: 'https://docs.kalshi.com/openapi.yaml', sha256: sha256('x') }),
      /"version" must be a string/,
    ],
  ])(
    'a lock that is %s is named in one line by spec:sync, spec:check and spec:update, nothing written',
    (_name, text, why) => {
      const work = copyWorkspace();
      writeFileSync(join(work, 'spec/kalshi-openapi.lock.json'), text);
      const before = snapshot(work);
      for (const name of ['spec-sync', 'spec-check', 'spec-update']) {
        const run = script(work, name);
        const label = name.replace('-', ':');
        expect({ name, status: run.status }).toEqual({ name, status: 1 });
        expect(oneLine(run.stderr)).toEqual([
          expect.stringMatching(new RegExp(`^${label}: spec/kalshi-openapi\\.lock\\.json: `)),
        ]);
        expect(run.stderr).toMatch(why);
        expect(snapshot(work)).toEqual(before);
      }
    },
    120_000,
  );

  // pnpm runs a root script in the root, whatever folder it is typed in: `--from` a file of that folder was looked for
  // in the root (ENOENT). A path on a command line is the shell's cwd's (pnpm passes it as INIT_CWD, as npm does);
  // the README is silent on where to run them. The folder's name holds a space.
  it('spec:sync --from a file of the sub-folder pnpm is run in reads that file', () => {
    const work = copyWorkspace();
    const folder = join(work, 'my downloads');
    mkdirSync(folder);
    writeFileSync(join(folder, 'kalshi openapi.yaml'), readFileSync(CACHED));
    const [pnpm, pnpmArgs] = pnpmCommand();
    const run = spawnSync(pnpm, [...pnpmArgs, 'spec:sync', '--from', 'kalshi openapi.yaml', '--frozen'], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...cleanEnv(), CI: '' },
    });
    expect(run.stderr).not.toContain('ENOENT');
    expect(run.stdout).toContain('spec:sync openapi 3.31.0 ok (--from: ');
    expect(run.status).toBe(0);
  }, 120_000);

  // kalshi-codegen refuses a spec over plain http to a host that is not loopback (anyone on the path could rewrite
  // it, and code is generated from it) and names a URL without its query (a `?token=`), which CI logs keep (codegen
  // README). The spec scripts took any URL, and their errors printed it whole. Neither URL is reached: the first is
  // refused before any request, the second names a host that cannot resolve (.invalid, RFC 2606).
  it.each([
    ['spec-sync', 'http://example.invalid/openapi.yaml', /plain http:\/\/ to a host that is not loopback/],
    ['spec-update', 'http://example.invalid/openapi.yaml', /plain http:\/\/ to a host that is not loopback/],
    ['spec-sync', 'https://example.invalid/openapi.yaml?token=s3cret', /example\.invalid\/openapi\.yaml\?…/],
  ])(
    '%s --from %s: refused or named without its query, one line, nothing written',
    (name, url, message) => {
      const work = copyWorkspace();
      const before = snapshot(work);
      const run = script(work, name, ['--from', url]);
      expect(run.status).toBe(1);
      expect(oneLine(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('s3cret');
      expect(snapshot(work)).toEqual(before);
    },
    120_000,
  );

  // The same for a URL that downloads: its `?token=` was printed by spec:sync's report and spec:update's errors and
  // "(from …)" line (and written into the committed lock). Served from loopback (plain http is allowed there); the
  // scripts run without blocking this process, which answers them.
  it.each([
    [
      'spec-sync',
      'openapi.yaml',
      0,
      /spec:sync openapi 3\.31\.0 ok \(--from: http:\/\/127\.0\.0\.1:\d+\/openapi\.yaml\?…\)/,
    ],
    [
      'spec-update',
      'swagger.yaml',
      1,
      /^spec:update: http:\/\/127\.0\.0\.1:\d+\/swagger\.yaml\?…: not an OpenAPI 3\.x document/,
    ],
  ])(
    '%s --from a loopback URL with ?token= never prints the token',
    async (name, path, status, message) => {
      const work = copyWorkspace();
      const server = createServer((request, response) =>
        response.end(
          request.url?.startsWith('/openapi.yaml')
            ? readFileSync(CACHED)
            : 'swagger: "2.0"\ninfo: { title: t, version: "1" }\npaths: {}\n',
        ),
      );
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${path}?token=s3cret`;
        const run = await new Promise<{ status: number | null; out: string }>((done) => {
          const child = spawn(process.execPath, [join(work, 'scripts', `${name}.mjs`), '--from', url], {
            cwd: work,
            env: { ...cleanEnv(), CI: '' },
          });
          let out = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.stderr.on('data', (chunk) => (out += chunk));
          child.on('close', (code) => done({ status: code, out }));
        });
        expect(run.out).not.toContain('s3cret');
        expect(run.out).toMatch(message);
        expect(run.status).toBe(status);
      } finally {
        server.close();
      }
    },
    120_000,
  );

  // Paths inside the repo are named relative to it; one in a sibling folder whose name starts with the repo's
  // (`ws-old` next to `ws`) was cut as if inside it ("old/openapi.yaml"), naming a file that is not there.
  it('spec:sync names a spec in a sibling folder by its whole path', () => {
    const work = copyWorkspace();
    const sibling = `${work}-old`;
    mkdirSync(sibling);
    writeFileSync(join(sibling, 'openapi.yaml'), readFileSync(CACHED));
    const run = script(work, 'spec-sync', ['--from', join(sibling, 'openapi.yaml')]);
    expect(run.stdout).toContain(`ok (--from: ${join(sibling, 'openapi.yaml')})`);
    expect(run.status).toBe(0);
  }, 120_000);

  // A cache cut short (an interrupted copy) is what spec:sync fixes: spec:check printed only the YAML error, without
  // the mismatch with the lock that says to run spec:sync.
  it('spec:check on a cache that is not YAML names the mismatch with the lock and the YAML error', () => {
    const work = copyWorkspace();
    writeFileSync(join(work, 'spec/.cache/kalshi-openapi.yaml'), 'openapi: 3.0.0\npaths: [\n');
    const run = script(work, 'spec-check');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^ {2}- spec\/\.cache\/kalshi-openapi\.yaml \(sha256 [0-9a-f]{64}\) does not match spec\/kalshi-openapi\.lock\.json/m,
    );
    expect(run.stderr).toMatch(/^ {2}- .*spec\/\.cache\/kalshi-openapi\.yaml:3:1: invalid YAML/m);
  });

  it('spec:sync prints an unreadable lock as one line', () => {
    const work = copyWorkspace();
    writeFileSync(join(work, 'spec/kalshi-openapi.lock.json'), '{ not json');
    const run = script(work, 'spec-sync');
    expect(run.status).toBe(1);
    expect(oneLine(run.stderr)).toEqual([
      expect.stringMatching(/^spec:sync: spec\/kalshi-openapi\.lock\.json: cannot read the spec lock/),
    ]);
    expect(existsSync(join(work, 'spec/.cache/kalshi-openapi.yaml'))).toBe(true);
  });
});
