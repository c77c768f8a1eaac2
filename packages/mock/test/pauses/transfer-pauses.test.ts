import { describe, expect, it } from 'vitest';
import { harness, sameShardTransfer } from '../helpers';

// Spec 3.31.0 ExchangeStatus.exchange_active: "False if the core Kalshi exchange is no longer taking any state changes
// at all. This includes but is not limited to trading, new users, and transfers." During an exchange pause a transfer
// between subaccounts (POST /portfolio/subaccounts/transfer, and a same-shard intra-exchange-instance transfer, which
// Kalshi treats as one) must be refused and move nothing; a trading pause leaves the exchange active, so it moves.
// The refusal is the mock's one pause answer (pause.ts: 409 `exchange_is_paused`, recorded from Kalshi by third parties, pauses.test.ts); the notes
// are silent on it.
const T0 = Date.UTC(2026, 11, 3, 8);

async function setup() {
  // rateLimit sets the usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount).
  const h = await harness({ empty: true, seed: 4, now: T0, rateLimit: 'prime' });
  expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  const balances = async () =>
    (await h.call('GET', '/portfolio/subaccounts/balances')).body.subaccount_balances.map(
      (b: { balance: string }) => b.balance,
    );
  return { h, balances };
}

const subaccountTransfer = (id: string) => ({
  client_transfer_id: id,
  from_subaccount: 0,
  to_subaccount: 1,
  amount_cents: 100,
});

describe('subaccount transfers during an exchange pause', () => {
  it('are refused and move nothing; after resume() they move', async () => {
    const { h, balances } = await setup();
    const before = await balances();
    h.mock.exchange.pause({ kind: 'exchange' });
    const refused = [
      await h.call(
        'POST',
        '/portfolio/subaccounts/transfer',
        subaccountTransfer('11111111-1111-4111-8111-111111111111'),
      ),
      await h.call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer()),
    ];
    for (const response of refused) {
      expect([response.status, response.body?.error?.code]).toEqual([409, 'exchange_is_paused']);
      expect(response.body.error.message).toBe('exchange is paused');
    }
    expect(await balances()).toEqual(before);
    expect((await h.call('GET', '/portfolio/subaccounts/transfers')).body.transfers).toEqual([]);
    h.mock.exchange.resume();
    const moved = await h.call(
      'POST',
      '/portfolio/subaccounts/transfer',
      subaccountTransfer('11111111-1111-4111-8111-111111111111'),
    );
    expect(moved.status).toBe(200);
    expect((await balances())[1]).toBe('1.0000');
  });

  it('move during a trading pause (the exchange stays active)', async () => {
    const { h, balances } = await setup();
    h.mock.exchange.pause({ kind: 'trading' });
    const moved = await h.call(
      'POST',
      '/portfolio/subaccounts/transfer',
      subaccountTransfer('22222222-2222-4222-8222-222222222222'),
    );
    expect(moved.status).toBe(200);
    expect((await balances())[1]).toBe('1.0000');
  });
});
