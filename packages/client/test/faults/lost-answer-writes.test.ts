// A write whose answer is lost (connection cut, timeout, 5xx) may have acted. Sent again, the writes below are
// refused or act a second time: an accepted quote answers 400, a deleted thing 404, a reset zeroes the fills counted
// since. The repeat's answer would read as the opposite of what happened, so these are not repeated and the caller
// gets the lost-answer error. Writes that set a value are repeated: a second call sets the same value.
import { describe, expect, it } from 'vitest';
import { KalshiConnectionError, KalshiServerError } from '../../src';
import { json, observedClient } from '../helpers';
import { useKalshiMock } from '../mock-server';

type Write = readonly [operationId: string, method: 'PUT' | 'DELETE' | 'POST', path: string];

/** From the spec's descriptions (3.31.0): a state step that happens once, a delete, an order group's reset/trigger. */
const NOT_REPEATED: Write[] = [
  ['AcceptRFQQuote', 'PUT', '/communications/rfqs/{rfq_id}/quotes/{quote_id}/accept'],
  ['ConfirmRFQQuote', 'PUT', '/communications/rfqs/{rfq_id}/quotes/{quote_id}/confirm'],
  ['AcceptQuote', 'PUT', '/communications/quotes/{quote_id}/accept'],
  ['ConfirmQuote', 'PUT', '/communications/quotes/{quote_id}/confirm'],
  ['DeleteRFQ', 'DELETE', '/communications/rfqs/{rfq_id}'],
  ['DeleteRFQQuote', 'DELETE', '/communications/rfqs/{rfq_id}/quotes/{quote_id}'],
  ['DeleteQuote', 'DELETE', '/communications/quotes/{quote_id}'],
  ['DeleteOrderGroup', 'DELETE', '/portfolio/order_groups/{order_group_id}'],
  ['DeleteApiKey', 'DELETE', '/api_keys/{api_key}'],
  ['DeleteFCMEventContractDailyCap', 'DELETE', '/fcm/subtraders/event_contract_daily_cap'],
  ['ResetOrderGroup', 'PUT', '/portfolio/order_groups/{order_group_id}/reset'],
  ['TriggerOrderGroup', 'PUT', '/portfolio/order_groups/{order_group_id}/trigger'],
];

/** "Updates … the setting", "Sets the cap", "Replaces the allocation", cancel-all (204 whatever it finds). */
const REPEATED: Write[] = [
  ['UpdateOrderGroupLimit', 'PUT', '/portfolio/order_groups/{order_group_id}/limit'],
  ['UpdateSubaccountNetting', 'PUT', '/portfolio/subaccounts/netting'],
  ['UpdateFCMEventContractDailyCap', 'PUT', '/fcm/subtraders/event_contract_daily_cap'],
  ['UpdateFCMSubtraderBlockedCategories', 'PUT', '/fcm/subtraders/blocked_categories'],
  ['SetTargetBalanceAllocation', 'POST', '/portfolio/target_balance_allocation'],
  ['CancelAllOrders', 'DELETE', '/portfolio/events/orders'],
];

/** Calls a write with every path parameter set to `id`. */
function send(client: unknown, [, method, path]: Write) {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const params = { path: Object.fromEntries(names.map((name) => [name, 'id'])) };
  return (client as { request: (m: string, p: string, i: object) => Promise<{ response: Response }> }).request(
    method,
    path,
    { params, ...(method === 'DELETE' ? {} : { body: {} }) },
  );
}

/** What a repeat would have been told once the first call acted. */
const refused = () => json({ error: { code: 'not_found', message: 'not found', service: 'exchange' } }, 404);

describe.each(NOT_REPEATED)('%s', (...write) => {
  it('after a lost answer: one attempt, the connection error (not the repeat’s 404)', async () => {
    const { client, requests } = await observedClient((_, attempt) => {
      if (attempt === 1) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
      return refused();
    });
    const error = await send(client, write).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).toMatchObject({ operationId: write[0] });
    expect(requests).toHaveLength(1);
  });

  it('after a 503: one attempt, the 503', async () => {
    const { client, requests } = await observedClient((_, attempt) =>
      attempt === 1 ? json({ error: { code: 'service_unavailable' } }, 503) : refused(),
    );
    const { response } = await send(client, write);
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(1);
  });

  it('after a 429 (refused before acting): sent again', async () => {
    const { client, requests } = await observedClient((_, attempt) =>
      attempt === 1 ? json({ error: 'too many requests' }, 429) : json({}),
    );
    const { response } = await send(client, write);
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(2);
  });
});

describe.each(REPEATED)('%s', (...write) => {
  it('after a lost answer or a 503: sent again', async () => {
    const { client, requests } = await observedClient((_, attempt) => {
      if (attempt === 1) throw new TypeError('fetch failed');
      return attempt === 2 ? json({ error: { code: 'service_unavailable' } }, 503) : json({});
    });
    const { response } = await send(client, write);
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(3);
  });
});

it('does not repeat a write outside the manifest; repeats a read', async () => {
  const { client, requests } = await observedClient(() => json({ error: { code: 'service_unavailable' } }, 503));
  const call = (method: string) =>
    (client as unknown as { request: (m: string, p: string) => Promise<{ response: Response }> }).request(
      method,
      '/portfolio/not_in_the_spec',
    );
  expect((await call('PUT')).response.status).toBe(503);
  expect(requests).toHaveLength(1);
  expect((await call('GET')).response.status).toBe(503);
  expect(requests).toHaveLength(4);
});

describe('against the mock exchange', () => {
  const { kalshi, client } = useKalshiMock({ seed: 9 });

  it('a deleted order group whose answer was lost is reported as maybe done, not as 404', async () => {
    const k = await client();
    const created = await k.POST('/portfolio/order_groups/create', {
      body: { contracts_limit_fp: '5.00', exchange_index: 0 },
    });
    const id = created.data?.order_group_id as string;
    kalshi.faults.add({ operation: 'DeleteOrderGroup', kind: 'commit-then-drop', times: 1 });
    const error = await k
      .DELETE('/portfolio/order_groups/{order_group_id}', { params: { path: { order_group_id: id } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiConnectionError);
    expect(error).not.toBeInstanceOf(KalshiServerError);
    // The exchange did delete it: what the caller was told ("may have acted") is the truth.
    const after = await k.GET('/portfolio/order_groups/{order_group_id}', { params: { path: { order_group_id: id } } });
    expect(after.response.status).toBe(404);
  });
});
