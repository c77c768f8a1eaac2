import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSigner } from '@org/kalshi-auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { order, signedFetch as signed } from '../helpers';
import { rawRequest } from '../raw-http';
import { serveUntilExit, spawnServe } from '../serve-process';

let server: RunningKalshiMockServer;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 4 });
});
afterAll(() => server.close());
// Each test starts from the seeded exchange with no faults, whatever ran before it.
beforeEach(() => {
  server.mock.exchange.reset();
  server.mock.faults.clear();
});

const signedFetch = (method: string, path: string, body?: unknown) => signed(server, method, path, body);

describe('the node:http server', () => {
  it('sends JSON with its length in bytes, as msw does', async () => {
    // A title with non-ASCII text: its byte length differs from its length in characters.
    const market = [...server.mock.exchange.markets.values()][0] as { ticker: string; title: string };
    market.title = 'Will it be ≥ 40°F?';
    for (const path of [`/markets/${market.ticker}`, '/markets?limit=3', '/no/such/route']) {
      const response = await fetch(`${server.url}${path}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.headers.get('content-type'), path).toBe('application/json');
      expect(Number(response.headers.get('content-length')), path).toBe(bytes.byteLength);
      expect(() => JSON.parse(bytes.toString('utf8')), path).not.toThrow();
    }
  });

  it('runs the order lifecycle with signed requests over loopback', async () => {
    const markets = await (await fetch(`${server.url}/markets?status=open&limit=1`)).json();
    const ticker = markets.markets[0].ticker;
    const created = await signedFetch('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'srv-1' }));
    expect(created.status).toBe(201);
    const id = created.body.order_id;
    expect((await signedFetch('GET', `/portfolio/orders/${id}`)).body.order.status).toBe('resting');
    expect(
      (
        await signedFetch('POST', `/portfolio/events/orders/${id}/amend`, {
          ticker,
          side: 'bid',
          price: '0.0200',
          count: '1',
        })
      ).status,
    ).toBe(200);
    expect((await signedFetch('DELETE', `/portfolio/events/orders/${id}`)).body.reduced_by).toBe('1.00');
    expect((await signedFetch('GET', `/portfolio/orders/${id}`)).body.order.status).toBe('canceled');
  });

  it('has control routes: faults, state, reset', async () => {
    const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    expect(
      (await signedFetch('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'srv-1' }))).status,
    ).toBe(201);
    await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'GetExchangeStatus', kind: 'status', status: 503, times: 1 }),
    });
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(503);
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
    const state = await (await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/state`)).json();
    expect(state.orders.some((o: { client_order_id: string }) => o.client_order_id === 'srv-1')).toBe(true);
    await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/reset`, { method: 'POST' });
    const after = await (await fetch(`${server.url.replace('/trade-api/v2', '')}/_mock/state`)).json();
    expect(after.orders.some((o: { client_order_id: string }) => o.client_order_id === 'srv-1')).toBe(false);
  });

  // RFC 9110 §9.1 "All general-purpose servers MUST support the methods GET and HEAD", §9.3.2 HEAD is GET without
  // content (`curl -I` as a health check). Kalshi's answer to HEAD is not recorded (the notes are silent).
  it('answers HEAD on a GET operation as GET, without the body', async () => {
    for (const path of [
      '/exchange/status',
      '/markets?limit=2',
      `/markets/${[...server.mock.exchange.markets.keys()][0]}`,
    ]) {
      const get = await fetch(`${server.url}${path}`);
      const getBytes = Buffer.from(await get.arrayBuffer());
      const head = await rawRequest(
        server.port,
        `HEAD /trade-api/v2${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
      );
      expect(head.status, path).toBe(200);
      expect(head.headers['content-type'], path).toBe('application/json');
      expect(Number(head.headers['content-length']), path).toBe(getBytes.byteLength);
      expect(head.text, path).toBe('');
    }
    // Signed like a GET (the signature covers the method): a portfolio read answers too.
    const { keyId, privateKeyPem } = server.mock.credentials;
    const signer = await createSigner({ keyId, privateKey: privateKeyPem });
    const url = `${server.url}/portfolio/balance`;
    const head = await fetch(url, { method: 'HEAD', headers: await signer.sign({ method: 'HEAD', url }) });
    expect(head.status).toBe(200);
  });

  it('drops the connection for a network-error fault', async () => {
    server.mock.faults.add({ operation: 'GetExchangeStatus', kind: 'network-error', times: 1 });
    await expect(fetch(`${server.url}/exchange/status`)).rejects.toThrow();
  });
});

describe('kalshi-mock serve', () => {
  // These spawn a process: generous timeouts for a loaded 2-core machine; every wait is on an event.
  it('prints its URL, writes credentials any language can sign with, and stops on SIGTERM', {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kalshi-mock-'));
    const credentials = join(dir, 'creds.json');
    const { url, stop } = await spawnServe(['--port', '0', '--seed', '3', '--credentials-out', credentials]);
    const file = JSON.parse(readFileSync(credentials, 'utf8'));
    // The file fits createKalshiClient's { keyId, privateKey } and keeps the first format's privateKeyPem.
    expect(file.privateKey).toMatch(/^-----BEGIN (RSA )?PRIVATE KEY-----/);
    expect(file.privateKeyPem).toBe(file.privateKey);
    const signer = await createSigner({ keyId: file.keyId, privateKey: file.privateKey });
    const response = await fetch(`${url}/portfolio/balance`, {
      headers: await signer.sign({ method: 'GET', url: `${url}/portfolio/balance` }),
    });
    expect(response.status).toBe(200);
    expect(await stop('SIGTERM')).toBe(0);
  });

  it('names a bad option', { timeout: 60_000 }, async () => {
    const { code, stderr } = await serveUntilExit(['--port', 'eighty']);
    expect(code).toBe(1);
    expect(stderr).toContain('--port: "eighty" is not a port number');
  });

  // A port is a decimal integer 0–65535: not what JavaScript's Number() also reads (hex, exponent, an empty string as
  // 0, as an unset `--port=$PORT` gives), nor a sign or blanks. The notes are silent (a CLI matter).
  it.each(['0x47d1', '1.8391e4', '', '-1', '+80', ' 80', '80.0', '65536'])(
    'refuses --port=%j, naming --port',
    { timeout: 60_000 },
    async (value) => {
      const { code, stderr } = await serveUntilExit([`--port=${value}`]);
      expect(code).toBe(1);
      expect(stderr).toBe(`kalshi-mock: --port: "${value}" is not a port number (a decimal integer 0–65535)\n`);
    },
  );

  it.each([
    ['--seed', '--seed=', '--seed: "" is not an integer'],
    ['--seed', '--seed=0x10', '--seed: "0x10" is not an integer'],
    ['--seed', '--seed=99999999999999999999', '--seed: "99999999999999999999" is not an integer'],
    // Round 46 (K2): --activity went through Number(), which reads ` 5 ` as 5 and `0x10` as 16. A rate is a plain
    // decimal number (the notes are silent: a CLI matter).
    ['--activity', '--activity= 5 ', '--activity: " 5 " is not a positive number of orders per second'],
    ['--activity', '--activity=0x10', '--activity: "0x10" is not a positive number of orders per second'],
  ])('refuses a %s that is not a plain decimal number (%s)', { timeout: 60_000 }, async (_, arg, message) => {
    const { code, stderr } = await serveUntilExit([arg]);
    expect(code).toBe(1);
    expect(stderr).toBe(`kalshi-mock: ${message}\n`);
  });

  // The README: a bad option prints one line `kalshi-mock: --option: …`. Outside tester D-D3: an option serve does not
  // know printed node:util's "Unknown option '--bogus'" instead.
  it.each([
    [['--bogus'], '--bogus: unknown option (kalshi-mock --help lists them)'],
    [['--bogus=3'], '--bogus: unknown option (kalshi-mock --help lists them)'],
    [['-p', '1'], '-p: unknown option (kalshi-mock --help lists them)'],
    [['--port'], '--port: needs a value'],
    [['8080'], '8080: not an option (kalshi-mock --help lists them)'],
    // Outside tester V-D3: the name was cut from node:util's message at a quote, a space or "<" (`--bo'gus` named
    // `--bo`, `a b` named `a`, an empty argument named ``), and a newline broke the line. Named whole, JSON-quoted when
    // it is empty or holds whitespace, a quote or a control character.
    [["--bo'gus"], '"--bo\'gus": unknown option (kalshi-mock --help lists them)'],
    [['--bo gus=1'], '"--bo gus": unknown option (kalshi-mock --help lists them)'],
    [['a b'], '"a b": not an option (kalshi-mock --help lists them)'],
    [[''], '"": not an option (kalshi-mock --help lists them)'],
    [['x\ny'], '"x\\ny": not an option (kalshi-mock --help lists them)'],
    [['--port', '0', '--', 'x'], 'x: not an option (kalshi-mock --help lists them)'],
    [['-xy'], '-x: unknown option (kalshi-mock --help lists them)'],
    // Outside tester X (round 30): a misspelt option named only itself, while the library's options name the one
    // meant (`sede: is not an option; did you mean "seed"?`); the CLI names it too.
    [['--prot', '0'], '--prot: unknown option; did you mean "--port"? (kalshi-mock --help lists them)'],
    [
      ['--credential-out', 'c.json'],
      '--credential-out: unknown option; did you mean "--credentials-out"? (kalshi-mock --help lists them)',
    ],
    [
      ['--rate_limit', 'basic'],
      '--rate_limit: unknown option; did you mean "--rate-limit"? (kalshi-mock --help lists them)',
    ],
    [['--seed', '--port', '80'], '--seed: needs a value (--seed=VALUE for one that starts with "-")'],
    [['--port=1\n2'], '--port: "1\\n2" is not a port number (a decimal integer 0–65535)'],
  ])('refuses %j in one line naming it', { timeout: 60_000 }, async (args, message) => {
    const { code, stderr } = await serveUntilExit(args);
    expect(code).toBe(1);
    expect(stderr).toBe(`kalshi-mock: ${message}\n`);
  });

  // Outside tester V-D4: `-h` anywhere printed the usage and exited 0, even as an option's value or after `--`, so a
  // harness saw exit 0 and no server. It is help only as an option; an option followed by one has no value (the README:
  // a start that fails exits 1 with one line naming the option).
  it.each([
    [['--port', '-h'], '--port: needs a value (--port=VALUE for one that starts with "-")'],
    [
      ['--credentials-out', '-h'],
      '--credentials-out: needs a value (--credentials-out=VALUE for one that starts with "-")',
    ],
    [['--port', '--help'], '--port: needs a value (--port=VALUE for one that starts with "-")'],
    [['--', '-h'], '-h: not an option (kalshi-mock --help lists them)'],
    [['--port', '0', '--', '--help'], '--help: not an option (kalshi-mock --help lists them)'],
  ])('%j is not a request for help: exit 1 naming the option', { timeout: 60_000 }, async (args, message) => {
    const { code, stderr } = await serveUntilExit(args);
    expect(code).toBe(1);
    expect(stderr).toBe(`kalshi-mock: ${message}\n`);
  });

  // A harness waits for `listening on` or for the process to end: a start that fails past the options (a file that
  // cannot be written, an activity market the exchange does not list) ends it too, with exit 1, one line naming the
  // option, and nothing left listening.
  it.each([
    [
      '--credentials-out',
      ['--credentials-out', '/nonexistent-dir/creds.json'],
      /^--credentials-out: cannot write \/nonexistent-dir\/creds\.json \(ENOENT/,
    ],
    [
      '--users-out',
      ['--users', '1', '--users-out', '/nonexistent-dir/users.json'],
      /^--users-out: cannot write \/nonexistent-dir\/users\.json \(ENOENT/,
    ],
    ['--activity-markets', ['--activity', '1', '--activity-markets', 'NOPE'], /^--activity-markets: no market "NOPE"$/],
    [
      '--dataset',
      ['--dataset', '/nonexistent-dir/dataset.json'],
      /^--dataset: cannot read \/nonexistent-dir\/dataset\.json \(ENOENT/,
    ],
  ])('exits 1 when %s fails at start, naming it', { timeout: 60_000 }, async (_, args, message) => {
    const { code, stderr } = await serveUntilExit(['--port', '0', ...args]);
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(/^kalshi-mock: /, '')).toMatch(message);
  });

  // Round 38 (D): a --dataset file that is not JSON, or not a dataset, was named without the option
  // (`kalshi-mock: /etc/passwd: not JSON (…)`), and an empty --host as the library's `host:`; the README: "A start that
  // fails (a bad option, …) prints one line `kalshi-mock: --option: …`".
  const files = mkdtempSync(join(tmpdir(), 'kalshi-mock-bad-dataset-'));
  const notJson = join(files, 'not-json.txt');
  const notDataset = join(files, 'not-a-dataset.json');
  writeFileSync(notJson, 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(notDataset, '{}\n');
  it.each([
    ['a --dataset that is not JSON', ['--dataset', notJson], /^--dataset: .*not-json\.txt: not JSON \(/],
    [
      'a --dataset that is not a dataset',
      ['--dataset', notDataset],
      /^--dataset: .*not-a-dataset\.json: field "format" is required$/,
    ],
    ['an empty --host', ['--host='], /^--host: "" is not a host name or address$/],
  ])('exits 1 naming the option for %s', { timeout: 60_000 }, async (_, args, message) => {
    const { code, stderr } = await serveUntilExit(['--port', '0', ...args]);
    expect(code).toBe(1);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.replace(/^kalshi-mock: /, '')).toMatch(message);
  });

  it('exits 1 naming --port when the port is taken', { timeout: 60_000 }, async () => {
    const { code, stderr } = await serveUntilExit(['--port', String(server.port)]);
    expect(code).toBe(1);
    expect(stderr).toBe(`kalshi-mock: --port: cannot listen on 127.0.0.1:${server.port} (EADDRINUSE)\n`);
  });
});

describe('startKalshiMockServer', () => {
  it('leaves nothing listening when the mock cannot start (an unknown activity market)', async () => {
    const free = await startKalshiMockServer({ seed: 4 });
    const port = free.port;
    await free.close();
    await expect(startKalshiMockServer({ port, activity: { ordersPerSecond: 1, markets: ['NOPE'] } })).rejects.toThrow(
      'activity.markets: no market "NOPE"',
    );
    // The port is free again: the failed start closed its server.
    const again = await startKalshiMockServer({ port });
    expect(again.port).toBe(port);
    await again.close();
  });
});
