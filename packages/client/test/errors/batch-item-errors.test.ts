// A batch answers 201/200 with an error per item, "the same nested ErrorResponse object without the outer error key"
// (kalshi-api-notes §3.2, §5.12) and no status per item. Outside testing (O-D11): `market_not_found` was a
// KalshiNotFoundError (404) for placeOrder but a KalshiBadRequestError (400) as a placeOrders item, and an item's
// message named neither the operation, the market nor the client_order_id. An item's error is now the one its code
// carries alone (§3.2: not_found 404, order_already_exists 409, market_closed 409 as recorded on prod,
// deprecated_v1_order_endpoint 410, service_unavailable 503; a code naming something not found, matched by prefix as
// §3.1 says codes may embed data, 404 like an unknown ticker), named like the single order's.
import { describe, expect, it } from 'vitest';
import {
  cancelOrders,
  KalshiBadRequestError,
  KalshiConflictError,
  KalshiGoneError,
  KalshiNotFoundError,
  KalshiServerError,
  placeOrders,
} from '../../src';
import { json, observedClient } from '../helpers';

const refusal = (code: string) => ({ code, message: code.replace(/_/g, ' ') });
const order = (ticker: string, clientOrderId: string) =>
  ({ ticker, action: 'buy', side: 'yes', count: 1, price: '0.40', clientOrderId }) as const;

/** Refuses every single create with `code` (as `status`) and every batch item with the same code. */
function refusingServer(code: string, status: number) {
  return async (request: Request) => {
    const { pathname } = new URL(request.url);
    if (pathname.endsWith('/orders/batched')) {
      const { orders } = (await request.json()) as { orders: { client_order_id?: string; order_id?: string }[] };
      const items = orders.map((o) => ({ ...o, error: refusal(code) }));
      return json({ orders: items }, request.method === 'POST' ? 201 : 200);
    }
    return json({ error: refusal(code) }, status);
  };
}

describe('placeOrders: an item refused is the same error as the order refused alone', () => {
  it.each([
    ['market_not_found', 404, KalshiNotFoundError],
    ['not_found', 404, KalshiNotFoundError],
    ['order_already_exists', 409, KalshiConflictError],
    ['market_closed', 409, KalshiConflictError],
    ['deprecated_v1_order_endpoint', 410, KalshiGoneError],
    // Not in the notes; third parties recorded these as 409s (cited in the mock's pause.ts and orders' FOK answer).
    ['trading_is_paused', 409, KalshiConflictError],
    ['exchange_is_paused', 409, KalshiConflictError],
    ['fill_or_kill_insufficient_resting_volume', 409, KalshiConflictError],
    ['insufficient_balance', 400, KalshiBadRequestError],
  ])('%s: %i, its class, alone and as an item', async (code, status, ErrorClass) => {
    const { client } = await observedClient(refusingServer(code, status), { retry: false });
    const alone = await client.placeOrder(order('KX-NOPE', 'c-alone')).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(ErrorClass);
    const [item] = await placeOrders(client, [order('KX-NOPE', 'c-1')], { retry: false });
    if (item?.ok !== false) throw new Error('expected a refused item');
    expect(item.error).toBeInstanceOf(ErrorClass);
    expect(item.error).toMatchObject({ status, code });
  });

  it('names the operation, the market and the client_order_id, and the fix where the single order has one', async () => {
    const { client } = await observedClient(async (request) => {
      const { orders } = (await request.json()) as { orders: { client_order_id: string }[] };
      const [missing, dup] = orders;
      return json(
        {
          orders: [
            { client_order_id: missing?.client_order_id, error: refusal('market_not_found') },
            { client_order_id: dup?.client_order_id, error: refusal('order_already_exists') },
          ],
        },
        201,
      );
    });
    const [missing, dup] = await placeOrders(client, [order('KX-NOPE', 'c-1'), order('KX-1', 'dup-1')]);
    if (missing?.ok !== false || dup?.ok !== false) throw new Error('expected refused items');
    expect(missing.error.message).toBe(
      '404 market_not_found: market not found [BatchCreateOrdersV2]: client_order_id c-1, market KX-NOPE',
    );
    expect(dup.error.message).toBe(
      '409 order_already_exists: order already exists [BatchCreateOrdersV2]: client_order_id dup-1 was used before (ids are never freed)',
    );
  });
});

describe('cancelOrders: an item refused is the same error as the cancel alone', () => {
  it('not_found: KalshiNotFoundError 404 naming the operation and the order, as cancelOrder does', async () => {
    const { client } = await observedClient(refusingServer('not_found', 404), { retry: false });
    const alone = await client.cancelOrder({ orderId: 'o-alone' }).catch((e: unknown) => e);
    expect(alone).toBeInstanceOf(KalshiNotFoundError);
    const [item] = await cancelOrders(client, { orderIds: ['o-1'], retry: false });
    if (item?.ok !== false) throw new Error('expected a refused item');
    expect(item.error).toBeInstanceOf(KalshiNotFoundError);
    expect(item.error.message).toBe(
      "404 not_found: not found [BatchCancelOrdersV2]: order o-1 is unknown in the subaccount asked (pass the order's subaccount) or no longer resting (already canceled or executed)",
    );
  });

  it('service_unavailable: KalshiServerError 503 (§3.2), not a 400', async () => {
    const { client } = await observedClient(refusingServer('service_unavailable', 503), { retry: false });
    const [item] = await cancelOrders(client, { orderIds: ['o-1'], retry: false });
    if (item?.ok !== false) throw new Error('expected a refused item');
    expect(item.error).toBeInstanceOf(KalshiServerError);
    expect(item.error).toMatchObject({ status: 503, code: 'service_unavailable' });
  });
});
