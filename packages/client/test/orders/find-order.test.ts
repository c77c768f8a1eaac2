// findOrder: the look-up placeOrder makes for a create whose answer was lost, for a user holding a
// KalshiUnconfirmedWriteError's clientOrderId. Kalshi's GET /portfolio/orders filters by `ticker` and, without
// `subaccount`, lists every subaccount's orders (kalshi-api-notes §6: "subaccount omitted on orders ⇒ all
// subaccounts"); an order keeps its client_order_id whatever its status.
import { expect, it } from 'vitest';
import { findOrder, KalshiValidationError, unwrap } from '../../src';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 46, rateLimit: 'prime' });
const activeTicker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;

it('finds an order by its market and client_order_id, in any subaccount and whatever its status', async () => {
  const k = await client();
  const ticker = activeTicker();
  unwrap(await k.POST('/portfolio/subaccounts', { body: {} }));
  unwrap(
    await k.POST('/portfolio/subaccounts/transfer', {
      body: { client_transfer_id: crypto.randomUUID(), from_subaccount: 0, to_subaccount: 1, amount_cents: 10_000 },
    }),
  );
  const order = { ticker, action: 'buy', side: 'yes', count: 1, price: '0.01' } as const;
  const primary = await k.placeOrder({ ...order, clientOrderId: 'find-me-0' });
  const inOne = await k.placeOrder({ ...order, clientOrderId: 'find-me-1', subaccount: 1 });
  await k.cancelOrder({ order: primary });

  const found = await findOrder(k, { ticker, clientOrderId: 'find-me-1' });
  expect(found).toMatchObject({ order_id: inOne.order_id, subaccount_number: 1, status: 'resting' });
  // What findOrder returns is what cancelOrder takes (its subaccount included).
  expect((await k.cancelOrder({ order: found! })).order_id).toBe(inOne.order_id);
  expect(await findOrder(k, { ticker, clientOrderId: 'find-me-0' })).toMatchObject({
    order_id: primary.order_id,
    status: 'canceled',
  });
  expect(await findOrder(k, { ticker, clientOrderId: 'never-sent' })).toBeUndefined();
});

it('refuses a missing or empty ticker or clientOrderId and unknown options, naming them, before reading', async () => {
  const k = await client();
  const refusal = (input: object) =>
    findOrder(k, input as Parameters<typeof findOrder>[1]).then(
      () => undefined,
      (error: unknown) => error,
    );
  for (const [input, field] of [
    [{ clientOrderId: 'x' }, 'ticker'],
    [{ ticker: 'T', clientOrderId: '' }, 'clientOrderId'],
    [{ ticker: 'T', client_order_id: 'x' }, 'client_order_id'],
  ] as const) {
    const error = await refusal(input);
    expect(error).toBeInstanceOf(KalshiValidationError);
    expect(error).toMatchObject({ field });
  }
});
