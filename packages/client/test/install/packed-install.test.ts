import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { constants, createPublicKey, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

// The published packages as a user gets them: packed tarballs installed with plain npm into a project outside the
// workspace (its other dependencies come from the npm registry), run against `kalshi-mock serve`.
const ROOT = resolve(import.meta.dirname, '../../../..');
const PACKAGES = ['codegen', 'auth', 'client', 'mock'];
const PNPM = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager as string;

let project: string;
let tarballs: string[];
let serve: ChildProcess;
let baseUrl: string;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_yes: 'true' },
  });
}

beforeAll(async () => {
  const packs = mkdtempSync(join(tmpdir(), 'kalshi-packs-'));
  for (const pkg of PACKAGES)
    run('npx', ['-y', PNPM, 'pack', '--pack-destination', packs], join(ROOT, 'packages', pkg));
  tarballs = readdirSync(packs).map((f) => join(packs, f));
  project = mkdtempSync(join(tmpdir(), 'kalshi-user-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'kalshi-user', private: true }));
  run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...tarballs,
      'msw@^2.15.0',
      'ws@^8.18.0',
      'typescript@~5.9.3',
      '@types/node@^20.19.0',
    ],
    project,
  );
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

  it('an ES module script places and cancels an order against kalshi-mock serve', () => {
    writeFileSync(
      join(project, 'esm.mjs'),
      SCRIPT(
        `import { createKalshiClient, unwrap } from '@org/kalshi-client';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);`,
      ),
    );
    expect(JSON.parse(run(process.execPath, ['esm.mjs', baseUrl], project))).toMatchObject({ placed: '1.00' });
  });

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
  });

  it('a CommonJS script can require() the client', () => {
    writeFileSync(
      join(project, 'cjs.cjs'),
      SCRIPT(`const { createKalshiClient, unwrap } = require('@org/kalshi-client');`),
    );
    expect(JSON.parse(run(process.execPath, ['cjs.cjs', baseUrl], project))).toMatchObject({ placed: '1.00' });
  });

  it.each(['node16', 'bundler'])(
    'tsc type-checks a consumer against the installed types (moduleResolution %s)',
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
      const module = resolution === 'node16' ? 'node16' : 'preserve';
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            noEmit: true,
            target: 'es2022',
            module,
            moduleResolution: resolution,
            types: ['node'],
            skipLibCheck: false,
            lib: ['es2023', 'dom'],
          },
          files: ['consumer.ts'],
        }),
      );
      expect(run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', dir], project)).toBe('');
    },
    60_000,
  );
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
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'commonjs',
          moduleResolution: 'node10',
          outDir: 'out',
          types: ['node'],
          lib: ['es2023', 'dom'],
          skipLibCheck: true,
        },
        files: ['consumer.ts'],
      }),
    );
    expect(run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', dir], dir)).toBe('');

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
