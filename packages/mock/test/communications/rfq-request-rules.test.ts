import { describe, expect, it } from 'vitest';
import { type As, twoTraders } from '../accounts/traders';

// CreateRFQ requests against the spec's field descriptions (CreateRFQRequest) and Kalshi's RFQ guide
// (docs.kalshi.com/getting_started/rfqs, "Sizing"). Refusals are the generic 400 `invalid_parameters` of notes §3.2.
const TICKER = 'KXRFQREQ-26DEC01-T1';

const rfq = (as: As, body: Record<string, unknown>) =>
  as('POST', '/communications/rfqs', { market_ticker: TICKER, rest_remainder: false, ...body });

describe('CreateRFQ sizing', () => {
  // Kalshi's RFQ guide: "the requester specifies size in exactly one of: contracts_fp … target_cost_dollars". The
  // mock used to keep both and size by the count, so the target cost, a cap on what the requester spends, was
  // silently ignored: 100 contracts at $0.90 cost $90 against a $5 target.
  it('refuses a count and a target cost together (400): the target cost would not cap the spend', async () => {
    const { asAlice } = await twoTraders(TICKER);
    const created = await rfq(asAlice, { contracts_fp: '100', target_cost_dollars: '5.00' });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.body)).toContain('target_cost_dollars');
    expect((await asAlice('GET', '/communications/rfqs')).body.rfqs).toEqual([]);
  });

  it('still takes either one alone', async () => {
    const { asAlice } = await twoTraders(TICKER);
    expect((await rfq(asAlice, { contracts_fp: '10' })).status).toBe(201);
    expect((await rfq(asAlice, { target_cost_dollars: '5.00', target_cost_excludes_fees: true })).status).toBe(201);
  });
});

// CreateRFQRequest.replace_existing: "Whether to delete existing RFQs as part of this RFQ's creation". The notes are
// silent on subaccounts. A key restricted to subaccount 1 replaces only subaccount 1's RFQs (it cannot act on
// subaccount 0); the same request from an unrestricted key must not do more: a subaccount is its own book of
// positions and cash (notes §7), so an RFQ for subaccount 1 replacing subaccount 0's would silently end another
// strategy's RFQs. Before the fix an unrestricted key closed the user's open RFQs in every subaccount.
describe('replace_existing with an unrestricted key', () => {
  it("replaces the open RFQs of the new RFQ's subaccount only", async () => {
    const { asAlice } = await twoTraders(TICKER, { rateLimit: 'prime' });
    expect((await asAlice('POST', '/portfolio/subaccounts', {})).status).toBe(201);
    const primary = await rfq(asAlice, { contracts_fp: '1' });
    const sub1 = await rfq(asAlice, { contracts_fp: '1', subaccount: 1 });
    const replacing = await rfq(asAlice, { contracts_fp: '2', subaccount: 1, replace_existing: true });
    expect([primary.status, sub1.status, replacing.status]).toEqual([201, 201, 201]);
    const statusOf = async (id: string) => (await asAlice('GET', `/communications/rfqs/${id}`)).body.rfq.status;
    expect(await statusOf(primary.body.id)).toBe('open');
    expect(await statusOf(sub1.body.id)).toBe('closed');
    expect(await statusOf(replacing.body.id)).toBe('open');
  });
});

// GetRFQs and GetQuotes `status`: "Filter RFQs by status" / "Filter quotes by status", the values being the RFQ's and
// the Quote's status enums (open, closed; open, accepted, confirmed, executed, cancelled). The notes are silent on a
// value outside them. A careful user's likely slip is the orders' spelling, `canceled`: answered with an empty list,
// it reads as "no cancelled quotes". Refused as an order status outside its list is (GetOrders, the gateway's bare
// msg naming the parameter, notes §3.1).
describe('GetRFQs and GetQuotes status filters', () => {
  it('refuse a status outside the enum, naming it, and take every listed one', async () => {
    const { asAlice } = await twoTraders(TICKER);
    const quotes = await asAlice('GET', '/communications/quotes?status=canceled');
    expect(quotes.status).toBe(400);
    expect(quotes.body.msg).toContain('status');
    const rfqs = await asAlice('GET', '/communications/rfqs?status=opened');
    expect(rfqs.status).toBe(400);
    expect(rfqs.body.msg).toContain('status');
    for (const status of ['open', 'accepted', 'confirmed', 'executed', 'cancelled'])
      expect((await asAlice('GET', `/communications/quotes?status=${status}`)).status).toBe(200);
    for (const status of ['open', 'closed'])
      expect((await asAlice('GET', `/communications/rfqs?status=${status}`)).status).toBe(200);
  });
});

// An RFQ and a block trade name their market `market_ticker` (CreateRFQRequest, ProposeBlockTradeRequest). An unknown
// one was refused as "ticker: no market …", a field these requests do not have; errors name the field that was wrong
// (common brief). The notes record no body for an unknown market (§3.2: 404); the status stays 404 `not_found`.
describe('an unknown market_ticker', () => {
  it('is named as market_ticker by CreateRFQ and ProposeBlockTrade', async () => {
    const { alice, bob, asAlice } = await twoTraders(TICKER);
    const created = await asAlice('POST', '/communications/rfqs', {
      market_ticker: 'KXNOPE-26DEC01-T1',
      contracts_fp: '1',
      rest_remainder: false,
    });
    const proposed = await asAlice('POST', '/communications/block-trade-proposals', {
      buyer_user_id: alice.userId,
      seller_user_id: bob.userId,
      market_ticker: 'KXNOPE-26DEC01-T1',
      price_centi_cents: 4000,
      centicount: 100,
      maker_side: 'yes',
      expiration_ts: '2026-09-23T00:00:00Z',
    });
    for (const response of [created, proposed])
      expect([response.status, response.body.error]).toEqual([
        404,
        expect.objectContaining({ code: 'not_found', details: 'market_ticker: no market KXNOPE-26DEC01-T1' }),
      ]);
  });
});

// Refusals of RFQ, quote and proposal writes name the field at fault and its value, as the brief of the mock asks
// ("when unsure, refuse with a clear 400 naming the field"); the notes record no details for any of them (§3.2: the
// generic 400 invalid_parameters). Texts like "quote is accepted" or "buyer and seller must differ" left the caller to
// work out which of its fields the refusal meant.
describe('refusals of RFQ, quote and proposal writes', () => {
  async function setup() {
    const t = await twoTraders(TICKER);
    const created = await rfq(t.asAlice, { contracts_fp: '10' });
    const quoted = await t.asBob('POST', '/communications/quotes', {
      rfq_id: created.body.id,
      yes_bid: '0.4000',
      no_bid: '0.0000',
      rest_remainder: false,
    });
    return { ...t, rfqId: created.body.id as string, quoteId: quoted.body.id as string };
  }
  const proposal = (buyer: string, seller: string) => ({
    buyer_user_id: buyer,
    seller_user_id: seller,
    market_ticker: TICKER,
    price_centi_cents: 5000,
    centicount: 100,
    maker_side: 'no',
    expiration_ts: new Date(1_790_000_000_000 + 3_600_000).toISOString(),
  });

  it('name rfq_id when quoting your own RFQ', async () => {
    const { asAlice, rfqId } = await setup();
    const own = await asAlice('POST', '/communications/quotes', {
      rfq_id: rfqId,
      yes_bid: '0.4000',
      no_bid: '0.0000',
      rest_remainder: false,
    });
    expect([own.status, own.body.error.details]).toEqual([400, `rfq_id: ${rfqId} is your own RFQ`]);
  });

  it('name accepted_side when the quote has no bid against it', async () => {
    const { asAlice, rfqId, quoteId } = await setup();
    const path = `/communications/rfqs/${rfqId}/quotes/${quoteId}`;
    // The quote bids for YES only: accepting `yes` (the RFQ creator buys YES) needs a NO bid.
    const noBid = await asAlice('PUT', `${path}/accept`, { accepted_side: 'yes' });
    expect([noBid.status, noBid.body.error.details]).toEqual([
      400,
      `accepted_side: quote ${quoteId} has no bid against yes`,
    ]);
  });

  it('name quote_id when confirming a quote that is not accepted', async () => {
    const { asBob, rfqId, quoteId } = await setup();
    const confirmed = await asBob('PUT', `/communications/rfqs/${rfqId}/quotes/${quoteId}/confirm`, {});
    expect([confirmed.status, confirmed.body.error.details]).toEqual([400, `quote_id: quote ${quoteId} is open`]);
  });

  it('name seller_user_id when it is the buyer', async () => {
    const { asAlice, alice } = await setup();
    const same = await asAlice('POST', '/communications/block-trade-proposals', proposal(alice.userId, alice.userId));
    expect([same.status, same.body.error.details]).toEqual([400, 'seller_user_id: must differ from buyer_user_id']);
  });

  it('name block_trade_proposal_id when accepting a proposal past its expiration_ts', async () => {
    const { mock, asAlice, asBob, alice, bob } = await setup();
    const proposed = await asAlice('POST', '/communications/block-trade-proposals', proposal(alice.userId, bob.userId));
    const id = proposed.body.block_trade_proposal_id;
    mock.exchange.advanceTime(3_600_000);
    const late = await asBob('POST', `/communications/block-trade-proposals/${id}/accept`, {});
    expect([late.status, late.body.error.details]).toEqual([400, `block_trade_proposal_id: proposal ${id} is expired`]);
  });
});
