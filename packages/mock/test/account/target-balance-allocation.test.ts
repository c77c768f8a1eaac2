import { describe, expect, it } from 'vitest';
import { asUser } from '../accounts/traders';
import { harness } from '../helpers';

// Spec 3.31.0 POST /portfolio/target_balance_allocation: "Replaces the caller's target balance allocation across
// exchange indexes. Percentages must total 100. Passing an empty allocations array disables automatic rebalancing."
// `resting_margin_reservation` (none | max | sum) "Defaults to `sum` when omitted"; GET answers both fields (required).
// The notes record only exchange index 0 (§5.2 `exchange_index`: "only 0 exists today"); the mock runs that one.
// Kalshi's answer before any allocation was set is not recorded: the mock answers none, reserving `sum`, the
// documented default.
const PATH = '/portfolio/target_balance_allocation';

describe('the target balance allocation', () => {
  it('is none, reserving sum, before one is set', async () => {
    const { call } = await harness({ seed: 4 });
    const got = await call('GET', PATH);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ allocations: [], resting_margin_reservation: 'sum' });
  });

  it('reads back as set, the reservation included', async () => {
    const { call } = await harness({ seed: 4 });
    const set = await call('POST', PATH, {
      allocations: [{ exchange_index: 0, percent: 100 }],
      resting_margin_reservation: 'max',
    });
    expect(set.status).toBe(200);
    expect((await call('GET', PATH)).body).toEqual({
      allocations: [{ exchange_index: 0, percent: 100 }],
      resting_margin_reservation: 'max',
    });
  });

  it('takes an empty allocations array (rebalancing off), the reservation defaulting to sum', async () => {
    const { call } = await harness({ seed: 4 });
    await call('POST', PATH, {
      allocations: [{ exchange_index: 0, percent: 100 }],
      resting_margin_reservation: 'none',
    });
    const off = await call('POST', PATH, { allocations: [] });
    expect(off.status).toBe(200);
    expect((await call('GET', PATH)).body).toEqual({ allocations: [], resting_margin_reservation: 'sum' });
  });

  it.each([
    // The details name the request's fields (TargetBalanceAllocationInput), not "percentages".
    [
      'percentages that do not total 100',
      [{ exchange_index: 0, percent: 60 }],
      /^allocations\[\]\.percent: total 60, not 100$/,
    ],
    ['an exchange index other than 0', [{ exchange_index: 1, percent: 100 }], /^allocations\[0\]\.exchange_index: 1\b/],
    // An allocation "across exchange indexes" gives each index its percentage: one listed twice (50 + 50 on index 0)
    // was taken and read back twice. The spec and notes are silent on it: refused naming the repeat.
    [
      'an exchange index listed twice',
      [
        { exchange_index: 0, percent: 50 },
        { exchange_index: 0, percent: 50 },
      ],
      /^allocations\[1\]\.exchange_index: 0 is listed twice \(allocations\[0\]\)$/,
    ],
  ])('refuses %s with 400 invalid_parameters, keeping what was set', async (_, allocations, detail) => {
    const { call } = await harness({ seed: 4 });
    const refused = await call('POST', PATH, { allocations });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_parameters');
    expect(refused.body.error.details).toMatch(detail);
    expect((await call('GET', PATH)).body).toEqual({ allocations: [], resting_margin_reservation: 'sum' });
  });

  it('is per account: another account reads its own', async () => {
    const h = await harness({ seed: 4, users: 1 });
    await h.call('POST', PATH, {
      allocations: [{ exchange_index: 0, percent: 100 }],
      resting_margin_reservation: 'max',
    });
    const asPeer = await asUser(h.mock, h.mock.users[0]!);
    expect((await asPeer('GET', PATH)).body).toEqual({ allocations: [], resting_margin_reservation: 'sum' });
  });

  it('is forgotten when the exchange is reset, as the rest of the account state is', async () => {
    const { mock, call } = await harness({ seed: 4 });
    await call('POST', PATH, { allocations: [{ exchange_index: 0, percent: 100 }], resting_margin_reservation: 'max' });
    mock.exchange.reset();
    expect((await call('GET', PATH)).body).toEqual({ allocations: [], resting_margin_reservation: 'sum' });
  });
});
