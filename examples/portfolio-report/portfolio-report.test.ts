import { createKalshiClient, type KalshiClient, unwrap } from '@org/kalshi-client';
import { setupKalshiMockServer } from '@org/kalshi-mock/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { formatReport, portfolioReport } from './portfolio-report';

const kalshi = setupKalshiMockServer();
beforeAll(() => kalshi.listen());
afterEach(() => kalshi.exchange.reset());
afterAll(() => kalshi.server.close());

let client: KalshiClient;
beforeEach(async () => {
  const { keyId, privateKeyPem } = kalshi.credentials;
  client = await createKalshiClient({ environment: 'demo', credentials: { keyId, privateKey: privateKeyPem } });
});

it('an account that has not traded: its cash, no positions, no fills', async () => {
  const { balance_dollars } = unwrap(await client.GET('/portfolio/balance'));
  const report = await portfolioReport(client);
  expect(report).toEqual({
    cash: balance_dollars,
    positions: [],
    fills: 0,
    totals: { unrealizedPnl: '0.00', realizedPnl: '0.00' },
  });
});

it('after buying YES across the book: the position, its cost and its value at the current YES bid', async () => {
  const { markets } = unwrap(await client.GET('/markets', { params: { query: { status: 'open', limit: 1 } } }));
  const ticker = markets[0]?.ticker ?? '';
  // 0.99 crosses every resting ask: filled at once against the book (the mock's house maker quotes every market).
  await client.placeOrder({
    ticker,
    action: 'buy',
    side: 'yes',
    count: 3,
    price: '0.99',
    timeInForce: 'immediate_or_cancel',
  });
  const { fills } = unwrap(await client.GET('/portfolio/fills', { params: { query: { ticker } } }));
  // Cost as Kalshi reports it per fill: contracts × YES price, in cents to stay exact.
  const costCents = fills.reduce(
    (sum, f) => sum + Number(f.count_fp) * Math.round(Number(f.yes_price_dollars) * 100),
    0,
  );
  const { market } = unwrap(await client.GET('/markets/{ticker}', { params: { path: { ticker } } }));
  const valueCents = 3 * Math.round(Number(market.yes_bid_dollars) * 100);

  const report = await portfolioReport(client);
  expect(report.fills).toBe(fills.length);
  expect(report.positions).toHaveLength(1);
  const [line] = report.positions;
  expect(line).toMatchObject({ ticker, position: '3.00', value: (valueCents / 100).toFixed(2) });
  expect(Math.round(Number(line?.cost) * 100)).toBe(costCents);
  expect(Math.round(Number(line?.unrealizedPnl) * 100)).toBe(valueCents - costCents);
});

it('formats one line per position, NO positions by their absolute count', () => {
  const text = formatReport({
    cash: '100.00',
    fills: 2,
    positions: [
      {
        ticker: 'KXA',
        position: '-2.00',
        cost: '1.20',
        value: '1.00',
        unrealizedPnl: '-0.20',
        realizedPnl: '0.00',
        fees: '0.04',
      },
    ],
    totals: { unrealizedPnl: '-0.20', realizedPnl: '0.00' },
  });
  expect(text.split('\n')).toEqual([
    'cash $100.00, 2 fills',
    'KXA: 2 NO, cost $1.20, worth $1.00 (unrealized -0.20), realized 0.00, fees 0.04',
    'total: unrealized -0.20, realized 0.00',
  ]);
});
