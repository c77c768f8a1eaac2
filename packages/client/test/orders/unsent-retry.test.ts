// A write retried after an attempt whose answer was lost, whose retry then could not be sent (the signer failed or
// hung, say): the lost attempt may have acted, so the call is never reported as the signer's failure alone, which
// reads as "nothing was sent". The notes are silent on signers (a client concern); §5.6 and §5.11 (a lost create is
// found by its client_order_id, reads lag writes) are what the read-back relies on.
import { createSigner } from '@org/kalshi-auth';
import { describe, expect, it } from 'vitest';
import { KalshiCredentialsError, KalshiUnconfirmedWriteError } from '../../src';
import { useKalshiMock } from '../mock-server';

const { kalshi, client } = useKalshiMock({ seed: 17 });
const ticker = () => [...kalshi.exchange.markets.values()].find((m) => m.status === 'active')!.ticker;

/** The mock's key, signing once and failing every later signing. */
async function signerFailingAfterFirst() {
  const real = await createSigner({ keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKey });
  let signed = 0;
  return {
    ...real,
    sign: (input: Parameters<typeof real.sign>[0]) => {
      if (++signed > 1) throw new Error('KMS unavailable');
      return real.sign(input);
    },
  };
}

describe('a retry of a lost write that cannot be sent', () => {
  it('a raw create: KalshiUnconfirmedWriteError maybe, the signer failure as its cause', async () => {
    const k = await client({ credentials: await signerFailingAfterFirst() });
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const error = await k
      .POST('/portfolio/events/orders', {
        body: {
          ticker: ticker(),
          side: 'bid',
          count: '1.00',
          price: '0.0100',
          time_in_force: 'good_till_canceled',
          self_trade_prevention_type: 'taker_at_cross',
          client_order_id: 'unsent-retry-1',
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiUnconfirmedWriteError);
    expect(error).toMatchObject({ applied: 'maybe', clientOrderId: 'unsent-retry-1' });
    expect((error as Error).cause).toBeInstanceOf(KalshiCredentialsError);
    expect((error as Error).cause).toMatchObject({ code: 'signing_failed' });
    // The order the lost attempt placed is on the exchange: the error must not read as "nothing sent".
    expect([...kalshi.exchange.orders.values()].map((o) => o.clientOrderId)).toContain('unsent-retry-1');
  });

  it('placeOrder: the lost attempt is read back and its order returned, recovered', async () => {
    // Reads are signed too: a signer that fails after the first signing would fail the read-back; this one fails
    // the second signing only (the create's retry).
    const real = await createSigner({ keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKey });
    let signed = 0;
    const flaky = {
      ...real,
      sign: (input: Parameters<typeof real.sign>[0]) => {
        if (++signed === 2) throw new Error('KMS unavailable');
        return real.sign(input);
      },
    };
    const k = await client({ credentials: flaky });
    kalshi.faults.add({ operation: 'CreateOrderV2', kind: 'commit-then-drop', times: 1 });
    const placed = await k.placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 2, price: '0.01' });
    expect(placed).toMatchObject({ recovered: true, remaining_count: '2.00' });
    const mine = [...kalshi.exchange.orders.values()].filter((o) => o.clientOrderId === placed.client_order_id);
    expect(mine.map((o) => o.orderId)).toEqual([placed.order_id]);
  });

  it('a first attempt the signer fails is still the signer failure (nothing was sent)', async () => {
    const real = await createSigner({ keyId: kalshi.credentials.keyId, privateKey: kalshi.credentials.privateKey });
    const before = kalshi.exchange.orders.size;
    const k = await client({
      credentials: {
        ...real,
        sign: () => {
          throw new Error('KMS unavailable');
        },
      },
    });
    const error = await k
      .placeOrder({ ticker: ticker(), action: 'buy', side: 'yes', count: 1, price: '0.01' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KalshiCredentialsError);
    expect(kalshi.exchange.orders.size).toBe(before);
  });
});
