import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningKalshiMockServer, startKalshiMockServer } from '../../src/node';
import { signedFetch } from '../helpers';

// The life cycle driven from outside the process, as a test in another language would: determine through
// /_mock/markets/determine, settle by moving the clock with /_mock/time (kalshi-api-notes §6.1: determined, then
// finalized after settlement_timer_seconds).
const T0 = Date.UTC(2026, 5, 11, 18);
let server: RunningKalshiMockServer;
let control: string;
let ticker: string;

beforeAll(async () => {
  server = await startKalshiMockServer({ seed: 5, now: T0 });
  control = `${server.url.replace('/trade-api/v2', '')}/_mock`;
  ticker = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
}, 60_000);
afterAll(() => server.close());

const post = async (route: string, body: unknown) => {
  const response = await fetch(`${control}/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
};

describe('POST /_mock/markets/determine', () => {
  it('determines a market, which settles once /_mock/time passes its settlement timer', async () => {
    expect(await post('markets/determine', { ticker, result: 'no' })).toEqual({
      status: 200,
      body: { status: 'determined' },
    });
    const market = async () => (await signedFetch(server, 'GET', `/markets/${ticker}`)).body.market;
    expect(await market()).toMatchObject({ status: 'determined', result: 'no', settlement_timer_seconds: 3600 });
    await post('time', { advanceMs: 3_600_000 });
    expect(await market()).toMatchObject({
      status: 'finalized',
      settlement_value_dollars: '0.0000',
      settlement_ts: new Date(T0 + 3_600_000).toISOString(),
    });
  });

  // control-api.json DetermineMarketRequest: the market settles when settleAfterMs has passed, when it is given.
  it('settles after settleAfterMs when given, not after the market’s settlement timer', async () => {
    const other = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    expect((await post('markets/determine', { ticker: other, result: 'yes', settleAfterMs: 60_000 })).body).toEqual({
      status: 'determined',
    });
    const status = async () => (await signedFetch(server, 'GET', `/markets/${other}`)).body.market.status;
    await post('time', { advanceMs: 59_999 });
    expect(await status()).toBe('determined');
    await post('time', { advanceMs: 1 });
    expect(await status()).toBe('finalized');
  });

  // control-api.json AdvanceTimeRequest: the body is optional and advanceMs is "Default 0."
  it('POST /_mock/time without a body leaves the clock where it is', async () => {
    const before = (await (await fetch(`${control}/state`)).json()).now;
    const moved = await fetch(`${control}/time`, { method: 'POST' });
    expect(moved.status).toBe(200);
    expect((await moved.json()).now).toBe(before);
  });

  it('takes a scalar result with its settlement value, and refuses one without (outside test N-D4)', async () => {
    const scalar = [...server.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    expect((await post('markets/determine', { ticker: scalar, result: 'scalar' })).body.error.details).toMatch(
      /^settlementValueDollars: required with result "scalar"/,
    );
    expect(
      (await post('markets/determine', { ticker: scalar, result: 'scalar', settlementValueDollars: '2' })).body.error
        .details,
    ).toMatch(/^settlementValueDollars: "2" is not a dollar amount/);
    expect(
      await post('markets/determine', { ticker: scalar, result: 'scalar', settlementValueDollars: '0.2500' }),
    ).toEqual({ status: 200, body: { status: 'determined' } });
    const { market } = (await signedFetch(server, 'GET', `/markets/${scalar}`)).body;
    expect(market).toMatchObject({ status: 'determined', result: 'scalar', settlement_value_dollars: '0.2500' });
  });

  // The same mistake answers as exchange.determineMarket throws it in process (ControlInputError, its `status`):
  // outside testing (E-D8) found an unknown ticker 400 here but a 404 ExchangeError in process.
  it('answers 400 naming the field for bad input, 409 for a market already determined, 404 for an unknown ticker', async () => {
    expect((await post('markets/determine', { ticker, result: 'maybe' })).body.error.details).toMatch(/^result/);
    expect((await post('markets/determine', { result: 'yes' })).body.error.details).toBe('ticker: is required');
    expect(await post('markets/determine', { ticker, result: 'yes' })).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'conflict', details: `ticker: "${ticker}" is already determined` } },
    });
    expect(await post('markets/determine', { ticker: 'NOPE', result: 'yes' })).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'not found', details: 'ticker: no market "NOPE"' } },
    });
  });
});
