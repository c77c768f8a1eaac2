// A 501 or 505 says the server did not process the request (RFC 9110 §15.6.2: it "does not support the functionality
// required to fulfill the request"; §15.6.6: it "does not support, or refuses to support, the major version of HTTP
// that was used in the request message"). kalshi-api-notes §3.2 lists no 501 or 505 (the notes are silent on them),
// so RFC 9110 decides: the write was not placed, not an ambiguous one to read back. Other 5xx (a gateway that gave
// up waiting, say) may have acted and still are (a 502 below).
import { describe, expect, it } from 'vitest';
import { KalshiServerError, KalshiUnconfirmedWriteError } from '../../src';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 11 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;

/** Requests the mock saw, as `METHOD /path`. */
function seen(): string[] {
  const log: string[] = [];
  kalshi.server.events.on('request:start', ({ request }) => {
    log.push(`${request.method} ${new URL(request.url).pathname.replace('/trade-api/v2', '')}`);
  });
  return log;
}

describe.each([501, 505])('a create answered %i', (status) => {
  it('placeOrder: a plain KalshiServerError, nothing read back', async () => {
    const k = await client();
    const log = seen();
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'status', status, times: 1 });
    const error = await k
      .placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiServerError);
    expect(error).not.toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ status });
    expect(log).toEqual(['POST /portfolio/events/orders']);
  });

  // A raw create repeated after a lost attempt: the 501/505 says only that the repeat did nothing, so the lost
  // attempt may have placed the order (README "Lost answers": a refused repeat is KalshiUnconfirmedWriteError), where
  // a final 5xx that may have acted is returned as the answer.
  it('a raw create repeated after a lost attempt: maybe applied, the 501/505 its cause', async () => {
    const k = await client();
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    let creates = 0;
    kalshi.server.events.on('request:start', ({ request }) => {
      // request:start comes before the handler: this fault answers the second create.
      if (request.method === 'POST' && ++creates === 2)
        kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'status', status, times: 1 });
    });
    const clientOrderId = `not-processed-${status}`;
    const error = await k
      .POST('/portfolio/events/orders', {
        body: {
          ticker: ticker(),
          side: 'bid',
          count: '1',
          price: '0.0100',
          time_in_force: 'good_till_canceled',
          self_trade_prevention_type: 'maker',
          client_order_id: clientOrderId,
        },
      })
      .catch((e: unknown) => e);
    expect(creates).toBe(2);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderId, cause: { status } });
  });
});

it('a create answered 502 may have acted: still looked up by its client_order_id', async () => {
  const k = await client();
  const log = seen();
  kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'status', status: 502, times: 3 });
  const error = await k
    .placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, priceCents: 1, retry: false })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
  expect(log).toContain('GET /portfolio/orders');
});
