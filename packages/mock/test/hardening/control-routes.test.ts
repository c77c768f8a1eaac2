import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src/exchange/exchange';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { order, signedFetch } from '../helpers';

// Defect 4 of issue 13: control routes trusted their input. They are validated against control-api.json and
// answer 400 naming the field; bad input changes nothing.
let server: RunningKalshiMockServer;
let control: string;
beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 5 });
  control = `${server.url.replace('/trade-api/v2', '')}/_mock`;
});
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${control}/reset`, { method: 'POST' });
});

const post = async (route: string, body: string) => {
  const response = await fetch(`${control}/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: await response.json() };
};

describe('POST /_mock/faults', () => {
  it.each([
    ['{', 'bad_request'],
    ['null', 'invalid_parameters'],
    ['[1]', 'invalid_parameters'],
    ['"status"', 'invalid_parameters'],
  ])('answers 400 to %s and adds nothing', async (body, code) => {
    const response = await post('faults', body);
    expect(response.status).toBe(400);
    // control-api.json: "400: Invalid JSON or an invalid fault", both in its nested Error shape.
    expect(response.body).toMatchObject({ error: { code } });
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
    expect((await (await fetch(`${control}/faults`)).json()).faults).toEqual([]);
  });

  it.each([
    [{ operation: 'GetExchangeStatus', kind: 'status', status: 99 }, 'status'],
    [{ operation: 'GetExchangeStatus', kind: 'status', status: '503' }, 'status'],
    [{ operation: 'GetExchangeStatus', kind: 'explode' }, 'kind'],
    [{ operation: 'GetExchangeStatus', kind: 'latency', ms: -1 }, 'ms'],
    [{ operation: 'GetExchangeStatus', kind: 'network-error', times: 0 }, 'times'],
    [{ operation: 'GetExchangeStatus', kind: 'network-error', probability: 2 }, 'probability'],
    [{ operation: 'NoSuchOperation', kind: 'network-error' }, 'operation'],
    [{ kind: 'network-error' }, 'operation'],
    [{ stream: 'ticker', kind: 'delay' }, 'ms'],
    [{ operation: 'GetExchangeStatus', kind: 'network-error', extra: 1 }, 'extra'],
  ])('answers 400 naming the field for %j', async (fault, field) => {
    const response = await post('faults', JSON.stringify(fault));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_parameters');
    expect(response.body.error.details).toMatch(new RegExp(`^${field}\\b`));
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
  });

  it('adds all of an array or none of it, naming the index of the bad one', async () => {
    const response = await post(
      'faults',
      JSON.stringify([
        { operation: 'GetExchangeStatus', kind: 'status', status: 503 },
        { operation: 'GetExchangeStatus', kind: 'status', status: 600 },
      ]),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.details).toMatch(/^\[1\]\.status/);
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
  });

  it('answers 400 invalid_parameters naming the body when there is none (control-api.json: required)', async () => {
    const response = await post('faults', '');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_parameters');
    expect(response.body.error.details).toMatch(/^body\b/);
  });

  it('accepts a valid fault, which then fires', async () => {
    const response = await post(
      'faults',
      JSON.stringify({ operation: 'GET /exchange/status', kind: 'status', status: 503, times: 1 }),
    );
    expect(response.status).toBe(200);
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(503);
    expect((await fetch(`${server.url}/exchange/status`)).status).toBe(200);
  });
});

describe('POST /_mock/time', () => {
  it.each([
    ['{"advanceMs":"5"}', 'advanceMs'],
    ['{"advanceMs":-5}', 'advanceMs'],
    ['{"advanceMs":1.5}', 'advanceMs'],
    ['{"advanceMs":9000000000000000}', 'advanceMs'],
    ['{"advance":5}', 'advance'],
    ['[]', 'body'],
  ])('answers 400 to %s naming the field, and the clock still works', async (body, field) => {
    const before = (await (await fetch(`${control}/state`)).json()).now;
    const response = await post('time', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toMatch(new RegExp(`^${field}\\b`));
    const state = await (await fetch(`${control}/state`)).json();
    expect(typeof state.now).toBe('number');
    expect(state.now).toBeGreaterThanOrEqual(before);
    expect((await fetch(`${server.url}/markets?limit=2`)).status).toBe(200);
  });

  it('names the route and its fields for an unknown one (not "a field of this fault")', async () => {
    const response = await post('time', '{"bogus":1}');
    expect(response.body.error.details).toBe('bogus: is not a field of the POST /_mock/time body (fields: advanceMs)');
  });

  it('takes no body (control-api.json: not required)', async () => {
    const response = await post('time', '');
    expect(response.status).toBe(200);
    expect(typeof response.body.now).toBe('number');
  });

  it('moves the clock by advanceMs', async () => {
    const before = (await (await fetch(`${control}/state`)).json()).now;
    const response = await post('time', '{"advanceMs":60000}');
    expect(response.status).toBe(200);
    expect(response.body.now).toBeGreaterThanOrEqual(before + 60_000);
  });
});

describe('the control routes themselves', () => {
  it('answers a wrong method with 405 and Allow, and an unknown route with 404', async () => {
    const wrong = await fetch(`${control}/reset`, { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${control}/nope`)).status).toBe(404);
  });

  it('GET /_mock/state gives each account its available cash: a resting bid’s collateral is not available', async () => {
    const available = async () =>
      (await (await fetch(`${control}/state`)).json()).accounts.find(
        (a: { user_id: string }) => a.user_id === TEST_USER_ID,
      ).available_micro_dollars as number;
    const before = await available();
    const ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    // 1 YES bid at $0.01 (the book's lowest price, so it rests): $0.01 of collateral, 10,000 micro-dollars.
    const placed = await signedFetch(server, 'POST', '/portfolio/events/orders', order(ticker));
    expect(placed.status).toBe(201);
    expect(await available()).toBe(before - 10_000);
  });

  it('validates faults added through the JavaScript API the same way', () => {
    // biome-ignore lint/suspicious/noExplicitAny: an invalid fault on purpose
    expect(() => server.mock.faults.add({ operation: 'GetExchangeStatus', kind: 'status', status: 99 } as any)).toThrow(
      /^status: must be >= 400/,
    );
  });
});

describe('POST /_mock/users', () => {
  it('opens an account whose key signs requests as it', async () => {
    const { createSigner } = await import('@org/kalshi-auth');
    const opened = await post('users', '{"balanceDollars":125.5}');
    expect(opened.status).toBe(200);
    expect(opened.body.userId).toMatch(/^[0-9a-f-]{36}$/);
    const signer = await createSigner({ keyId: opened.body.keyId, privateKey: opened.body.privateKeyPem });
    const url = `${server.url}/portfolio/balance`;
    const balance = await fetch(url, { headers: await signer.sign({ method: 'GET', url }) });
    expect(balance.status).toBe(200);
    expect((await balance.json()).balance_dollars).toBe('125.5000');
  });

  it('takes no body (control-api.json: not required), opening an account with the default $10,000', async () => {
    const { createSigner } = await import('@org/kalshi-auth');
    const opened = await post('users', '');
    expect(opened.status).toBe(200);
    const signer = await createSigner({ keyId: opened.body.keyId, privateKey: opened.body.privateKeyPem });
    const url = `${server.url}/portfolio/balance`;
    const balance = await fetch(url, { headers: await signer.sign({ method: 'GET', url }) });
    expect((await balance.json()).balance_dollars).toBe('10000.0000');
  });

  it('names the route and its fields for an unknown one', async () => {
    const response = await post('users', '{"bogus":1}');
    expect(response.status).toBe(400);
    expect(response.body.error.details).toBe(
      'bogus: is not a field of the POST /_mock/users body (fields: balanceDollars)',
    );
  });

  it('answers 400 naming the field for a bad balance, and opens nothing', async () => {
    const before = server.mock.users.length;
    const response = await post('users', '{"balanceDollars":-1}');
    expect(response.status).toBe(400);
    expect(response.body.error.details).toMatch(/balanceDollars/);
    expect(server.mock.users).toHaveLength(before);
  });
});
