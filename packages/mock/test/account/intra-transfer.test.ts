import { describe, expect, it } from 'vitest';
import { harness } from '../helpers';

// Spec 3.31.0 POST /portfolio/intra_exchange_instance_transfer: "When `source_exchange_shard` and
// `destination_exchange_shard` are the same, Kalshi treats the request as a subaccount transfer. The returned transfer
// ID appears in the subaccount transfer history." 200: IntraExchangeInstanceTransferResponse `{ transfer_id }`;
// `amount` is in centicents; the subaccounts default to 0. Kalshi's answer to an amount that is not whole cents (the
// subaccount history records `amount_cents`) is not recorded: the mock refuses it with 400 naming `amount`.

async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'prime' });
  await h.call('POST', '/portfolio/subaccounts', {});
  return h;
}

const sameShard = (fields: Record<string, unknown> = {}) => ({
  source: 'event_contract',
  destination: 'event_contract',
  amount: 10_000,
  source_exchange_shard: 0,
  destination_exchange_shard: 0,
  source_subaccount: 0,
  destination_subaccount: 1,
  ...fields,
});

describe('a same-shard intra-exchange-instance transfer', () => {
  it('moves cash between subaccounts and returns a transfer id listed in the subaccount transfer history', async () => {
    const { call } = await setup();
    const moved = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShard());
    expect(moved.status).toBe(200);
    expect(Object.keys(moved.body)).toEqual(['transfer_id']);
    expect(typeof moved.body.transfer_id).toBe('string');

    // 10,000 centicents = $1.00.
    expect((await call('GET', '/portfolio/balance?subaccount=1')).body.balance_dollars).toBe('1.0000');
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('9999.0000');
    const { transfers } = (await call('GET', '/portfolio/subaccounts/transfers')).body;
    expect(transfers).toEqual([
      expect.objectContaining({
        transfer_id: moved.body.transfer_id,
        from_subaccount: 0,
        to_subaccount: 1,
        amount_cents: 100,
      }),
    ]);
  });

  it('with the shards and subaccounts omitted (spec default 0 each) is refused: same subaccount', async () => {
    const { call } = await setup();
    const same = await call('POST', '/portfolio/intra_exchange_instance_transfer', {
      source: 'event_contract',
      destination: 'event_contract',
      amount: 10_000,
    });
    expect(same.status).toBe(400);
    expect(same.body.error.code).toBe('invalid_parameters');
    expect(same.body.error.details).toMatch(/destination_subaccount/);
  });

  it('has no idempotency key: each request is its own transfer', async () => {
    const { call } = await setup();
    const first = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShard());
    const second = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShard());
    expect(second.body.transfer_id).not.toBe(first.body.transfer_id);
    expect((await call('GET', '/portfolio/balance?subaccount=1')).body.balance_dollars).toBe('2.0000');
  });

  it.each([
    // The details name this operation's field (`amount`), not the subaccount transfer's `amount_cents`.
    ['an amount that is not whole cents', { amount: 10_050 }, /^amount\b/],
    ['a non-positive amount', { amount: 0 }, /^amount\b/],
    ['an unknown destination subaccount', { destination_subaccount: 5 }, /^destination_subaccount\b/],
    ['an unknown source subaccount', { source_subaccount: 5, destination_subaccount: 0 }, /^source_subaccount\b/],
    // One instance, one shard (0): the spec allows shards 0–100; a same-shard transfer on another shard has nowhere
    // to go. Kalshi's answer is not recorded: the mock refuses it with 400 naming the shard.
    ['a source shard other than 0', { source_exchange_shard: 1, destination_exchange_shard: 1 }, /shard/],
    ['a destination shard other than 0', { destination_exchange_shard: 1 }, /shard/],
  ])('refuses %s with 400 naming the field, moving nothing', async (_, fields, field) => {
    const { call } = await setup();
    const refused = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShard(fields));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_parameters');
    expect(refused.body.error.details).toMatch(field);
    expect((await call('GET', '/portfolio/balance')).body.balance_dollars).toBe('10000.0000');
    expect((await call('GET', '/portfolio/subaccounts/transfers')).body.transfers).toEqual([]);
  });

  it('refuses more than the source has available with insufficient_balance', async () => {
    const { call } = await setup();
    const refused = await call(
      'POST',
      '/portfolio/intra_exchange_instance_transfer',
      sameShard({ source_subaccount: 1, destination_subaccount: 0 }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('insufficient_balance');
  });
});
