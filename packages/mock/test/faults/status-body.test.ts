// A `status` fault without `body` answers "Kalshi's body for that status" (control-api.json StatusFault.body; B-D6):
// the bodies kalshi-api-notes record (§2.3 for 401, §3.2, §8.1 for 429), the same the mock answers for real, and a
// documented fallback where the notes record none.
import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, harness, order } from '../helpers';

const nested = (code: string, message = code.replace(/_/g, ' ')) => ({ error: { code, message, service: 'exchange' } });
const badSignature = {
  error: { code: 'authentication_error', message: 'authentication_error', details: 'INCORRECT_API_KEY_SIGNATURE' },
};

async function faulted(status: number) {
  const h = await harness({ seed: 2 });
  h.mock.faults.add({ operation: 'GetBalance', kind: 'status', status, times: 1 });
  const { status: answered, body } = await h.call('GET', '/portfolio/balance');
  expect(answered).toBe(status);
  return body;
}

describe('a status fault without a body', () => {
  it.each([
    [400, nested('invalid_parameters')],
    [401, badSignature],
    [403, nested('forbidden')],
    [404, nested('not_found')],
    [409, nested('order_already_exists')],
    [410, nested('deprecated_v1_order_endpoint', 'this order endpoint has been retired: use /portfolio/events/orders')],
    [429, { error: 'too many requests' }],
    [500, nested('internal_server_error')],
    [503, nested('service_unavailable')],
  ])('answers %i with Kalshi’s body', async (status, body) => {
    expect(await faulted(status)).toEqual(body);
  });

  it('answers as the exchange does when it refuses for real (400, 401, 404, 409)', async () => {
    const h = await harness({ seed: 2 });
    const ticker = [...h.mock.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;
    const malformedId = await h.call('GET', '/portfolio/orders/not-an-id');
    const unknownOrder = await h.call('DELETE', '/portfolio/events/orders/00000000-0000-4000-8000-000000000000');
    await h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'twice' }));
    const reused = await h.call('POST', '/portfolio/events/orders', order(ticker, { client_order_id: 'twice' }));
    const url = `${BASE}/portfolio/balance`;
    const headers = { ...(await h.signer.sign({ method: 'GET', url })), 'KALSHI-ACCESS-SIGNATURE': 'AAAA' };
    const refusedSignature = await (await getResponse(h.mock.handlers, new Request(url, { headers })))?.json();
    expect([malformedId.status, unknownOrder.status, reused.status]).toEqual([400, 404, 409]);
    expect(await faulted(400)).toEqual(malformedId.body);
    expect(await faulted(401)).toEqual(refusedSignature);
    expect(await faulted(404)).toEqual(unknownOrder.body);
    expect(await faulted(409)).toEqual(reused.body);
  });

  it('falls back, where the notes record no body, to internal_server_error for a 5xx and injected_fault for a 4xx', async () => {
    expect(await faulted(502)).toEqual(nested('internal_server_error'));
    expect(await faulted(520)).toEqual(nested('internal_server_error'));
    expect(await faulted(408)).toEqual(nested('injected_fault'));
  });

  it('answers the body it names', async () => {
    const h = await harness({ seed: 2 });
    h.mock.faults.add({ operation: 'GetBalance', kind: 'status', status: 404, body: { msg: 'gone' }, times: 1 });
    expect((await h.call('GET', '/portfolio/balance')).body).toEqual({ msg: 'gone' });
  });
});
