import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { constants, createPublicKey, verify } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { npmInstall, peerWarnings, pnpmCommand, runIn, runtimeBinary } from './matrix';

// The published packages as a user gets them: packed tarballs installed with plain npm into a project outside the
// workspace (its other dependencies come from the npm registry), run against `kalshi-mock serve`.
const ROOT = resolve(import.meta.dirname, '../../../..');
const PACKAGES = ['codegen', 'auth', 'client', 'mock'];

let project: string;
let tarballs: string[];
let serve: ChildProcess;
let baseUrl: string;
/** What `npm install` printed for the Node 20 project (warnings on). */
let node20Install: string;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_yes: 'true' },
  });
}

/** Writes `dir/tsconfig.json`: strict, ES2022, Node's and the DOM's types, no output, `files`; `options` on top. */
function writeTsconfig(dir: string, options: Record<string, unknown>, files = ['consumer.ts']) {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'es2022',
    types: ['node'],
    lib: ['es2023', 'dom'],
    ...options,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
}

/** The installed tsc on `dir`'s project: what it printed (it prints its errors on stdout and exits 2: shown). */
function tsc(dir: string, ...args: string[]): string {
  try {
    return run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', dir, ...args], project);
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

beforeAll(async () => {
  const packs = mkdtempSync(join(tmpdir(), 'kalshi-packs-'));
  const [pnpm, pnpmArgs] = pnpmCommand();
  // One pnpm packs all four (a process each cost about 0.7 s of CPU more, 3 s through npx).
  const filters = PACKAGES.flatMap((pkg) => ['--filter', `./packages/${pkg}`]);
  run(pnpm, [...pnpmArgs, '--recursive', ...filters, 'pack', '--pack-destination', packs], ROOT);
  tarballs = readdirSync(packs).map((f) => join(packs, f));
  expect(tarballs.map((t) => /org-kalshi-(\w+)-[^/]*\.tgz$/.exec(t)?.[1]).sort()).toEqual([...PACKAGES].sort());
  project = mkdtempSync(join(tmpdir(), 'kalshi-user-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'kalshi-user', private: true }));
  // Node 20's lines: msw 2 and vitest 4 (the downstream suite in the matrix below runs here too).
  node20Install = npmInstall(project, [
    ...tarballs,
    'msw@^2.15.0',
    'vitest@^4.1.12',
    'ws@^8.18.0',
    'typescript@~5.9.3',
    '@types/node@^20.19.0',
  ]);
  serve = spawn(process.execPath, [
    join(project, 'node_modules/@org/kalshi-mock/bin/kalshi-mock.mjs'),
    'serve',
    '--port',
    '0',
    '--credentials-out',
    join(project, 'creds.json'),
  ]);
  baseUrl = await new Promise<string>((done, fail) => {
    serve.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match) done(match[1] as string);
    });
    serve.once('exit', (code) => fail(new Error(`kalshi-mock exited ${code}`)));
  });
}, 600_000); // packing and a registry install take minutes on a loaded machine

afterAll(() => {
  serve?.kill('SIGTERM');
});

const SCRIPT = (load: string) => `${load}
const creds = require('node:fs').existsSync ? JSON.parse(require('node:fs').readFileSync('creds.json', 'utf8')) : null;
(async () => {
  const kalshi = await createKalshiClient({ baseUrl: process.argv[2], credentials: { keyId: creds.keyId, privateKey: creds.privateKeyPem } });
  const market = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } })).markets[0];
  const placed = await kalshi.placeOrder({ ticker: market.ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' });
  await kalshi.cancelOrder({ orderId: placed.order_id });
  console.log(JSON.stringify({ ticker: market.ticker, placed: placed.remaining_count }));
})();
`;

describe('packed packages installed with npm outside the workspace', () => {
  it('every tarball passes attw (ESM-only packages; Node ≥ 20.19 can require() them)', () => {
    for (const tarball of tarballs) {
      // attw exits non-zero (run() throws) on any problem that the profile does not ignore.
      const out = run(
        join(ROOT, 'node_modules/.bin/attw'),
        [tarball, '--profile', 'esm-only', '--format', 'ascii'],
        ROOT,
      );
      const problems = out.split('\n').filter((line) => /❌|⚠️|💀|🐛|🥴/.test(line) && !line.includes('ignored'));
      expect(problems, tarball).toEqual([]);
    }
  }, 120_000);

  // Round 20 trial, nit 5: `pnpm quickstart`'s dev entry was packed too; it imports @org/kalshi-mock, which the client
  // does not depend on, and no export reaches it.
  it("the client's tarball holds its exports' files, not the quickstart's dev entry", () => {
    const client = tarballs.find((t) => /org-kalshi-client-[^/]*\.tgz$/.test(t)) as string;
    const files = run('tar', ['-tzf', client], ROOT).split('\n');
    expect(files).toContain('package/dist/index.mjs');
    expect(files).toContain('package/dist/ws/index.mjs');
    expect(files.filter((f) => f.includes('quickstart'))).toEqual([]);
  });

  it('an ES module script places and cancels an order against kalshi-mock serve', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      SCRIPT(
        `import { createKalshiClient, unwrap } from '@org/kalshi-client';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);`,
      ),
    );
    expect(JSON.parse(run(process.execPath, ['esm.mjs', baseUrl], project))).toMatchObject({ placed: '1.00' });
  }, 120_000); // spawns node and kalshi-mock serve

  it('an ES module script streams from kalshi-mock serve through @org/kalshi-client/ws', () => {
    writeFileSync(
      join(project, 'stream.mjs'),
      `import { readFileSync } from 'node:fs';
import { createKalshiStream } from '@org/kalshi-client/ws';
const creds = JSON.parse(readFileSync('creds.json', 'utf8'));
const stream = await createKalshiStream({ url: process.argv[2], credentials: { keyId: creds.keyId, privateKey: creds.privateKeyPem } });
const sub = await stream.subscribe({ channels: ['market_lifecycle_v2'] });
console.log(JSON.stringify({ sids: sub.sids, listed: await stream.listSubscriptions() }));
await stream.close();
`,
    );
    const streamUrl = baseUrl.replace('http://', 'ws://').replace('/trade-api/v2', '/trade-api/ws/v2');
    expect(JSON.parse(run(process.execPath, ['stream.mjs', streamUrl], project))).toEqual({
      sids: [1],
      listed: [{ channel: 'market_lifecycle_v2', sid: 1 }],
    });
  }, 120_000); // spawns node and kalshi-mock serve

  it('a CommonJS script can require() the client', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      SCRIPT(`const { createKalshiClient, unwrap } = require('@org/kalshi-client');`),
    );
    expect(JSON.parse(run(process.execPath, ['cjs.cjs', baseUrl], project))).toMatchObject({ placed: '1.00' });
  }, 120_000); // spawns node and kalshi-mock serve

  it.each(['node16', 'bundler'])(
    'tsc type-checks a consumer against the installed types under exactOptionalPropertyTypes (moduleResolution %s)',
    (resolution) => {
      const dir = join(project, `ts-${resolution}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(
        join(dir, 'consumer.ts'),
        `import { createKalshiClient, unwrap, type FixedPointDollars } from '@org/kalshi-client';
import { createKalshiStream, type ServerMessage } from '@org/kalshi-client/ws';
const kalshi = await createKalshiClient({ environment: 'demo' });
const markets = unwrap(await kalshi.GET('/markets', { params: { query: { limit: 1 } } }));
const price: FixedPointDollars = markets.markets[0]!.yes_bid_dollars;
// @ts-expect-error wrong query parameter
await kalshi.GET('/markets', { params: { query: { page: 1 } } });
const describe = (message: ServerMessage) => (message.type === 'orderbook_delta' ? message.msg.delta_fp : message.type);
// @ts-expect-error not a channel
await (await createKalshiStream({ credentials: 'env' })).subscribe({ channels: ['orderbooks'] });
export { describe, price };
`,
      );
      writeTsconfig(dir, {
        module: resolution === 'node16' ? 'node16' : 'preserve',
        moduleResolution: resolution,
        // Our installed .d.ts files are checked (skipLibCheck off); TypeScript's own lib files (lib.dom.d.ts, lib.es*.d.ts)
        // are not, which nothing of ours can break: 17.6 → 11.6 s of CPU per run (TypeScript 5.9).
        skipLibCheck: false,
        skipDefaultLibCheck: true,
        // Round 24 D3: @tsconfig/strictest and many front-end templates set it.
        exactOptionalPropertyTypes: true,
      });
      expect(tsc(dir)).toBe('');
    },
    180_000,
  );

  // Round 36, E: `"module": "commonjs"` (TypeScript 5's `tsc --init` before 5.9, NestJS's template) resolves the node10
  // way, which reads no `exports`: the main entries were found through `types`, every subpath (`/ws`, `/node`,
  // `/vitest`) failed with TS2307 although Node ≥ 20.19 require()s them. attw's esm-only profile does not check node10.
  // Resolving is not enough: node10 finds a subpath through `typesVersions`, which could name another entry's types
  // (`/node` → vitest.d.mts type-checks `import * as`), so each specifier must resolve to the `.d.mts` its `exports`
  // entry names, as node16 and bundler resolution find it.
  it('tsc with module commonjs (node10 resolution) finds the types of every entry of every package', () => {
    const dir = join(project, 'ts-node10');
    mkdirSync(dir, { recursive: true });
    /** Each entry's specifier → the types file its `exports` entry names, where it is installed. */
    const intended = new Map(
      PACKAGES.flatMap((pkg) => {
        const name = `@org/kalshi-${pkg}`;
        const installed = join(project, 'node_modules', name);
        const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
        return Object.entries(manifest.exports as Record<string, { types?: string }>)
          .filter(([entry]) => entry !== './package.json')
          .map(([entry, conditions]) => [name + entry.slice(1), join(installed, conditions.types ?? '')] as const);
      }),
    );
    const entries = [...intended.keys()];
    expect(entries).toContain('@org/kalshi-client/ws');
    writeFileSync(
      join(dir, 'consumer.ts'),
      entries.map((entry, i) => `import * as entry${i} from '${entry}';\nexport { entry${i} };\n`).join(''),
    );
    writeTsconfig(dir, { module: 'commonjs', skipLibCheck: true });
    // One tsc run both checks and traces (a second run without the trace cost about 3 s of CPU): it type-checks
    // (exit 0, no error among the trace lines, which are all it prints then) and resolves every entry as intended.
    const traced = spawnSync(
      process.execPath,
      [join(project, 'node_modules/typescript/bin/tsc'), '-p', dir, '--traceResolution'],
      // The trace runs to megabytes: room for all of it (spawnSync stops tsc at 1 MB by default).
      { cwd: project, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    expect(traced.stdout.split('\n').filter((line) => /error TS\d+/.test(line))).toEqual([]);
    expect({ error: traced.error, status: traced.status, stderr: traced.stderr }).toEqual({
      error: undefined,
      status: 0,
      stderr: '',
    });
    // tsc's trace: "======== Module name 'X' was successfully resolved to 'Y' …" for every importing file.
    const resolved = new Map<string, Set<string>>();
    for (const [, specifier, file] of traced.stdout.matchAll(
      /^======== Module name '([^']+)' was successfully resolved to '([^']+)'/gm,
    ))
      if (intended.has(specifier as string))
        resolved.set(specifier as string, (resolved.get(specifier as string) ?? new Set()).add(file as string));
    expect(new Map([...resolved].map(([specifier, files]) => [specifier, [...files]]))).toEqual(
      new Map([...intended].map(([specifier, file]) => [specifier, [file]])),
    );
  }, 120_000);
});

// Where users are: Node 22 and 24 with the current majors (msw 3 and vitest 5, which need Node ≥ 22.12) next to
// Node 20's lines, Bun and Deno. Each project is installed once (one npm cache), entries run one after another.
const STREAM_URL = () => baseUrl.replace('http://', 'ws://').replace('/trade-api/v2', '/trade-api/ws/v2');
const DOWNSTREAM = join(import.meta.dirname, 'downstream');

/** Copies the downstream suite into `dir` and runs it with that project's vitest on `node`; returns vitest's JSON. */
function runDownstreamSuite(dir: string, node: string) {
  mkdirSync(join(dir, 'test'), { recursive: true });
  copyFileSync(join(DOWNSTREAM, 'kalshi.test.mjs'), join(dir, 'test/kalshi.test.mjs'));
  copyFileSync(join(DOWNSTREAM, 'close.test.mjs'), join(dir, 'test/close.test.mjs'));
  const report = join(dir, 'vitest-report.json');
  runIn(dir, node, [
    join(dir, 'node_modules/vitest/vitest.mjs'),
    'run',
    'test/kalshi.test.mjs',
    'test/close.test.mjs',
    '--reporter=json',
    `--outputFile=${report}`,
    // vitest's default 5 s: the first setupKalshiMockServer() of a file took 3.2 s at load 8 and over 5 s at load 16
    // (a failed run, "kalshi.server.close() without listen()" after 9,981 ms); load alone must not fail it.
    '--testTimeout=60000',
    '--hookTimeout=60000',
  ]);
  return JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
}

const versionOf = (dir: string, pkg: string) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;

describe('matrix: Node 20 + msw 2 + vitest 4', () => {
  it('npm installs the tarballs with msw 2 and vitest 4 without a warning about peers', () => {
    expect(versionOf(project, 'msw')).toMatch(/^2\./);
    expect(versionOf(project, 'vitest')).toMatch(/^4\./);
    expect(peerWarnings(node20Install)).toEqual([]);
  });

  it('a downstream vitest suite using setupKalshiMockServer runs REST and the stream, and listens strictly', () => {
    expect(runDownstreamSuite(project, process.execPath)).toMatchObject({ numPassedTests: 6, numFailedTests: 0 });
  }, 180_000);
});

describe('matrix: Node 22 and Node 24 + msw 3 + vitest 5', () => {
  let current: string;
  let install: string;
  const nodes: Record<string, string> = {};
  beforeAll(() => {
    nodes['22'] = runtimeBinary('node@22');
    nodes['24'] = runtimeBinary('node@24');
    current = mkdtempSync(join(tmpdir(), 'kalshi-user-current-'));
    writeFileSync(join(current, 'package.json'), JSON.stringify({ name: 'kalshi-user-current', private: true }));
    // npm runs on Node 22 itself, so engine checks see the Node these projects use.
    install = npmInstall(
      current,
      [...tarballs, 'msw@^3.0.0', 'vitest@^5.0.0', 'typescript@~5.9.3', '@types/node@^22.0.0'],
      nodes['22'],
    );
  }, 480_000);

  it('npm installs the tarballs with msw 3 and vitest 5 on Node 22 without a warning about peers', () => {
    expect(versionOf(current, 'msw')).toMatch(/^3\./);
    expect(versionOf(current, 'vitest')).toMatch(/^5\./);
    expect(peerWarnings(install)).toEqual([]);
  });

  it("the README's mock set-up type-checks against msw 3's types", () => {
    copyFileSync(join(DOWNSTREAM, 'readme-mock.ts'), join(current, 'readme-mock.ts'));
    // The mock's README as published: its first ```ts block, verbatim (msw 2's listen option fails here, TS2353).
    const readme = readFileSync(join(current, 'node_modules/@org/kalshi-mock/README.md'), 'utf8');
    const block = /^```ts\n([\s\S]*?)^```$/m.exec(readme)?.[1];
    expect(block, "@org/kalshi-mock's README has a ```ts block").toBeDefined();
    writeFileSync(join(current, 'mock-readme.ts'), `${block}export {};\n`);
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'preserve',
      moduleResolution: 'bundler',
      types: ['node'],
      skipLibCheck: true,
    };
    writeFileSync(
      join(current, 'tsconfig.json'),
      JSON.stringify({ compilerOptions, files: ['readme-mock.ts', 'mock-readme.ts'] }),
    );
    expect(
      runIn(current, nodes['22'] as string, [join(current, 'node_modules/typescript/bin/tsc'), '-p', current]),
    ).toBe('');
  }, 120_000);

  it.each(['22', '24'])(
    'on Node %s the downstream vitest 5 suite runs REST and the stream through msw 3, and listens strictly',
    (major) => {
      expect(runIn(current, nodes[major] as string, ['-p', 'process.versions.node'])).toMatch(
        new RegExp(`^${major}\\.`),
      );
      expect(runDownstreamSuite(current, nodes[major] as string)).toMatchObject({
        numPassedTests: 6,
        numFailedTests: 0,
      });
    },
    180_000,
  );

  // Round 40, U: the mock README's `npm install -D @org/kalshi-mock msw` installs msw 3 on Node 20 too (npm warns
  // EBADENGINE only; msw 3 wants Node ≥ 22.12). kalshi.listen() succeeded there and every request then failed as a
  // KalshiConnectionError "Promise.withResolvers is not a function". listen() now refuses it, naming msw 2.
  it("on Node 20, below msw 3's engines, kalshi.listen() refuses msw 3 naming msw 2", () => {
    const node20 = runtimeBinary('node@20');
    expect(runIn(current, node20, ['-p', 'process.versions.node'])).toMatch(/^20\./);
    writeFileSync(
      join(current, 'listen-node20.mjs'),
      [
        "import { setupKalshiMockServer } from '@org/kalshi-mock/node';",
        'const kalshi = setupKalshiMockServer();',
        "try { kalshi.listen(); console.log('listening'); }",
        "catch (error) { console.log(error.name + ': ' + error.message); }",
        'finally { kalshi.server.close(); }',
      ].join('\n'),
    );
    expect(runIn(current, node20, ['listen-node20.mjs'])).toMatch(
      /^KalshiMockNotInterceptingError: kalshi\.listen\(\): this msw \(3\) needs Node ≥ 22\.12 .*npm install -D msw@2/,
    );
  }, 180_000);

  // Deno's permissions as the README names them, with msw 3 (the Bun and Deno matrix below runs Deno with --allow-all,
  // which hides them). Deno 2.9 + msw 3.0: `@org/kalshi-mock/node` with `--allow-net --allow-env` failed `NotCapable:
  // Requires read access to ".../@mswjs/interceptors/lib/node/llhttp/llhttp.wasm"`, which the README did not say; a
  // key file denied to `--allow-read` failed `cannot read "…" (unknown error)`.
  describe('Deno permissions, as the README names them', () => {
    /** Runs `deno run <flags> <file>` in the project (no colours); its exit status and everything it printed. */
    const denoRun = (flags: string[], file: string, env: Record<string, string> = {}) => {
      const result = spawnSync(runtimeBinary('deno'), ['run', ...flags, file], {
        cwd: current,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    };

    it('@org/kalshi-mock/node runs the README block with --allow-net, --allow-env and --allow-read=node_modules', () => {
      // The root README's block for msw 3 on Bun and Deno, verbatim: startKalshiMockServer and a client pointed at it.
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const block = /^```ts\n((?:(?!^```)[\s\S])*?startKalshiMockServer\(\{ port: 0 \}\)[\s\S]*?)^```$/m.exec(
        readme,
      )?.[1];
      expect(readme).toContain('`--allow-read=node_modules`');
      expect(block, "the README's startKalshiMockServer block").toBeDefined();
      writeFileSync(join(current, 'served.ts'), block as string);
      const run = denoRun(['--allow-net=127.0.0.1', '--allow-env', '--allow-read=node_modules'], 'served.ts');
      expect(run).toMatchObject({ status: 0 });
      // The block prints the account's balance (in cents, a whole number).
      expect(run.output.trim()).toMatch(/^\d+$/);
      // Without --allow-read, msw 3's interceptors cannot load their parser: why the README names it.
      expect(denoRun(['--allow-net=127.0.0.1', '--allow-env'], 'served.ts').output).toMatch(
        /NotCapable: Requires read access to "[^"]*llhttp\.wasm"/,
      );
    }, 120_000);

    it('a key file denied to --allow-read is key_file_unreadable naming NotCapable', () => {
      writeFileSync(
        join(current, 'env-key.ts'),
        `import { createKalshiClient } from '@org/kalshi-client';
try {
  await createKalshiClient({ environment: 'demo', credentials: 'env' });
  console.log('created');
} catch (error) {
  console.log(JSON.stringify({ name: error.name, code: error.code, message: error.message }));
}
`,
      );
      const run = denoRun(['--allow-env'], 'env-key.ts', {
        KALSHI_API_KEY_ID: 'a952bcbe-ec3b-4b5b-b8f9-11dae589608c',
        KALSHI_PRIVATE_KEY_PATH: '/nonexistent/kalshi.pem',
        KALSHI_PRIVATE_KEY: '',
      });
      expect(JSON.parse(run.output)).toEqual({
        name: 'KalshiCredentialsError',
        code: 'key_file_unreadable',
        message: 'KALSHI_PRIVATE_KEY_PATH: cannot read "/nonexistent/kalshi.pem" (NotCapable)',
      });
    }, 120_000);
  });
});

describe('matrix: Bun and Deno against kalshi-mock serve', () => {
  it.each([
    ['bun', (bin: string) => [bin, ['runtime-check.mjs', baseUrl, STREAM_URL()]] as const],
    ['deno', (bin: string) => [bin, ['run', '--allow-all', 'runtime-check.mjs', baseUrl, STREAM_URL()]] as const],
  ])(
    '%s: client, signing (node:crypto and WebCrypto; RSA-PSS and Ed25519), REST and the stream',
    (name, command) => {
      copyFileSync(join(DOWNSTREAM, 'runtime-check.mjs'), join(project, 'runtime-check.mjs'));
      const [bin, args] = command(runtimeBinary(name));
      const result = JSON.parse(runIn(project, bin, [...args]));
      expect(result).toEqual({
        runtime: name,
        orders: {
          node: { placed: '1.00', canceled: '1.00' },
          webcrypto: { placed: '1.00', canceled: '1.00' },
        },
        verified: { 'rsa/node': true, 'rsa/webcrypto': true, 'ed25519/node': true, 'ed25519/webcrypto': true },
        stream: { sids: [1], listed: [{ channel: 'market_lifecycle_v2', sid: 1 }] },
      });
    },
    240_000,
  );
});

// The market-maker example (examples/market-maker) as a user copies it into their own npm project, ES module and
// CommonJS (a default `npm init` project): tsc with `module: nodenext` type-checks and compiles it, its vitest suite
// runs against setupKalshiMockServer, and the CommonJS build require()s the ESM-only packages (Node ≥ 20.19).
describe('the market-maker example in a downstream npm project', () => {
  const EXAMPLE = join(ROOT, 'examples/market-maker');
  const KINDS = ['module', 'commonjs'] as const;
  const dirOf = (kind: string) => join(project, `market-maker-${kind}`);

  beforeAll(() => {
    for (const kind of KINDS) {
      const dir = dirOf(kind);
      mkdirSync(dir, { recursive: true });
      for (const file of ['market-maker.ts', 'market-maker.test.ts'])
        copyFileSync(join(EXAMPLE, file), join(dir, file));
      // No "type" is what `npm init` writes: CommonJS.
      writeFileSync(join(dir, 'package.json'), JSON.stringify(kind === 'module' ? { type: 'module' } : {}));
      const compilerOptions = {
        strict: true,
        noUncheckedIndexedAccess: true,
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        types: ['node'],
        lib: ['es2023', 'dom'],
        outDir: 'out',
        skipLibCheck: true,
      };
      const files = ['market-maker.ts', 'market-maker.test.ts'];
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }));
    }
  });

  it('tsc (module nodenext) type-checks and compiles it in both projects', () => {
    // One tsc process builds both projects; each file is ESM or CommonJS by its package.json.
    const tsc = join(project, 'node_modules/typescript/bin/tsc');
    expect(runIn(project, process.execPath, [tsc, '-b', ...KINDS.map((k) => join(dirOf(k), 'tsconfig.json'))])).toBe(
      '',
    );
    // The CommonJS project's build require()s the ESM package; the ES module project's imports it.
    const built = (kind: string) => readFileSync(join(dirOf(kind), 'out/market-maker.js'), 'utf8');
    expect(built('commonjs')).toMatch(/require\(["']@org\/kalshi-client["']\)/);
    expect(built('module')).toMatch(/^import .* from ["']@org\/kalshi-client["'];$/m);
  }, 240_000);

  it("its vitest suite passes in both projects against the mock, with the project's own vitest and msw", () => {
    const report = join(project, 'market-maker-report.json');
    runIn(project, process.execPath, [
      join(project, 'node_modules/vitest/vitest.mjs'),
      'run',
      ...KINDS.map((k) => `market-maker-${k}/market-maker.test.ts`),
      '--reporter=json',
      `--outputFile=${report}`,
    ]);
    const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as {
      testResults: { name: string; assertionResults: { status: string }[] }[];
    };
    const tests = readFileSync(join(EXAMPLE, 'market-maker.test.ts'), 'utf8').match(/^\s*it\(/gm)?.length ?? 0;
    expect(tests).toBeGreaterThan(0);
    for (const kind of KINDS) {
      const file = testResults.find((r) => r.name.endsWith(`market-maker-${kind}/market-maker.test.ts`));
      expect(file?.assertionResults.map((a) => a.status)).toEqual(Array(tests).fill('passed'));
    }
  }, 240_000);

  it('CommonJS: the compiled example require()s the client and quotes on kalshi-mock serve', () => {
    const script = `const { createKalshiClient, unwrap } = require('@org/kalshi-client');
const { MarketMaker } = require('./out/market-maker.js');
const creds = JSON.parse(require('node:fs').readFileSync('../creds.json', 'utf8'));
(async () => {
  const kalshi = await createKalshiClient({ baseUrl: process.argv[2], credentials: { keyId: creds.keyId, privateKey: creds.privateKeyPem } });
  const { markets } = unwrap(await kalshi.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const maker = new MarketMaker(kalshi, { ticker: markets[0].ticker });
  const quote = await maker.requote();
  const resting = unwrap(await kalshi.GET('/portfolio/orders', { params: { query: { ticker: markets[0].ticker, status: 'resting' } } })).orders;
  await maker.cancelAll();
  console.log(JSON.stringify({ quote, resting: resting.map((o) => o.book_side).sort() }));
})();
`;
    writeFileSync(join(dirOf('commonjs'), 'quote.cjs'), script);
    const { quote, resting } = JSON.parse(runIn(dirOf('commonjs'), process.execPath, ['quote.cjs', baseUrl]));
    expect(quote.bidCents).toBeLessThan(quote.askCents);
    expect(resting).toEqual(['ask', 'bid']);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------------
// Regenerating downstream (issue 12): Kalshi's spec gains an operation before our next release. The user runs the
// installed `kalshi-codegen generate` on it, passes the generated `paths` and `operations` to createKalshiClient, and
// calls the new operation, type-checked by tsc. `kalshi-mock serve` routes by the operations it was built with and
// answers an unknown path with 404, so the new operation goes to a loopback server here that checks Kalshi's three
// signing headers and the RSA-PSS signature over `timestamp + METHOD + path` (notes §2.1); the rest of the consumer
// runs against the mock.
describe('a consumer regenerates types from a newer spec with the installed kalshi-codegen', () => {
  const NEW_PATH = '/portfolio/tax_documents';

  /** A newer spec: the locked one plus GET /portfolio/tax_documents (signed, like GET /portfolio/balance). */
  function newerSpec(): string {
    const doc = parse(readFileSync(join(ROOT, 'spec/.cache/kalshi-openapi.yaml'), 'utf8'));
    doc.paths[NEW_PATH] = {
      get: {
        operationId: 'GetTaxDocuments',
        tags: ['portfolio'],
        security: doc.paths['/portfolio/balance'].get.security,
        parameters: [{ name: 'year', in: 'query', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['documents'],
                  properties: {
                    documents: {
                      type: 'array',
                      items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
                    },
                  },
                },
              },
            },
          },
        },
      },
    };
    return stringify(doc);
  }

  const CONSUMER = `import { readFileSync } from 'node:fs';
import { createKalshiClient, KalshiMissingCredentialsError, unwrap } from '@org/kalshi-client';
import { operations } from './src/kalshi/manifest';
import type { paths } from './src/kalshi/openapi';

async function main(): Promise<void> {
  const [mockUrl, newUrl] = process.argv.slice(2) as [string, string];
  const creds = JSON.parse(readFileSync('../creds.json', 'utf8'));
  const credentials = { keyId: creds.keyId, privateKey: creds.privateKeyPem };
  const mock = await createKalshiClient<paths>({ baseUrl: mockUrl, credentials, operations });
  const markets = unwrap(await mock.GET('/markets', { params: { query: { limit: 1 } } })).markets;
  const next = await createKalshiClient<paths>({ baseUrl: newUrl, credentials, operations });
  const documents: { id: string }[] = unwrap(
    await next.GET('${NEW_PATH}', { params: { query: { year: 2026 } } }),
  ).documents;
  const anonymous = await createKalshiClient<paths>({ baseUrl: newUrl, operations });
  const refused = await anonymous.GET('${NEW_PATH}', { params: { query: { year: 2026 } } }).then(
    () => 'sent',
    (e: unknown) => (e instanceof KalshiMissingCredentialsError ? e.message : String(e)),
  );
  // @ts-expect-error the new operation requires \`year\`
  const unchecked = () => next.GET('${NEW_PATH}', { params: { query: {} } });
  console.log(JSON.stringify({ markets: markets.length, documents, refused, unchecked: typeof unchecked }));
}
void main();
`;

  /** execFileSync would block the loopback server below, which answers from this process. */
  function runAsync(command: string, args: string[], cwd: string): Promise<string> {
    return new Promise((done, fail) => {
      const child = spawn(command, args, { cwd });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk));
      child.on('close', (code) => (code === 0 ? done(out) : fail(new Error(`${command} exited ${code}: ${err}`))));
    });
  }

  it('generates, type-checks and calls the new operation, signed', async () => {
    const dir = join(project, 'regen');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kalshi-openapi-next.yaml'), newerSpec());
    const generated = run(
      'npx',
      ['--no-install', 'kalshi-codegen', 'generate', '--spec', 'kalshi-openapi-next.yaml', '--out', 'src/kalshi'],
      dir,
    );
    expect(generated).toMatch(/kalshi-codegen: \d+ operations from spec/);
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    // CommonJS output: the generated modules import each other without extensions, as TypeScript sources do.
    writeTsconfig(dir, {
      noEmit: false,
      module: 'commonjs',
      moduleResolution: 'node10',
      outDir: 'out',
      skipLibCheck: true,
      // Round 36, E: what Node's type stripping runs (the README's `.ts` imports, Node ≥ 22.18); the generated
      // FixedPointError and TokenBucket took constructor parameter properties, which Node refuses there (TS1294).
      erasableSyntaxOnly: true,
    });
    expect(tsc(dir)).toBe('');

    const creds = JSON.parse(readFileSync(join(project, 'creds.json'), 'utf8'));
    const publicKey = createPublicKey(creds.privateKeyPem);
    const seen: { path: string; headers: IncomingHttpHeaders; valid: boolean }[] = [];
    const server = createServer((request, response) => {
      const headers = request.headers;
      const path = (request.url ?? '').split('?')[0] as string;
      const signature = String(headers['kalshi-access-signature'] ?? '');
      const valid = verify(
        'sha256',
        Buffer.from(`${headers['kalshi-access-timestamp']}${request.method}${path}`),
        { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
        Buffer.from(signature, 'base64'),
      );
      seen.push({ path: request.url ?? '', headers, valid });
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ documents: [{ id: 'tax-2026' }] }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const newUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trade-api/v2`;
    try {
      const out = await runAsync(process.execPath, [join(dir, 'out/consumer.js'), baseUrl, newUrl], dir);
      expect(JSON.parse(out)).toEqual({
        markets: 1,
        documents: [{ id: 'tax-2026' }],
        refused: expect.stringMatching(/^GetTaxDocuments needs API credentials/),
        unchecked: 'function',
      });
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
    // One request reached the server (the anonymous call stopped before sending), signed with the user's key.
    expect(seen).toHaveLength(1);
    expect(seen[0]?.path).toBe(`/trade-api/v2${NEW_PATH}?year=2026`);
    expect(seen[0]?.headers['kalshi-access-key']).toBe(creds.keyId);
    expect(seen[0]?.headers['kalshi-access-timestamp']).toMatch(/^\d{13}$/);
    expect(seen[0]?.valid).toBe(true);
  }, 120_000);
});
