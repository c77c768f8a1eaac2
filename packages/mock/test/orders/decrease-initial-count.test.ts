import { describe, expect, it } from 'vitest';
import { harness, order } from '../helpers';

// Spec Order.initial_count_fp: "the initial size of the order". kalshi-api-notes §5.10 (cancel ≡ decrease to 0) are
// silent on whether a decrease changes it; the mock keeps it the size the order was placed with on every path.
const TICKER = 'KXDECR-26DEC01-T1';

describe('initial_count_fp after a decrease', () => {
  it('stays the placed size after reduce_by, reduce_to (to some size or to 0) and cancel', async () => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 6 });
    h.mock.exchange.addMarket({ ticker: TICKER });
    const place = async () =>
      (await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '10' }))).body.order_id as string;
    const decrease = (id: string, body: Record<string, string>) =>
      h.call('POST', `/portfolio/events/orders/${id}/decrease`, body);
    const read = async (id: string) => (await h.call('GET', `/portfolio/orders/${id}`)).body.order;

    const by = await place();
    expect((await decrease(by, { reduce_by: '2' })).body.remaining_count).toBe('8.00');
    const to = await place();
    expect((await decrease(to, { reduce_to: '1' })).body.remaining_count).toBe('1.00');
    const toZero = await place();
    expect((await decrease(toZero, { reduce_to: '0' })).status).toBe(200);
    const canceled = await place();
    expect((await h.call('DELETE', `/portfolio/events/orders/${canceled}`)).status).toBe(200);

    expect(await read(by)).toMatchObject({ initial_count_fp: '10.00', remaining_count_fp: '8.00' });
    expect(await read(to)).toMatchObject({ initial_count_fp: '10.00', remaining_count_fp: '1.00' });
    expect(await read(toZero)).toMatchObject({ initial_count_fp: '10.00', status: 'canceled' });
    expect(await read(canceled)).toMatchObject({ initial_count_fp: '10.00', status: 'canceled' });
  });
});

// kalshi-api-notes §5.10: a decrease "Only reduces remaining size"; `reduce_by ≥ 1`, `reduce_to ≥ 0`.
describe('decrease only reduces', () => {
  // OR7 (reduce_to above the remaining size) and OR8 (reduce_by 0). Kalshi's answer to a reduce_by past the remaining
  // size is not recorded (clamped to a cancel, or refused): refused as the reduce_to past it is. The refusal's
  // `details` names the field and what was wrong with it (the body's text is the mock's own).
  it.each([
    ['reduce_to above the remaining size', { reduce_to: '5' }, /^reduce_to: 5\.00 is more than the 2\.00 remaining/],
    ['reduce_by above the remaining size', { reduce_by: '5' }, /^reduce_by: 5\.00 is more than the 2\.00 remaining/],
    ['reduce_by 0', { reduce_by: '0' }, /^reduce_by: must be positive/],
  ])('refuses %s and leaves the order as it was', async (_, body, details) => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 6 });
    h.mock.exchange.addMarket({ ticker: TICKER });
    const id = (await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '2' }))).body.order_id;
    const refused = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, body);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_order_size' } } });
    expect(refused.body.error.details).toMatch(details);
    const read = (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', remaining_count_fp: '2.00', initial_count_fp: '2.00' });
  });
});

// kalshi-api-notes §5.10: "Exactly one of `reduce_by` / `reduce_to`". Both, or neither, is refused (the generic 400
// `invalid_parameters`, §3.2; Kalshi's code for it is not recorded) and the order stays as it was.
describe('decrease takes exactly one of reduce_by and reduce_to', () => {
  it.each([
    ['both', { reduce_by: '1', reduce_to: '1' }],
    ['neither', {}],
  ])('refuses %s with 400 invalid_parameters', async (_, body) => {
    const h = await harness({ empty: true, now: 1_790_000_000_000, seed: 6 });
    h.mock.exchange.addMarket({ ticker: TICKER });
    const id = (await h.call('POST', '/portfolio/events/orders', order(TICKER, { count: '2' }))).body.order_id;
    const refused = await h.call('POST', `/portfolio/events/orders/${id}/decrease`, body);
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_parameters' } } });
    const read = (await h.call('GET', `/portfolio/orders/${id}`)).body.order;
    expect(read).toMatchObject({ status: 'resting', remaining_count_fp: '2.00' });
  });
});
