import { describe, expect, it } from 'vitest';
import { harness, restrictedKey, sameShardTransfer } from '../helpers';

// Spec 3.31.0 POST /portfolio/intra_exchange_instance_transfer: "When `source_exchange_shard` and
// `destination_exchange_shard` are the same, Kalshi treats the request as a subaccount transfer. The returned transfer
// ID appears in the subaccount transfer history." 200: IntraExchangeInstanceTransferResponse `{ transfer_id }`;
// `amount` is in centicents; the subaccounts default to 0. Kalshi's answer to an amount that is not whole cents (the
// subaccount history records `amount_cents`) is not recorded: the mock refuses it with 400 naming `amount`.

async function setup() {
  // rateLimit sets the account's usage tier: creating a subaccount needs Advanced or above (spec CreateSubaccount)
  const h = await harness({ empty: true, now: Date.UTC(2026, 5, 11, 18), seed: 9, rateLimit: 'prime' });
  expect((await h.call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
  return h;
}

describe('a same-shard intra-exchange-instance transfer', () => {
  it('moves cash between subaccounts and returns a transfer id listed in the subaccount transfer history', async () => {
    const { call } = await setup();
    const moved = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer());
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
    const first = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer());
    const second = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer());
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
    // to go. Kalshi's answer is not recorded: the mock refuses it with 400 naming the shard's field.
    [
      'a source shard other than 0',
      { source_exchange_shard: 1, destination_exchange_shard: 1 },
      /^source_exchange_shard: 1 /,
    ],
    ['a destination shard other than 0', { destination_exchange_shard: 1 }, /^destination_exchange_shard: 1 /],
  ])('refuses %s with 400 naming the field, moving nothing', async (_, fields, field) => {
    const { call } = await setup();
    const refused = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer(fields));
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
      sameShardTransfer({ source_subaccount: 1, destination_subaccount: 0 }),
    );
    expect(refused.status).toBe(400);
    // Named by this operation's own fields (its amount is in centicents), as its other refusals are.
    expect(refused.body.error).toMatchObject({
      code: 'insufficient_balance',
      details: 'amount: 10000 centicents is more than source_subaccount 1 has available (0 centicents)',
    });
  });
});

// Spec 3.31.0 POST /portfolio/intra_exchange_instance_transfer: 200 "Transfer request accepted. The transfer is
// processed asynchronously", answering `{ transfer_id }`; GET /portfolio/intra_exchange_instance_transfers/{transfer_id}
// gets "a single intra-account transfer by id" — "Transfer id returned by creation endpoint" — whose `status` is
// `pending` or `complete` (IntraExchangeInstanceTransferStatus). A client polls that read until `complete`: the mock
// answered its own transfer id with 404, so a poller saw a moved transfer as unknown (failed). The mock transfers at
// once, so the read says `complete`. The notes are silent on this endpoint.
describe('reading a same-shard intra-exchange-instance transfer', () => {
  /** The transfer sameShardTransfer() made at setup's `now`: 10,000 centicents = $1.00. */
  const made = (transfer_id: string) => ({
    transfer_id,
    source: 'event_contract',
    destination: 'event_contract',
    source_exchange_shard: 0,
    destination_exchange_shard: 0,
    amount: '1.0000',
    status: 'complete',
    created_ts: Date.UTC(2026, 5, 11, 18) / 1000,
  });

  it('reads back by the id its POST returned, complete, and is in the transfer history', async () => {
    const { call } = await setup();
    const moved = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer());
    expect(moved.status).toBe(200);
    const transfer = made(moved.body.transfer_id);
    const read = await call('GET', `/portfolio/intra_exchange_instance_transfers/${moved.body.transfer_id}`);
    expect([read.status, read.body]).toEqual([200, { transfer }]);
    expect((await call('GET', '/portfolio/intra_exchange_instance_transfers')).body.transfers).toEqual([transfer]);
    // An id it never returned is still unknown.
    const unknown = await call(
      'GET',
      '/portfolio/intra_exchange_instance_transfers/00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
  });

  // As GetSubaccountTransfers shows a subaccount-restricted key only the transfers into or out of its subaccount
  // ("A restricted key may only read and trade on that sub-account", spec GenerateApiKeyRequest.subaccount).
  it('a key restricted to subaccount 2 does not see a transfer between subaccounts 0 and 1', async () => {
    const { mock, call } = await setup();
    expect((await call('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const moved = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer());
    expect(moved.status).toBe(200);
    const desk = await restrictedKey(mock, call, 2);
    expect((await desk('GET', '/portfolio/intra_exchange_instance_transfers')).body.transfers).toEqual([]);
    expect((await desk('GET', `/portfolio/intra_exchange_instance_transfers/${moved.body.transfer_id}`)).status).toBe(
      404,
    );
  });

  it('a key restricted to subaccount 1 lists and reads a transfer from subaccount 0 into it', async () => {
    const { mock, call } = await setup();
    const moved = await call('POST', '/portfolio/intra_exchange_instance_transfer', sameShardTransfer());
    expect(moved.status).toBe(200);
    const transfer = made(moved.body.transfer_id);
    const desk = await restrictedKey(mock, call, 1);
    expect((await desk('GET', '/portfolio/intra_exchange_instance_transfers')).body.transfers).toEqual([transfer]);
    const read = await desk('GET', `/portfolio/intra_exchange_instance_transfers/${moved.body.transfer_id}`);
    expect([read.status, read.body]).toEqual([200, { transfer }]);
  });
});
