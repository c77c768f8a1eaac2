// The `communications` channel (AsyncAPI rfq_created … quote_executed) for the two parties of an RFQ, on sessions
// with recording transports: every frame is validated against the AsyncAPI message schemas.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Exchange, TEST_USER_ID } from '../../src';
import { communications } from '../../src/exchange/rfqs';
import { partySessions } from './parties';

const QUOTER = '5b0f2c1e-8d7a-4c3b-9e6f-0a1b2c3d4e5f';
const BYSTANDER = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const TICKER = 'KXFED-26DEC15-T4.00';

let exchange: Exchange;
let parties: ReturnType<typeof partySessions>;
const open = (userId: string, params?: Record<string, unknown>) => parties.open(userId, params);
const data = (userId: string) => parties.frames(userId).filter((f) => f.type !== 'subscribed');

beforeEach(() => {
  exchange = new Exchange({ seed: 1, now: Date.UTC(2026, 10, 20, 12) });
  parties = partySessions(exchange, ['communications']);
  for (const user of [TEST_USER_ID, QUOTER, BYSTANDER]) open(user);
});
afterEach(() => parties.close());

describe('communications channel', () => {
  it('broadcasts RFQs, tells the parties about quotes, and gives each party its own order on execution', () => {
    const desk = communications(exchange);
    const rfq = desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 500, restRemainder: false });
    for (const user of [TEST_USER_ID, QUOTER, BYSTANDER])
      expect(data(user).map((f) => [f.type, f.msg.id, f.msg.contracts_fp])).toEqual([['rfq_created', rfq.id, '5.00']]);

    const quote = desk.createQuote(QUOTER, { rfqId: rfq.id, yesBid: 400_000, noBid: 550_000, restRemainder: false });
    desk.acceptQuote(TEST_USER_ID, quote.id, 'yes');
    desk.confirmQuote(QUOTER, quote.id);

    const types = (user: string) => data(user).map((f) => f.type);
    const parties = ['rfq_created', 'quote_created', 'quote_accepted', 'quote_executed', 'rfq_deleted'];
    expect(types(TEST_USER_ID)).toEqual(parties);
    expect(types(QUOTER)).toEqual(parties);
    // Quotes are private to the two parties; the RFQ's end is for everyone (see the next test).
    expect(types(BYSTANDER)).toEqual(['rfq_created', 'rfq_deleted']);

    const executed = (user: string) => data(user).find((f) => f.type === 'quote_executed')?.msg;
    expect(executed(TEST_USER_ID).order_id).toBe(quote.rfqCreatorOrderId);
    expect(executed(QUOTER).order_id).toBe(quote.creatorOrderId);
    expect(exchange.orders.get(executed(QUOTER).order_id)?.userId).toBe(QUOTER);
    const accepted = data(QUOTER).find((f) => f.type === 'quote_accepted')?.msg;
    expect(accepted).toMatchObject({ accepted_side: 'yes', yes_bid_dollars: '0.4000', no_bid_dollars: '0.5500' });
    // seq counts per subscription: 1, 2, 3, 4, 5 on each party's sid.
    expect(data(QUOTER).map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  // The notes (§9.5, §9.6) and the AsyncAPI say only that rfq_deleted is "Notification when an RFQ is deleted", sent
  // to all users. An executed RFQ is closed (GET shows `status: "closed"`) and can take no more quotes, exactly as a
  // deleted one: a maker who tracks open RFQs from rfq_created/rfq_deleted (quote messages reach only the two
  // parties) never learned that it ended and went on quoting it into 404s. Every close of an RFQ now announces it.
  it('announces an executed RFQ as deleted to every subscriber, after quote_executed, at the execution time', () => {
    const OTHER_QUOTER = 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70';
    open(OTHER_QUOTER);
    const desk = communications(exchange);
    const rfq = desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 100, restRemainder: false });
    const losing = desk.createQuote(OTHER_QUOTER, {
      rfqId: rfq.id,
      yesBid: 300_000,
      noBid: 600_000,
      restRemainder: false,
    });
    const quote = desk.createQuote(QUOTER, { rfqId: rfq.id, yesBid: 400_000, noBid: 550_000, restRemainder: false });
    desk.acceptQuote(TEST_USER_ID, quote.id, 'yes');
    exchange.advanceTime(1_000);
    desk.confirmQuote(QUOTER, quote.id);
    expect(losing.status).toBe('cancelled');
    for (const user of [BYSTANDER, OTHER_QUOTER]) {
      const deleted = data(user).filter((f) => f.type === 'rfq_deleted');
      expect(deleted.map((f) => [f.msg.id, f.msg.deleted_ts])).toEqual([
        [rfq.id, new Date(quote.executedTime as number).toISOString()],
      ]);
    }
    const requester = data(TEST_USER_ID).map((f) => f.type);
    expect(requester.indexOf('rfq_deleted')).toBeGreaterThan(requester.indexOf('quote_executed'));
  });

  // AsyncAPI communications: 'RFQ events (RFQCreated, RFQDeleted) are sent for all users by default. Set `user_filter:
  // "self"` to receive only RFQs you created.' and "Quote notifications are unchanged." (outside round R-D6: ignored)
  it('with user_filter "self", sends RFQ events of your own RFQs only, and quote events as before', () => {
    const SELF = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';
    open(SELF, { user_filter: 'self' });
    const desk = communications(exchange);
    const theirs = desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 100, restRemainder: false });
    const mine = desk.createRfq(SELF, { ticker: TICKER, contracts: 200, restRemainder: false });
    desk.createQuote(SELF, { rfqId: theirs.id, yesBid: 400_000, noBid: 550_000, restRemainder: false });
    desk.deleteRfq(TEST_USER_ID, theirs.id);
    desk.deleteRfq(SELF, mine.id);
    expect(data(SELF).map((f) => [f.type, f.msg.id ?? f.msg.rfq_id])).toEqual([
      ['rfq_created', mine.id],
      ['quote_created', theirs.id],
      ['rfq_deleted', mine.id],
    ]);
    // Without the filter, a bystander still hears of both RFQs.
    expect(data(BYSTANDER).map((f) => f.type)).toEqual(['rfq_created', 'rfq_created', 'rfq_deleted', 'rfq_deleted']);
  });

  // AsyncAPI communications: "Optional sharding for fanout control: shard_factor (1-100) and shard_key (0 <= key <
  // shard_factor)". How events are split is not documented; fanout control means the shards share the events out:
  // each RFQ's events reach exactly one of the factor's keys (R's note: every shard received every event).
  it('shard_factor 3 with keys 0, 1, 2: every RFQ event reaches exactly one shard, the same for its deletion', () => {
    const shards = [0, 1, 2].map((key) => open(BYSTANDER, { shard_factor: 3, shard_key: key }));
    const desk = communications(exchange);
    const rfqs = Array.from({ length: 12 }, () =>
      desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 100, restRemainder: false }),
    );
    for (const rfq of rfqs) desk.deleteRfq(TEST_USER_ID, rfq.id);
    const received = shards.map((frames) => frames.filter((f) => f.type !== 'subscribed'));
    for (const rfq of rfqs) {
      const holders = received.flatMap((frames, key) =>
        frames.some((f) => f.type === 'rfq_created' && f.msg.id === rfq.id) ? [key] : [],
      );
      expect(holders).toHaveLength(1);
      const deletedOn = received.findIndex((frames) =>
        frames.some((f) => f.type === 'rfq_deleted' && f.msg.id === rfq.id),
      );
      expect(deletedOn).toBe(holders[0]);
    }
    expect(received.filter((frames) => frames.length > 0).length).toBeGreaterThan(1);
    // Unsharded, the bystander's own connection had all of them.
    expect(data(BYSTANDER).filter((f) => f.type === 'rfq_created')).toHaveLength(12);
  });

  // AsyncAPI rfq_created / rfq_deleted: `contracts_fp` and `target_cost_dollars` are both "(optional)", and the spec's
  // one target-cost example (mveRfqCreatedNotification) carries `target_cost_dollars` without `contracts_fp`. An RFQ
  // names one of the two (Kalshi's RFQ guide, "Sizing"): a target-cost RFQ's messages said `contracts_fp: "0.00"`, a
  // zero-size RFQ to a reader, where the count is only derived per quote (yes/no_contracts_offered_fp).
  it("sizes a target-cost RFQ's messages by its target cost only, a count RFQ's by its count only", () => {
    const desk = communications(exchange);
    const byCost = desk.createRfq(TEST_USER_ID, {
      ticker: TICKER,
      contracts: 0,
      targetCost: 5_000_000,
      restRemainder: false,
    });
    const byCount = desk.createRfq(TEST_USER_ID, { ticker: TICKER, contracts: 300, restRemainder: false });
    desk.deleteRfq(TEST_USER_ID, byCost.id);
    const sizes = data(BYSTANDER).map((f) => [f.type, f.msg.id, f.msg.contracts_fp, f.msg.target_cost_dollars]);
    expect(sizes).toEqual([
      ['rfq_created', byCost.id, undefined, '5.0000'],
      ['rfq_created', byCount.id, '3.00', undefined],
      ['rfq_deleted', byCost.id, undefined, '5.0000'],
    ]);
  });

  it('announces a deleted RFQ to every subscriber, hiding an obscured creator from others', () => {
    const desk = communications(exchange);
    const rfq = desk.createRfq(TEST_USER_ID, {
      ticker: TICKER,
      contracts: 100,
      restRemainder: false,
      obscureCreator: true,
    });
    desk.deleteRfq(TEST_USER_ID, rfq.id);
    expect(data(BYSTANDER).map((f) => [f.type, f.msg.creator_id])).toEqual([
      ['rfq_created', '0'],
      ['rfq_deleted', '0'],
    ]);
    expect(data(TEST_USER_ID)[0]?.msg.creator_id).not.toBe('0');
  });
});
