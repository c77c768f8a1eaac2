// `user_order.last_update_reason`: AsyncAPI userOrderPayload "Reason for the most recent update, if applicable", one
// of lastUpdateReason's values ("Decrease", "Amend", "SelfTradeCancel", "ExpiryCancel", "CloseCancel", "HaltCancel",
// "Trade", …). Each case below is the change one value names: a fill (Trade), an amend, a decrease, a self-trade
// prevention cancel (spec SelfTradePreventionType: the taker or the maker "is cancelled"), an expiry, the market's
// close, a pause canceling a `cancel_order_on_pause` order (spec: "canceled if … trading on the exchange is paused").
// A user's cancel is a decrease to zero (spec 3.7.0 DecreaseOrder: "Cancelling an order is equivalent to decreasing an
// order amount to zero"; notes §5.10 "cancel ≡ decrease to 0"; the enum has no value of its own for it): Decrease, as
// a decrease to 0 is. A change no value names (a new order, an order group's cancel) carries none rather than the
// reason of an earlier change; the notes are silent on the field.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_USER_ID } from '../../src';
import { createOrderGroup, triggerOrderGroup } from '../../src/exchange/order-groups';
import type { NewOrder } from '../../src/exchange/orders';
import type { OrderState } from '../../src/exchange/types';
import { expectConforming } from './conformance';
import { openSession, type SessionHarness } from './session';

const TICKER = 'KXREASON-26DEC31-T1';
const OTHER = '00000000-0000-4000-8000-0000000000d5';

let h: SessionHarness;
beforeEach(() => {
  h = openSession({ empty: true, now: Date.UTC(2026, 11, 1) });
  h.exchange.addMarket({ ticker: TICKER });
  h.send({ id: 1, cmd: 'subscribe', params: { channels: ['user_orders'] } });
});
afterEach(async () => {
  await expectConforming(h.frames);
  h.session.dispose();
});

const rest = (userId: string, fields: Partial<NewOrder> = {}) =>
  h.exchange.createOrder(userId, {
    ticker: TICKER,
    side: 'bid',
    price: 400_000,
    count: 500,
    timeInForce: 'good_till_canceled',
    selfTradePrevention: 'taker_at_cross',
    ...fields,
  }).order;

/** The last user_order about `orderId`. */
const last = (orderId: string) =>
  h.frames.filter((f) => f.type === 'user_order' && f.msg.order_id === orderId).at(-1)?.msg as Record<string, unknown>;

describe('user_order.last_update_reason', () => {
  it('is absent on a new order, Trade after a fill, Amend and Decrease after those, Decrease after a cancel', () => {
    const mine = rest(TEST_USER_ID);
    expect(last(mine.orderId)).not.toHaveProperty('last_update_reason');
    rest(OTHER, { side: 'ask', count: 100, timeInForce: 'immediate_or_cancel' });
    expect(last(mine.orderId)).toMatchObject({ fill_count_fp: '1.00', last_update_reason: 'Trade' });
    h.exchange.amendOrder(TEST_USER_ID, mine.orderId, { ticker: TICKER, side: 'bid', price: 390_000, count: 500 });
    expect(last(mine.orderId)).toMatchObject({ yes_price_dollars: '0.3900', last_update_reason: 'Amend' });
    h.exchange.decreaseOrder(TEST_USER_ID, mine.orderId, { reduceBy: 100 });
    expect(last(mine.orderId)).toMatchObject({ remaining_count_fp: '3.00', last_update_reason: 'Decrease' });
    h.exchange.cancelOrder(TEST_USER_ID, mine.orderId);
    expect(last(mine.orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'Decrease' });
  });

  it('is Decrease on every user cancel (DELETE, cancel all, decrease to 0), none on an order group cancel', () => {
    const [deleted, all, decreased, grouped] = [1, 2, 3, 4].map(() => rest(TEST_USER_ID, { price: 300_000 }));
    rest(OTHER, { side: 'ask', count: 100, timeInForce: 'immediate_or_cancel', price: 300_000 }); // Trade on `deleted`
    h.exchange.cancelOrder(TEST_USER_ID, (deleted as OrderState).orderId);
    h.exchange.decreaseOrder(TEST_USER_ID, (decreased as OrderState).orderId, { reduceTo: 0 });
    const group = createOrderGroup(h.exchange, TEST_USER_ID, { limit: 100 });
    const member = rest(TEST_USER_ID, { orderGroupId: group.id });
    triggerOrderGroup(h.exchange, group);
    for (const order of [deleted, decreased])
      expect(last((order as OrderState).orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'Decrease' });
    expect(last(member.orderId)).toMatchObject({ status: 'canceled' });
    expect(last(member.orderId)).not.toHaveProperty('last_update_reason');
    h.exchange.cancelAll(TEST_USER_ID);
    for (const order of [all, grouped])
      expect(last((order as OrderState).orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'Decrease' });
  });

  it('is SelfTradeCancel on the order self-trade prevention cancels, taker or maker', () => {
    const resting = rest(TEST_USER_ID, { side: 'ask', price: 500_000 });
    const taker = rest(TEST_USER_ID, { price: 500_000, timeInForce: 'immediate_or_cancel' });
    expect(last(taker.orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'SelfTradeCancel' });
    rest(TEST_USER_ID, { price: 500_000, timeInForce: 'immediate_or_cancel', selfTradePrevention: 'maker' });
    expect(last(resting.orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'SelfTradeCancel' });
  });

  it('is ExpiryCancel, CloseCancel and HaltCancel on orders canceled by their expiry, the close and a pause', () => {
    const expiring = rest(TEST_USER_ID, { expirationTime: Math.floor(h.exchange.now() / 1000) + 10 });
    const onPause = rest(TEST_USER_ID, { cancelOnPause: true });
    const open = rest(TEST_USER_ID);
    rest(OTHER, { side: 'ask', count: 100, timeInForce: 'immediate_or_cancel' }); // fills `expiring` first: Trade
    h.exchange.advanceTime(10_000);
    expect(last(expiring.orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'ExpiryCancel' });
    h.exchange.pause({ kind: 'trading' });
    h.exchange.resume();
    expect(last(onPause.orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'HaltCancel' });
    h.exchange.setMarketStatus(TICKER, 'closed');
    expect(last(open.orderId)).toMatchObject({ status: 'canceled', last_update_reason: 'CloseCancel' });
  });
});
